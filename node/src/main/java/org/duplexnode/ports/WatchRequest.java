package org.duplexnode.ports;

/**
 * A behaviour's request to add, remove or clear watches (duplex_msgs/WatchCommand).
 *
 * @param requestId chosen by the sender, echoed in the {@link CommandReply}; may be empty
 * @param expireAfterS seconds until the watch expires; 0 = never
 */
public record WatchRequest(String requestId, Action action, String watchId, String condition, double expireAfterS, boolean once) {
  public enum Action { ADD, REMOVE, CLEAR }
}
