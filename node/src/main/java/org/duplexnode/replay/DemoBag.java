package org.duplexnode.replay;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.WatchCommand;
import java.io.IOException;
import java.nio.file.Path;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.QosProfiles;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.Stamps;
import org.duplexnode.ros.TopicSpec;
import sensor_msgs.msg.dds.Image;

/**
 * Writes the demo's sample bag, as a robot would have recorded it: a camera watching a traffic
 * light that turns from red to green, a user asking (spoken by espeak-ng) to be told when it does,
 * a behaviour adding that watch, and a force-listen near the end. Its twin
 * ({@link Light#STAYS_RED}) is the same bag in which the light never changes.
 *
 * <pre>
 *   /camera/image_raw          sensor_msgs/Image 320x240 rgb8, 2 Hz; the light turns green at {@link #GREEN_AT_S}
 *   /audio/in                  audio_common_msgs/AudioDataStamped, 16 kHz S16LE mono, 100 ms messages
 *   /audio/in/info             audio_common_msgs/AudioInfo, once at the start
 *   /duplex_node/watch         duplex_msgs/WatchCommand ADD "green", at 0.5 s
 *   /duplex_node/force_listen  duplex_msgs/ForceListen, at {@link #FORCE_LISTEN_AT_S}
 * </pre>
 */
public final class DemoBag {
  public static final double GREEN_AT_S = 9.0;
  public static final double FORCE_LISTEN_AT_S = 4.5;
  static final int WIDTH = 320;
  static final int HEIGHT = 240;
  static final long START_NS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

  /** What the traffic light does in the bag. */
  public enum Light {
    TURNS_GREEN, STAYS_RED
  }

  private DemoBag() {}

  /** The demo bag, in which the light turns green at {@link #GREEN_AT_S}. */
  public static void write(Path folder, short[] speech, double speechAtS, double durationS) throws IOException {
    write(folder, speech, speechAtS, durationS, Light.TURNS_GREEN);
  }

  /**
   * @param speech 16 kHz mono samples of the user's question
   * @param speechAtS when the question starts
   * @param durationS length of the bag
   * @param light whether the light turns green at {@link #GREEN_AT_S} or stays red throughout
   */
  public static void write(Path folder, short[] speech, double speechAtS, double durationS, Light light)
      throws IOException {
    try (RosbagWriter w = RosbagWriter.create(folder, RosbagWriterOptions.defaults())) {
      Topic<Image> cam = new Topic<>(w, "/camera/image_raw", Image.class, "best_effort", "volatile");
      Topic<AudioDataStamped> mic = new Topic<>(w, "/audio/in", AudioDataStamped.class, "best_effort", "volatile");
      Topic<AudioInfo> info = new Topic<>(w, "/audio/in/info", AudioInfo.class, "reliable", "transient_local");
      Topic<WatchCommand> watch = new Topic<>(w, "/duplex_node/watch", WatchCommand.class, "reliable", "volatile");
      Topic<ForceListen> stop = new Topic<>(w, "/duplex_node/force_listen", ForceListen.class, "reliable", "volatile");

      AudioInfo ai = new AudioInfo();
      ai.setChannels((byte) 1);
      ai.setSampleRate(16000);
      ai.setSampleFormat("S16LE");
      ai.setCodingFormat("wave");
      ai.setBitrate(256000);
      info.write(ai, START_NS);

      int speechStart = (int) Math.round(speechAtS * 16000);
      long totalSamples = Math.round(durationS * 16000);
      long nextFrameNs = START_NS;
      boolean watchSent = false;
      boolean stopSent = false;
      for (long s = 0; s < totalSamples; s += 1600) {
        long t = START_NS + s * 62_500L;
        while (nextFrameNs <= t) {
          cam.write(frame(nextFrameNs, light), nextFrameNs);
          nextFrameNs += 500_000_000L;
        }
        if (!watchSent && t >= START_NS + 500_000_000L) {
          WatchCommand c = new WatchCommand();
          c.setRequestId("demo-watch");
          c.setAction(WatchCommand.ADD);
          c.setWatchId("green");
          c.setCondition("tell me when the traffic light turns green");
          watch.write(c, t);
          watchSent = true;
        }
        if (!stopSent && t >= START_NS + (long) (FORCE_LISTEN_AT_S * 1e9)) {
          ForceListen f = new ForceListen();
          Stamps.set(f.getHeader().getStamp(), t);
          f.setReason("demo: a behaviour asks the robot to stop talking");
          stop.write(f, t);
          stopSent = true;
        }
        short[] block = new short[1600];
        for (int i = 0; i < block.length; i++) {
          int k = (int) (s + i) - speechStart;
          block[i] = k >= 0 && k < speech.length ? speech[k] : 0;
        }
        mic.write(audio(t, "microphone_link", block), t);
      }
    }
  }

