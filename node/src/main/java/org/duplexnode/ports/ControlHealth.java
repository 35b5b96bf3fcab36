package org.duplexnode.ports;

import java.util.Map;
import java.util.TreeMap;

/**
 * The conversation controls for /diagnostics: whether the node is muted, and the behaviours'
 * commands answered so far, by command name, accepted and refused.
 *
 * @param accepted command name to the number of its replies that accepted it
 * @param refused command name to the number of its replies that refused it
 */
public record ControlHealth(boolean muted, Map<String, Long> accepted, Map<String, Long> refused) {
  public ControlHealth {
    accepted = Map.copyOf(accepted);
    refused = Map.copyOf(refused);
  }

  /** As a status named "conversation control": OK, the message says whether the node is muted. */
  public StatusReport report() {
    StatusReport.Builder b = new StatusReport.Builder().add("muted", muted);
    Map<String, Long> all = new TreeMap<>();
    accepted.keySet().forEach(c -> all.put(c, 0L));
    refused.keySet().forEach(c -> all.put(c, 0L));
    for (String command : all.keySet()) {
      b.add(command + " accepted", accepted.getOrDefault(command, 0L));
      b.add(command + " refused", refused.getOrDefault(command, 0L));
    }
    return b.build("conversation control", "", StatusReport.Level.OK,
        muted ? "muted: neither listening nor speaking" : "not muted");
  }
}
