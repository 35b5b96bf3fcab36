package org.duplexnode.mqtt;

import org.duplexnode.ports.WatchRequest;

/** A command taken from MQTT and validated ({@link CommandCodec}); {@code requestId} is echoed in the reply. */
public sealed interface InboundCommand {
  String requestId();

  /** The command's name in replies: "watch" or "force_listen". */
  String name();

  record Watch(String requestId, WatchRequest request) implements InboundCommand {
    @Override
    public String name() {
      return CommandCodec.WATCH;
    }
  }

  record ForceListen(String requestId, String reason) implements InboundCommand {
    @Override
    public String name() {
      return CommandCodec.FORCE_LISTEN;
    }
  }
}
