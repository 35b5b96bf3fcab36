package org.duplexnode.replay;

import audio_common_msgs.msg.dds.AudioInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.MessageIterator;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.InputErrorCounter;
import org.duplexnode.ros.MessageConversions;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.RosSource;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.TopicSpec;
import org.duplexnode.ros.WireStrings;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * Replays the node's input topics from a recorded bag into the same {@link InputPort} as
 * the live node, in log-time order. Topic names are resolved like the live node's (namespace and
 * remapping), so a bag recorded on the robot replays with the robot's launch arguments.
 *
 * <p>Time: before each message the {@code clock} is set to its log time (sim time); with a rate,
 * the replay sleeps so that log time advances {@code rate} times as fast as wall time; with rate 0
 * it runs as fast as the pipeline takes it.
 *
 * <p>Failure: a message that does not decode is dropped and counted (topic, reason); a bag whose
 * topic has the right name but another type is refused before the replay starts.
 */
public final class BagSource {
  /** Progress after each message: index and total. */
  public interface Progress {
    void at(long index, long total, long logTimeNs);
  }

  private final Bag bag;
  private final InputPort listener;
  private final RosSource.Options options;
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private final InputErrorCounter errors;

  private interface Handler {
    void handle(BagMessage m) throws IOException;
  }

  public BagSource(Bag bag, InputPort listener, RosSource.Options options, Function<String, String> resolve,
                   InputErrorCounter errors) {
    this.bag = bag;
    this.listener = listener;
    this.options = options;
    this.errors = errors;
    if (options.raw()) {
      add(resolve, NodeTopics.IMAGE, m -> listener.onImage(MessageConversions.image(m, options.cameraFrame())));
    }
    if (options.compressed()) {
      add(resolve, NodeTopics.COMPRESSED_IMAGE,
          m -> listener.onCompressedImage(MessageConversions.compressed(m, options.cameraFrame())));
    }
    if (options.int16Audio()) {
      CdrCodec<Int16MultiArray> codec = new CdrCodec<>(Int16MultiArray.class);
      String topic = checkedTopic(resolve, NodeTopics.AUDIO_INT16);
      if (topic != null) {
        Int16MultiArray msg = codec.newMessage();
        handlers.put(topic, b -> {
          codec.decode(b.data(), msg);
          listener.onAudio(MessageConversions.int16Audio(msg, b.logTimeNs(), options.audioFormat().current(),
              options.microphoneFrame()));
        });
      }
    } else if (options.stampedAudio()) {
      add(resolve, NodeTopics.AUDIO_STAMPED, m -> MessageConversions.audioStamped(m, options.microphoneFrame())
          .ifPresentOrElse(listener::onAudio, () -> errors.reject(resolve.apply(NodeTopics.AUDIO_STAMPED.name()),
              "unusable AudioStamped", "format " + m.getAudio().getInfo().getFormat())));
    } else {
      add(resolve, NodeTopics.AUDIO,
          m -> listener.onAudio(MessageConversions.audio(m, options.audioFormat().current(), options.microphoneFrame())));
      add(resolve, NodeTopics.AUDIO_INFO, this::audioInfo);
    }
    if (options.farEnd()) {
      add(resolve, NodeTopics.FAR_END,
          m -> listener.onFarEnd(MessageConversions.audio(m, options.farEndFormat(), options.microphoneFrame())));
    }
    add(resolve, NodeTopics.WATCH, m -> MessageConversions.watch(m).ifPresentOrElse(listener::onWatchRequest,
        () -> errors.reject(resolve.apply(NodeTopics.WATCH.name()), "unknown watch action", "action " + m.getAction())));
    add(resolve, NodeTopics.FORCE_LISTEN,
        m -> listener.onForceListen(Stamps.toNanos(m.getHeader().getStamp()), WireStrings.decode(m.getReason())));
    add(resolve, NodeTopics.SAY, m -> MessageConversions.say(m).ifPresentOrElse(listener::onControl,
        () -> errors.reject(resolve.apply(NodeTopics.SAY.name()), "invalid say command", "mode " + m.getMode())));
    add(resolve, NodeTopics.CONTEXT, m -> MessageConversions.context(m).ifPresentOrElse(listener::onControl,
        () -> errors.reject(resolve.apply(NodeTopics.CONTEXT.name()), "invalid context command",
            "action " + m.getAction())));
    add(resolve, NodeTopics.RESET, m -> listener.onControl(MessageConversions.reset(m)));
    add(resolve, NodeTopics.MUTE, m -> listener.onMute(MessageConversions.mute(m)));
  }

  private void audioInfo(AudioInfo m) {
    String why = MessageConversions.applyAudioInfo(options.audioFormat(), m);
    if (why != null) {
      errors.reject(NodeTopics.AUDIO_INFO.name(), "unusable AudioInfo", why);
    }
  }

  private <T> void add(Function<String, String> resolve, TopicSpec<T> spec, java.util.function.Consumer<T> consumer) {
    String topic = checkedTopic(resolve, spec);
    if (topic == null) {
      return;
    }
    CdrCodec<T> codec = new CdrCodec<>(spec.type());
    T msg = codec.newMessage();
    handlers.put(topic, b -> {
      codec.decode(b.data(), msg);
      consumer.accept(msg);
    });
  }

  private String checkedTopic(Function<String, String> resolve, TopicSpec<?> spec) {
    String name = resolve.apply(spec.name());
    TopicInfo t = bag.topic(name).orElse(null);
    if (t == null) {
      return null;
    }
    if (!t.type().equals(spec.rosType())) {
      throw new IllegalArgumentException("bag topic " + name + " is " + t.type() + ", the node reads "
          + spec.rosType() + " there (remap the topic with --ros-args -r)");
    }
    return name;
  }

  /** The bag topics this replay reads, with their types. */
  public Map<String, String> inputs() {
    Map<String, String> out = new HashMap<>();
    handlers.keySet().forEach(t -> out.put(t, bag.topic(t).map(TopicInfo::type).orElse("?")));
    return out;
  }

  /**
   * Replays every input message.
   *
   * @param rate 1.0 for real time, 2.0 for twice as fast, 0 for as fast as possible
   * @param clock receives each message's log time before the message is delivered
   */
  public long replay(double rate, LongConsumer clock, Progress progress) throws IOException, InterruptedException {
    return replay(rate, clock, progress, m -> { });
  }

  /** As {@link #replay(double, LongConsumer, Progress)}, also handing every replayed message to {@code used}. */
  public long replay(double rate, LongConsumer clock, Progress progress, java.util.function.Consumer<BagMessage> used)
      throws IOException, InterruptedException {
    long total = handlers.keySet().stream().mapToLong(t -> bag.topic(t).map(TopicInfo::messageCount).orElse(0L)).sum();
    long index = 0;
    long firstLog = Long.MIN_VALUE;
    long wallStart = System.nanoTime();
    try (MessageIterator it = bag.messages(handlers.keySet())) {
      while (it.hasNext()) {
        BagMessage m = it.next();
        if (firstLog == Long.MIN_VALUE) {
          firstLog = m.logTimeNs();
        }
        if (rate > 0) {
          long due = wallStart + (long) ((m.logTimeNs() - firstLog) / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        clock.accept(m.logTimeNs());
        used.accept(m);
        try {
          handlers.get(m.topic()).handle(m);
        } catch (IOException | RuntimeException e) {
          errors.reject(m.topic(), "undecodable message", e.getMessage());
        }
        progress.at(++index, total, m.logTimeNs());
      }
    }
    return index;
  }
}
