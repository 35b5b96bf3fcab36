package org.duplexnode.mqtt;

import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.WatchRequest;

/** A command taken from MQTT and validated ({@link CommandCodec}); {@code requestId} is echoed in the reply. */
public sealed interface InboundCommand {
  String requestId();

  /** The command's name in replies: "watch", "force_listen", "mute", "say", "context" or "reset". */
  String name();

  record Watch(String requestId, WatchRequest request) implements InboundCommand {
    @Override
    public String name() {
      return CommandCodec.WATCH;
    }
  }

  /** A say, context or reset: the node answers it once applied or refused. */
  record Control(ConversationControl control) implements InboundCommand {
    @Override
    public String requestId() {
      return control.requestId();
    }

    @Override
    public String name() {
      return control.command();
    }
  }

  record Mute(String requestId, MuteRequest request) implements InboundCommand {
    @Override
    public String name() {
      return CommandCodec.MUTE;
    }
  }

  record ForceListen(String requestId, String reason) implements InboundCommand {
    @Override
    public String name() {
      return CommandCodec.FORCE_LISTEN;
    }
  }
}
