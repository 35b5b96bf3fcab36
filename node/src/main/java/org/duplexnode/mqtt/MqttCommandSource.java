package org.duplexnode.mqtt;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.duplexnode.ports.InputPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watch, force-listen, mute, say, context and reset commands from MQTT, validated like their ROS
 * twins (~/watch, ~/force_listen, ~/mute, ~/say, ~/context, ~/reset) and handed to the
 * {@link InputPort} as the ROS source does. Each command is answered once: a watch, mute, say,
 * context or reset by the node on the reply topic when it has applied or refused it (the watch
 * list topic shows a watch by then), a force-listen on the reply topic when handed over, and a
 * payload that cannot be read on the error topic with a reason code.
 *
 * <p>Failure: a payload too large, not JSON, of another schema version, with a bad field, or over
 * the rate limit is rejected with no effect on the node, counted by reason and logged once per
 * reason. Runs on the MQTT client's thread and never waits for the model.
 */
public final class MqttCommandSource {
  private static final Logger LOG = LoggerFactory.getLogger(MqttCommandSource.class);

  private final MqttBridge bridge;
  private final InputPort listener;
  private final LongSupplier nowNanos;
  private final CommandCodec codec;
  private final RateLimiter rate;
  private final Set<String> loggedReasons = ConcurrentHashMap.newKeySet();

  private MqttCommandSource(MqttBridge bridge, InputPort listener, LongSupplier nowNanos) {
    this.bridge = bridge;
    this.listener = listener;
    this.nowNanos = nowNanos;
    this.codec = new CommandCodec(bridge.settings().inboundMaxPayloadBytes());
    this.rate = new RateLimiter(bridge.settings().inboundMaxRate(), System::nanoTime);
  }

  /**
   * Subscribes the bridge's command topics (before the bridge starts); {@code nowNanos} (the node
   * clock) stamps force-listen, which has no stamp of its own on MQTT.
   */
  public static MqttCommandSource attach(MqttBridge bridge, InputPort listener, LongSupplier nowNanos) {
    MqttCommandSource s = new MqttCommandSource(bridge, listener, nowNanos);
    bridge.onCommands(List.of(bridge.topics().watchCommand(), bridge.topics().forceListenCommand(),
        bridge.topics().controlCommand(CommandCodec.SAY), bridge.topics().controlCommand(CommandCodec.CONTEXT),
        bridge.topics().controlCommand(CommandCodec.RESET), bridge.topics().muteCommand()), s::onMessage);
    return s;
  }

  void onMessage(String topic, byte[] payload) {
    String command = topic.substring(topic.lastIndexOf('/') + 1); // the topics subscribed are PREFIX/cmd/NAME
    try {
      if (!rate.tryAcquire()) {
        throw new CommandRejected(CommandRejected.RATE_LIMITED, "", "more than "
            + bridge.settings().inboundMaxRate() + " commands per second");
      }
      InboundCommand c = codec.decode(command, payload);
      bridge.countAccepted();
      if (c instanceof InboundCommand.Watch w) {
        listener.onWatchRequest(w.request()); // the node answers once it has added or refused it
      } else if (c instanceof InboundCommand.Control control) {
        listener.onControl(control.control()); // answered by the node
      } else if (c instanceof InboundCommand.ForceListen f) {
        listener.onForceListen(nowNanos.getAsLong(), f.reason());
        bridge.answer(bridge.topics().reply(), bridge.codec().reply(command, c.requestId()));
      } else if (c instanceof InboundCommand.Mute m) {
        listener.onMute(m.request()); // the node answers once it has applied it
      }
    } catch (CommandRejected r) {
      bridge.countRejected(r.reason());
      if (loggedReasons.add(r.reason())) {
        LOG.warn("mqtt command on {} rejected ({}): {} (further rejections for this reason are only counted)", topic,
            r.reason(), r.getMessage());
      }
      bridge.answer(bridge.topics().error(), bridge.codec().error(command, r.requestId(), r.reason(), r.getMessage()));
    }
  }
}