  /**
   * The audio of an existing demo bag from {@code speechAtS} to its end (its /audio/in, 16 kHz
   * S16LE mono): the question exactly as that bag has it, so that a twin bag can be written with
   * the same speech whatever the installed text-to-speech would say today.
   */
  public static short[] speechOf(Path bag, double speechAtS) throws IOException {
    return audioOf(bag, "/audio/in", START_NS + Math.round(speechAtS * 1e9));
  }

  /** The S16LE mono samples of an AudioDataStamped {@code topic} logged from {@code fromNs} on, in log order. */
  static short[] audioOf(Path bag, String topic, long fromNs) throws IOException {
    java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
    CdrCodec<AudioDataStamped> codec = new CdrCodec<>(AudioDataStamped.class);
    AudioDataStamped msg = codec.newMessage();
    try (org.duplexnode.bag.Bag b = org.duplexnode.bag.Bag.open(bag)) {
      for (var it = b.messages(java.util.Set.of(topic)); it.hasNext(); ) {
        org.duplexnode.bag.BagMessage m = it.next();
        if (m.logTimeNs() < fromNs) {
          continue;
        }
        codec.decode(m.data(), msg);
        pcm.writeBytes(msg.getAudio().getData().copyArray());
      }
    }
    return samples(pcm.toByteArray());
  }

  /** S16LE bytes as samples. */
  static short[] samples(byte[] s16le) {
    short[] s = new short[s16le.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) ((s16le[2 * i] & 0xff) | (s16le[2 * i + 1] << 8));
    }
    return s;
  }

  /** A traffic light on a grey street: the top lamp lit (red) before the change, the bottom one (green) after. */
  static Image frame(long stampNs, Light light) {
    boolean green = light == Light.TURNS_GREEN && stampNs >= START_NS + (long) (GREEN_AT_S * 1e9);
    byte[] px = new byte[WIDTH * HEIGHT * 3];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int r = 120;
        int g = 130;
        int b = 140;
        if (x >= 130 && x < 190 && y >= 30 && y < 210) {
          r = g = b = 25; // the light's housing
          int cy = green ? 170 : 70;
          int dx = x - 160;
          int dy = y - cy;
          if (dx * dx + dy * dy < 22 * 22) {
            r = green ? 30 : 240;
            g = green ? 220 : 30;
            b = 40;
          }
        }
        int i = (y * WIDTH + x) * 3;
        px[i] = (byte) r;
        px[i + 1] = (byte) g;
        px[i + 2] = (byte) b;
      }
    }
    Image img = new Image();
    Stamps.set(img.getHeader().getStamp(), stampNs);
    img.getHeader().setFrameId("camera_color_optical_frame");
    img.setWidth(WIDTH);
    img.setHeight(HEIGHT);
    img.setEncoding("rgb8");
    img.setStep(WIDTH * 3);
    img.getData().add(px);
    return img;
  }

  /** An AudioDataStamped of S16LE mono {@code samples}, stamped {@code stampNs}. */
  static AudioDataStamped audio(long stampNs, String frameId, short[] samples) {
    return audio(stampNs, frameId, s16le(samples));
  }

  /** Samples as S16LE bytes. */
  static byte[] s16le(short[] samples) {
    byte[] pcm = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      pcm[2 * i] = (byte) samples[i];
      pcm[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return pcm;
  }

  /** An AudioDataStamped of {@code s16le} bytes as they are, stamped {@code stampNs}. */
  static AudioDataStamped audio(long stampNs, String frameId, byte[] s16le) {
    AudioDataStamped a = new AudioDataStamped();
    Stamps.set(a.getHeader().getStamp(), stampNs);
    a.getHeader().setFrameId(frameId);
    a.getAudio().getData().add(s16le);
    return a;
  }

  /** One topic of a bag being written (its QoS as a recorder would note it). */
  static final class Topic<T> {
    private final RosbagWriter writer;
    private final String name;
    private final CdrCodec<T> codec;

    Topic(RosbagWriter writer, String name, Class<T> type, String reliability, String durability) throws IOException {
      this.writer = writer;
      this.name = name;
      this.codec = new CdrCodec<>(type);
      String rosType = TopicSpec.of(name, type, org.duplexnode.ros.QosProfile.RELIABLE).rosType();
      writer.addTopic(new TopicInfo(name, rosType, "cdr", 0, QosProfiles.keepLast(10, reliability, durability), ""),
          new MessageDefinition(rosType, "ros2msg", MessageSchemas.of(rosType)));
    }

    void write(T message, long logNs) throws IOException {
      writer.write(name, logNs, logNs, codec.encode(message));
    }
  }
}
