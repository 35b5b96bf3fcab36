package org.duplexnode.ports;

/**
 * A behaviour's request to mute or unmute the node (duplex_msgs/Mute): muted, the node neither
 * listens nor speaks until unmuted.
 *
 * @param requestId chosen by the sender, echoed in the {@link CommandReply}; may be empty
 * @param muted true to mute, false to unmute
 */
public record MuteRequest(String requestId, boolean muted) {}
