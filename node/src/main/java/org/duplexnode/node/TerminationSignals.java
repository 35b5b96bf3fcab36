package org.duplexnode.node;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Takes SIGTERM and SIGINT from the JVM for as long as a run needs to stop in its own order, and
 * gives them back after. {@code sun.misc.Signal} (module jdk.unsupported) is the only way in the
 * JDK to do so; where it is refused (for example under {@code -Xrs}) the JVM's default stays and
 * the run's shutdown hook is the fallback.
 */
public final class TerminationSignals {
  private record Previous(Signal signal, SignalHandler handler) {}

  private final List<Previous> previous;

  private TerminationSignals(List<Previous> previous) {
    this.previous = previous;
  }

  /** From now on SIGTERM and SIGINT call {@code stop} (on a signal thread) instead of exiting. */
  public static TerminationSignals handle(Runnable stop) {
    return handleByName(name -> stop.run());
  }

  /** As {@link #handle(Runnable)}, telling {@code stop} the signal's name ("TERM" or "INT"). */
  public static TerminationSignals handleByName(java.util.function.Consumer<String> stop) {
    List<Previous> previous = new ArrayList<>();
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal signal = new Signal(name);
        previous.add(new Previous(signal, Signal.handle(signal, s -> stop.accept(name))));
      } catch (IllegalArgumentException | IllegalStateException refused) {
        // the JVM keeps this signal; the shutdown hook covers it
      }
    }
    return new TerminationSignals(previous);
  }

  /** Puts back the handlers that were there before. */
  public void restore() {
    for (Previous p : previous) {
      Signal.handle(p.signal(), p.handler());
    }
  }
}
