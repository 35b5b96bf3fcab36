package org.duplexnode.ports;

/**
 * A record of a run as the core sees it: every output event (as an {@link OutputPort}), and each
 * processed unit and force-listen command. A replay's report and scenario checks are made from it.
 */
public interface RunLog extends OutputPort {
  void unit(UnitRecord unit);

  /** A force-listen command, at its input time. */
  void forceListen(long stampNs);
}
