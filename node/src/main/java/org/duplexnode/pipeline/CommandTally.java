package org.duplexnode.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputEvent;

/**
 * Counts the node's replies by command, accepted and refused, as they are published: every
 * command is answered exactly once, so the replies are the count of commands. Any thread (the
 * ingest thread answers commands, the model thread may too).
 */
final class CommandTally implements Consumer<OutputEvent> {
  private final Map<String, LongAdder> accepted = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

  @Override
  public void accept(OutputEvent e) {
    if (e instanceof CommandReply r) {
      (r.accepted() ? accepted : refused).computeIfAbsent(r.command(), c -> new LongAdder()).increment();
    }
  }

  Map<String, Long> accepted() {
    return snapshot(accepted);
  }

  Map<String, Long> refused() {
    return snapshot(refused);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((c, n) -> out.put(c, n.sum()));
    return out;
  }
}
