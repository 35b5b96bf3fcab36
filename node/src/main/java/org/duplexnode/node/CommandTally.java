package org.duplexnode.node;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.StatusReport;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.WatchListChanged;

/**
 * Counts the answers to behaviours' commands, by command and outcome, from the replies the node
 * sends (whatever transport the command came on), for the "commands" status on /diagnostics:
 * WARN while the last command was refused, with its reason.
 */
public final class CommandTally implements OutputPort, Supplier<StatusReport> {
  private final Map<String, long[]> counts = new TreeMap<>();
  private CommandReply last;

  @Override
  public synchronized void reply(CommandReply reply) {
    counts.computeIfAbsent(reply.command(), c -> new long[2])[reply.accepted() ? 0 : 1]++;
    last = reply;
  }

  @Override
  public synchronized StatusReport get() {
    StatusReport.Builder b = new StatusReport.Builder();
    counts.forEach((command, n) -> b.add(command + " accepted", n[0]).add(command + " refused", n[1]));
    if (last == null) {
      return b.build("commands", "", StatusReport.Level.OK, "no command yet");
    }
    b.add("last", last.command() + " " + last.requestId() + (last.accepted() ? " accepted" : " refused: "
        + last.reason()));
    return last.accepted()
        ? b.build("commands", "", StatusReport.Level.OK, "last command accepted")
        : b.build("commands", "", StatusReport.Level.WARN, "last command refused (" + last.reason() + "): "
            + last.message());
  }

  /** Accepted and refused answers to {@code command} so far. */
  public synchronized long[] counts(String command) {
    return counts.getOrDefault(command, new long[2]).clone();
  }

  @Override public void speech(SpeechChunk chunk) { }
  @Override public void transcript(TranscriptUpdate update) { }
  @Override public void proactive(ProactiveAlert alert) { }
  @Override public void state(StateUpdate update) { }
  @Override public void watches(WatchListChanged change) { }
}
