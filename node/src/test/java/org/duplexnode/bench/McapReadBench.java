package org.duplexnode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.MessageDefinition;
import org.duplexnode.bag.MessageIterator;
import org.duplexnode.bag.QosProfiles;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.bag.TopicInfo;

/**
 * MCAP reading, the node's reader against Foxglove's @mcap/core (Node.js, the reader a robot
 * builder would otherwise script with) on the same files in one run: a synthetic bag of 1080p
 * rgb8 camera frames at 30 Hz and 100 Hz audio (zstd chunks, as rosbag2 writes), and the real
 * rosbag2 recordings. Each side reads every message with its payload; best of three runs.
 * Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl node -am test-compile exec:exec@mcap-bench "-DmcapBench=MEGABYTES"}
 */
public final class McapReadBench {
  private static final int RUNS = 3;

  private McapReadBench() {}

  public static void main(String[] args) throws Exception {
    long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 256;
    Path base = Path.of(System.getProperty("basedir", "."));
    Path work = Files.createTempDirectory("mcap-bench");
    Path js = work.resolve("js");
    Files.createDirectories(js);
    for (String f : List.of("package.json", "package-lock.json", "bench_read.mjs")) {
      Files.copy(base.resolve("src/test/js").resolve(f), js.resolve(f));
    }
    run(js, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");

    List<Path> files = new ArrayList<>();
    files.add(synthetic(work.resolve("synthetic"), megabytes));
    Path recorded = base.resolve("../bag/src/test/resources/rosbag2/mcap");
    for (String b : List.of("wbag/wbag_0.mcap", "talker/talker.mcap", "cdr_test/cdr_test_0.mcap")) {
      if (Files.exists(recorded.resolve(b))) {
        files.add(recorded.resolve(b));
      }
    }
    System.out.println("| file | size (MB) | messages | node reader (MB/s, msg/s) | @mcap/core (MB/s, msg/s) | ratio |");
    System.out.println("|---|---|---|---|---|---|");
    for (Path f : files) {
      double[] java = best(() -> readJava(f));
      double[] foxglove = best(() -> readFoxglove(js, f));
      double mb = java[1] / 1e6;
      System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %.0f, %.0f | %.0f, %.0f | %.2f |%n",
          f.getFileName(), Files.size(f) / 1e6, (long) java[0], mb / java[2], java[0] / java[2],
          foxglove[1] / 1e6 / foxglove[2], foxglove[0] / foxglove[2], foxglove[2] / java[2]);
    }
  }

  interface Read {
    double[] run() throws Exception;
  }

  /** {messages, payload bytes, seconds} of the fastest of {@link #RUNS} runs. */
  static double[] best(Read r) throws Exception {
    double[] best = null;
    for (int i = 0; i < RUNS; i++) {
      double[] x = r.run();
      if (best == null || x[2] < best[2]) {
        best = x;
      }
    }
    return best;
  }

  static double[] readJava(Path file) throws IOException {
    long t0 = System.nanoTime();
    long n = 0;
    long bytes = 0;
    try (Bag bag = Bag.open(file); MessageIterator it = bag.messages()) {
      while (it.hasNext()) {
        BagMessage m = it.next();
        n++;
        bytes += m.data().length;
      }
    }
    return new double[] {n, bytes, (System.nanoTime() - t0) / 1e9};
  }

  static double[] readFoxglove(Path js, Path file) throws Exception {
    String out = run(js, "node", "bench_read.mjs", file.toString());
    String json = out.strip();
    double messages = Double.parseDouble(json.replaceAll(".*\"messages\":(\\d+).*", "$1"));
    double bytes = Double.parseDouble(json.replaceAll(".*\"bytes\":(\\d+).*", "$1"));
    double seconds = Double.parseDouble(json.replaceAll(".*\"seconds\":([0-9.eE+-]+).*", "$1"));
    return new double[] {messages, bytes, seconds};
  }

  /** A bag of 1080p rgb8 frames (30 Hz) and 16 kHz audio (100 Hz) holding about {@code megabytes} of payload. */
  static Path synthetic(Path folder, long megabytes) throws IOException {
    int frameBytes = 1920 * 1080 * 3;
    SplittableRandom random = new SplittableRandom(7);
    byte[] frame = new byte[frameBytes];
    try (RosbagWriter w = RosbagWriter.create(folder, RosbagWriterOptions.defaults())) {
      String qos = QosProfiles.keepLast(5, "best_effort", "volatile");
      w.addTopic(new TopicInfo("/camera/image_raw", "sensor_msgs/msg/Image", "cdr", 0, qos, ""),
          new MessageDefinition("sensor_msgs/msg/Image", "ros2msg", ""));
      w.addTopic(new TopicInfo("/audio/in", "audio_common_msgs/msg/AudioDataStamped", "cdr", 0, qos, ""),
          new MessageDefinition("audio_common_msgs/msg/AudioDataStamped", "ros2msg", ""));
      long written = 0;
      long t = 1_767_225_600_000_000_000L;
      for (int i = 0; written < megabytes * 1_000_000L; i++) {
        // A camera-like frame: smooth gradient plus sensor noise, so zstd works about as hard as on real video.
        for (int p = 0; p < frameBytes; p++) {
          frame[p] = (byte) (((p / 3) % 1920 + i) / 8 + random.nextInt(4));
        }
        w.write("/camera/image_raw", t, t, frame);
        written += frameBytes;
        for (int a = 0; a < 3; a++) {
          byte[] audio = new byte[320];
          random.nextBytes(audio);
          w.write("/audio/in", t + a * 10_000_000L, t + a * 10_000_000L, audio);
          written += audio.length;
        }
        t += 33_333_333L;
      }
    }
    try (var s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".mcap")).findFirst().orElseThrow();
    }
  }

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
