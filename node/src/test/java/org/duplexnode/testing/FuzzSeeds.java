package org.duplexnode.testing;

import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import audio_common_msgs.msg.dds.AudioStamped;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.WatchCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.QosProfiles;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;
import org.duplexnode.bag.mcap.McapBombs;
import org.duplexnode.bag.mcap.McapCompression;
import org.duplexnode.bag.mcap.McapDamage;
import org.duplexnode.bag.mcap.McapWriter;
import org.duplexnode.bag.mcap.McapWriterOptions;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.MessageSchemas;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.TopicSpec;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import rosgraph_msgs.msg.dds.Clock;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * Writes the seed inputs of the fuzz targets (small valid inputs; the committed regression
 * corpus starts from them). Run from the node module:
 * {@code java -cp ... org.duplexnode.testing.FuzzSeeds src/test/resources}. The bag library's
 * seeds go to its own module (they are written here because they hold the node's topics).
 */
public final class FuzzSeeds {
  private static final Path BAG_RESOURCES = Path.of("../bag/src/test/resources");
  private static final Path RECORDED = BAG_RESOURCES.resolve("rosbag2");
  private final Path root;

  private FuzzSeeds(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws IOException {
    FuzzSeeds seeds = new FuzzSeeds(Path.of(args[0]).resolve("org/duplexnode"));
    seeds.cdr();
    seeds.bags();
    seeds.images();
    seeds.audio();
    seeds.parameters();
  }

  private Path dir(String pkg, String test, String method) throws IOException {
    return Files.createDirectories(root.resolve(pkg).resolve(test + "Inputs").resolve(method));
  }

  private void cdr() throws IOException {
    Path out = dir("ros", "CdrFuzzTest", "decodesSubscribedTypes");
    List<TopicSpec<?>> inputs = NodeTopics.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      byte[] cdr = encode(inputs.get(i).type(), sample(inputs.get(i).type()));
      ByteBuffer b = ByteBuffer.allocate(cdr.length + 1).put((byte) i).put(cdr);
      Files.write(out.resolve("seed-" + inputs.get(i).type().getSimpleName()), b.array());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encode(Class<T> type, Object message) throws IOException {
    return new CdrCodec<>(type).encode((T) message);
  }

  private static Object sample(Class<?> type) {
    if (type == Image.class) {
      Image m = new Image();
      m.getHeader().setFrameId("camera");
      m.setWidth(4);
      m.setHeight(2);
      m.setEncoding("rgb8");
      m.setStep(12);
      for (int i = 0; i < 24; i++) {
        m.getData().add((byte) (i * 10));
      }
      return m;
    } else if (type == CompressedImage.class) {
      CompressedImage m = new CompressedImage();
      m.setFormat("jpeg");
      for (byte b : new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9}) {
        m.getData().add(b);
      }
      return m;
    } else if (type == AudioDataStamped.class) {
      AudioDataStamped m = new AudioDataStamped();
      for (int i = 0; i < 64; i++) {
        m.getAudio().getData().add((byte) i);
      }
      return m;
    } else if (type == AudioStamped.class) {
      AudioStamped m = new AudioStamped();
      m.getAudio().getInfo().setFormat(8);
      m.getAudio().getInfo().setChannels(1);
      m.getAudio().getInfo().setRate(16000);
      for (int i = 0; i < 32; i++) {
        m.getAudio().getAudioData().getInt16Data().add((short) (i * 100));
      }
      return m;
    } else if (type == Int16MultiArray.class) {
      Int16MultiArray m = new Int16MultiArray();
      for (int i = 0; i < 32; i++) {
        m.getData().add((short) (i * 100));
      }
      return m;
    } else if (type == AudioInfo.class) {
      AudioInfo m = new AudioInfo();
      m.setChannels((byte) 1);
      m.setSampleRate(16000);
      m.setSampleFormat("S16LE");
      m.setCodingFormat("wave");
      return m;
    } else if (type == WatchCommand.class) {
      WatchCommand m = new WatchCommand();
      m.setAction(WatchCommand.ADD);
      m.setWatchId("door");
      m.setCondition("tell me when the door opens");
      m.setExpireAfterS(60);
      return m;
    } else if (type == ForceListen.class) {
      ForceListen m = new ForceListen();
      m.setReason("button");
      return m;
    } else if (type == duplex_msgs.msg.dds.Say.class) {
      duplex_msgs.msg.dds.Say m = new duplex_msgs.msg.dds.Say();
      m.setRequestId("s1");
      m.setText("Hello Ana, your parcel is here.");
      m.setMode(duplex_msgs.msg.dds.Say.INTERRUPT);
      return m;
    } else if (type == duplex_msgs.msg.dds.Context.class) {
      duplex_msgs.msg.dds.Context m = new duplex_msgs.msg.dds.Context();
      m.setRequestId("c1");
      m.setAction(duplex_msgs.msg.dds.Context.ADD);
      m.setContextId("name");
      m.setText("The user's name is Ana.");
      return m;
    } else if (type == duplex_msgs.msg.dds.Reset.class) {
      duplex_msgs.msg.dds.Reset m = new duplex_msgs.msg.dds.Reset();
      m.setRequestId("r1");
      m.setKeepWatches(true);
      return m;
    } else if (type == Mute.class) {
      Mute m = new Mute();
      m.setRequestId("m1");
      m.setMuted(true);
      return m;
    } else if (type == Clock.class) {
      Clock m = new Clock();
      m.getClock().setSec(100);
      return m;
    }
    throw new IllegalArgumentException(type.getName());
  }

  private static Path bagDir(String method) throws IOException {
    return Files.createDirectories(BAG_RESOURCES.resolve("org/duplexnode/bag/BagFuzzTestInputs").resolve(method));
  }

  private void bags() throws IOException {
    Path mcap = bagDir("mcapFiles");
    Files.copy(RECORDED.resolve("mcap/talker/talker.mcap"), mcap.resolve("seed-talker.mcap"), REPLACE_EXISTING);
    Files.copy(RECORDED.resolve("mcap/cdr_test/cdr_test_0.mcap"), mcap.resolve("seed-cdr_test.mcap"), REPLACE_EXISTING);
    for (McapCompression c : McapCompression.values()) {
      Path tmp = Files.createTempDirectory("seed-bag");
      Path folder = tmp.resolve("bag");
      var options = RosbagWriterOptions.defaults()
          .withMcap(McapWriterOptions.defaults().withCompression(c).withChunkSize(256));
      try (RosbagWriter w = RosbagWriter.create(folder, options)) {
        for (TopicSpec<?> t : List.of(NodeTopics.AUDIO_INFO, NodeTopics.WATCH, NodeTopics.CLOCK)) {
          String name = "/" + t.name().replace("~/", "duplex_node/");
          w.addTopic(new TopicInfo(name, t.rosType(), "cdr", 0, QosProfiles.keepLast(10, "reliable", "volatile"), ""),
              new MessageDefinition(t.rosType(), "ros2msg", MessageSchemas.of(t.rosType())));
          for (int i = 0; i < 3; i++) {
            w.write(name, 1_000_000_000L * (i + 1), 1_000_000_000L * (i + 1), encode(t.type(), sample(t.type())));
          }
        }
      }
      try (var files = Files.list(folder)) {
        Path file = files.filter(p -> p.toString().endsWith(".mcap")).findFirst().orElseThrow();
        Files.copy(file, mcap.resolve("seed-node-" + c.name().toLowerCase() + ".mcap"), REPLACE_EXISTING);
      }
    }
    mcapDamage(mcap);
    Path db3 = bagDir("sqliteFiles");
    Files.copy(RECORDED.resolve("sqlite3/talker/talker.db3"), db3.resolve("seed-talker.db3"), REPLACE_EXISTING);
  }

  /**
   * Damaged and hostile MCAP shapes: zstd bombs (a chunk of a few kilobytes declaring 64 MB, with
   * and without a summary) and chunks damaged three ways (a flipped byte, a wrong CRC, a wrong
   * declared size) in a file whose summary is intact.
   */
  public static void mcapDamage(Path mcap) throws IOException {
    McapBombs.zstdBomb(mcap.resolve("seed-zstd-bomb.mcap"), "/bomb", "std_msgs/msg/String", "string data",
        64_000_000L, true);
    McapBombs.zstdBomb(mcap.resolve("seed-zstd-bomb-unindexed.mcap"), "/bomb", "std_msgs/msg/String",
        "string data", 64_000_000L, false);
    for (McapDamage.Kind kind : McapDamage.Kind.values()) {
      Path file = mcap.resolve("seed-damaged-" + kind.name().toLowerCase().replace('_', '-') + ".mcap");
      try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults().withChunkSize(256))) {
        int schema = w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes(StandardCharsets.UTF_8));
        int channel = w.addChannel(schema, "/chatter", "cdr", java.util.Map.of());
        for (int i = 0; i < 30; i++) {
          w.writeMessage(channel, i, 1_000L + i, 1_000L + i, ("hello " + i).getBytes(StandardCharsets.UTF_8));
        }
      }
      McapDamage.damage(file, McapDamage.chunkOffsets(file).get(1), kind);
    }
  }

  private void images() throws IOException {
    org.bytedeco.javacpp.Loader.load(org.bytedeco.opencv.opencv_java.class);
    Path raw = dir("ingest/image", "ImageFuzzTest", "rawFrames");
    int[][] geometry = {{0, 3}, {1, 3}, {2, 4}, {4, 1}, {5, 2}, {6, 2}, {8, 2}, {10, 1}};
    for (int[] g : geometry) {
      int w = 8;
      int h = 4;
      int step = w * g[1];
      int size = g[0] == 10 ? step * h * 3 / 2 : step * h;
      ByteBuffer b = ByteBuffer.allocate(10 + size).put((byte) g[0]).put((byte) 0).putShort((short) w)
          .putShort((short) h).putInt(step);
      for (int i = 0; i < size; i++) {
        b.put((byte) (i * 7));
      }
      Files.write(raw.resolve("seed-encoding-" + g[0]), b.array());
    }
    Path compressed = dir("ingest/image", "ImageFuzzTest", "compressedFrames");
    Mat image = new Mat(12, 16, CvType.CV_8UC3, new Scalar(30, 120, 220));
    for (String ext : List.of(".jpg", ".png")) {
      MatOfByte encoded = new MatOfByte();
      Imgcodecs.imencode(ext, image, encoded);
      byte[] data = encoded.toArray();
      ByteBuffer b = ByteBuffer.allocate(data.length + 1).put((byte) (ext.equals(".jpg") ? 0 : 1)).put(data);
      Files.write(compressed.resolve("seed" + ext), b.array());
    }
  }

  private void audio() throws IOException {
    Path out = dir("ingest/audio", "AudioFuzzTest", "messageSequences");
    // 100 ms of 16 kHz mono S16LE, then 48 kHz stereo F32LE with a gap, then a stamp going back.
    ByteBuffer b = ByteBuffer.allocate(16384);
    record(b, 0, 1, 16000, 0, 3200);
    record(b, 0, 1, 16000, 100_000, 3200);
    record(b, 2, 2, 48000, 300_000, 960);
    record(b, 1, 1, 44100, -500_000, 400);
    Files.write(out.resolve("seed-sequence"), java.util.Arrays.copyOf(b.array(), b.position()));
  }

  private static void record(ByteBuffer b, int format, int channels, int rate, int stepMicros, int bytes) {
    b.put((byte) format).put((byte) channels).putInt(rate).putInt(stepMicros).putShort((short) bytes);
    for (int i = 0; i < bytes; i++) {
      b.put((byte) (i * 13));
    }
  }

  private void parameters() throws IOException {
    Path files = dir("config", "ParameterFuzzTest", "parameterFiles");
    Files.copy(Path.of("../launch/duplex_node.params.yaml"), files.resolve("seed-params.yaml"), REPLACE_EXISTING);
    Path args = dir("config", "ParameterFuzzTest", "rosArguments");
    Files.writeString(args.resolve("seed-remaps"), String.join("\n", "-r", "__ns:=/robot", "-r",
        "duplex_node:camera/image_raw:=/cam/front", "-r", "__node:=talker", "-p", "audio.sample_rate:=48000",
        "-p", "session.queue_capacity:=4", "--log-level", "debug"), StandardCharsets.UTF_8);
  }
}
