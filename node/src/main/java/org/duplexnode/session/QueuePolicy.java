package org.duplexnode.session;

/** What a full {@link UnitQueue} does with a new unit. */
public enum QueuePolicy {
  /** Live: discard the oldest queued unit (counted) and never make the producer wait; latency stays bounded. */
  DROP_OLDEST,
  /** Replay: the producer waits for space; nothing is lost and the run is deterministic. */
  BLOCK
}
