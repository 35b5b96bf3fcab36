package org.duplexnode.bench;

import audio_common_msgs.msg.dds.AudioDataStamped;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.node.ReplayRun;
import org.duplexnode.replay.DemoBag;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.NodeIdentity;

/**
 * Soak: replays a long synthetic bag (the demo's camera and its spoken question, repeated every
 * 15 s) at --fast with the tiny model, again and again in one JVM, for a given time, sampling every
 * 10 s the heap after the last GC (GC notifications), the live heap (after a full GC requested at
 * the sample: G1's young collections leave old garbage behind, so their figure saws up and down),
 * RSS (/proc/self/status), threads and open file descriptors (/proc/self/fd), and prints them as
 * CSV. The live heap grows within a replay (the run record keeps every unit for the report) and
 * falls when the next starts, so replays are compared at the same point: as each replay returns
 * (its output deleted, a full GC requested), the live heap, RSS, threads and fds are taken. The
 * figures after the second replay (the first warms up) are the baseline; those after the last
 * must be within 5 % of them for live heap and RSS, and not above them for threads and fds. Run as docs/reliability.md says:
 * {@code ./mvnw -q -B -o -pl node -am test-compile exec:exec@soak "-Dsoak=BAG_MINUTES RUN_MINUTES"}.
 */
public final class SoakReplay {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  private static final long SAMPLE_MS = 10_000;
  private static final double TOLERANCE = 0.05;

  private record Sample(double minutes, long heapAfterGc, long liveHeap, long rss, int threads, long fds,
                        long replays) {}

  private SoakReplay() {}

  public static void main(String[] args) throws Exception {
    double bagMinutes = Double.parseDouble(args[0]);
    // "once": one replay of the whole bag (one model, one session), judged on samples taken during it
    boolean once = args[1].equals("once");
    double runMinutes = once ? 0 : Double.parseDouble(args[1]);
    Path work = Files.createTempDirectory("soak");
    Path bag = work.resolve("input");
    DemoBag.write(bag, tiledDemoSpeech(bagMinutes * 60), 1.0, bagMinutes * 60);
    System.out.printf(Locale.ROOT, "soak: %.1f-min bag (%.1f MB), %s at --fast%n", bagMinutes,
        size(bag) / 1048576.0, once ? "one replay" : String.format(Locale.ROOT, "%.1f min of replays", runMinutes));

    AtomicLong heapAfterGc = watchGc();
    AtomicLong replays = new AtomicLong();
    List<Sample> afterReplays = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    long end = start + (long) (runMinutes * 60e9);
    Thread runner = new Thread(() -> {
      ParameterSet params = new ParameterSet(NodeParameters.all());
      while (System.nanoTime() < end || (once && replays.get() == 0)) {
        Path out = work.resolve("out-" + replays.get());
        try {
          ReplayRun.run(new ReplayRun.Options(bag, ROOT.resolve("tensorrt-engines/tiny-model"), out, 0, false, 0,
              true, Optional.empty(), "soak"), RosArgs.empty(), params, new NodeIdentity("duplex_node", "/"),
              new PrintStream(PrintStream.nullOutputStream()));
          delete(out);
          System.gc();
          afterReplays.add(new Sample((System.nanoTime() - start) / 60e9, heapAfterGc.get(),
              ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss(),
              ManagementFactory.getThreadMXBean().getThreadCount(), fds(), replays.incrementAndGet()));
        } catch (Exception e) {
          throw new IllegalStateException("replay failed", e);
        }
      }
    }, "soak-replays");
    runner.setDaemon(true);
    runner.start();
    System.out.println("minutes,heap_after_gc_mb,live_heap_mb,rss_mb,threads,fds,replays");
    while (runner.isAlive()) {
      runner.join(once ? SAMPLE_MS / 5 : SAMPLE_MS);
      long lastGc = heapAfterGc.get();
      System.gc();
      long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      Sample s = new Sample((System.nanoTime() - start) / 60e9, lastGc, live, rss(),
          ManagementFactory.getThreadMXBean().getThreadCount(), fds(), replays.get());
      samples.add(s);
      System.out.printf(Locale.ROOT, "%.2f,%.1f,%.1f,%.1f,%d,%d,%d%n", s.minutes(), s.heapAfterGc() / 1048576.0,
          s.liveHeap() / 1048576.0, s.rss() / 1048576.0, s.threads(), s.fds(), s.replays());
    }
    delete(work);
    System.exit((once ? verdictDuring(samples) : verdict(afterReplays)) ? 0 : 1);
  }

  /**
   * One replay: the samples of the second tenth of the run (after warm-up) against those of its
   * last tenth, by their medians (every sample follows a full GC).
   */
  private static boolean verdictDuring(List<Sample> samples) {
    if (samples.size() < 20) {
      System.out.println("fewer than 20 samples: use a longer bag");
      return false;
    }
    int n = samples.size();
    List<Sample> early = samples.subList(n / 10, n / 5);
    List<Sample> late = samples.subList(n - n / 10, n);
    boolean ok = true;
    ok &= compare("live heap (MB)", early, late, x -> x.liveHeap() / 1048576.0, TOLERANCE);
    ok &= compare("RSS (MB)", early, late, x -> x.rss() / 1048576.0, TOLERANCE);
    ok &= compare("threads", early, late, x -> x.threads(), 0);
    ok &= compare("file descriptors", early, late, x -> x.fds(), 0);
    System.out.printf(Locale.ROOT, "one replay of %d samples over %.1f min: %s%n", n, samples.get(n - 1).minutes(),
        ok ? "FLAT" : "GROWTH");
    return ok;
  }

  /** Compares the figures after the second replay with those after the last. */
  private static boolean verdict(List<Sample> boundaries) {
    if (boundaries.size() < 3) {
      System.out.println("fewer than 3 completed replays: run longer or use a shorter bag");
      return false;
    }
    for (Sample b : boundaries) {
      System.out.printf(Locale.ROOT, "after replay %d (%.1f min): live heap %.1f MB, RSS %.1f MB, threads %d, fds %d%n",
          b.replays(), b.minutes(), b.liveHeap() / 1048576.0, b.rss() / 1048576.0, b.threads(), b.fds());
    }
    List<Sample> early = boundaries.subList(1, 2);
    List<Sample> late = boundaries.subList(boundaries.size() - 1, boundaries.size());
    boolean ok = true;
    ok &= compare("live heap (MB)", early, late, s -> s.liveHeap() / 1048576.0, TOLERANCE);
    ok &= compare("RSS (MB)", early, late, s -> s.rss() / 1048576.0, TOLERANCE);
    ok &= compare("threads", early, late, s -> s.threads(), 0);
    ok &= compare("file descriptors", early, late, s -> s.fds(), 0);
    Sample last = boundaries.get(boundaries.size() - 1);
    System.out.printf(Locale.ROOT, "replays completed: %d in %.1f min; %s%n", last.replays(), last.minutes(),
        ok ? "FLAT" : "GROWTH");
    return ok;
  }

  private static boolean compare(String what, List<Sample> early, List<Sample> late,
                                 java.util.function.ToDoubleFunction<Sample> f, double tolerance) {
    double a = median(early, f);
    double b = median(late, f);
    boolean ok = b <= a * (1 + tolerance) + 1e-9;
    System.out.printf(Locale.ROOT, "%-18s early %.1f, last %.1f (%+.1f %%): %s%n", what,
        a, b, a == 0 ? 0 : 100 * (b - a) / a, ok ? "ok" : "GROWS");
    return ok;
  }

  private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
    double[] v = samples.stream().mapToDouble(f).sorted().toArray();
    return v[v.length / 2];
  }

  /** Heap in use right after the most recent collection, summed over the heap pools. */
  private static AtomicLong watchGc() {
    AtomicLong after = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
          MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
          if (u != null && pool.getType() == java.lang.management.MemoryType.HEAP) {
            used += u.getUsed();
          }
        }
        after.set(used);
      }, null, null);
    }
    return after;
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    return -1;
  }

  private static long fds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  /** The demo bag's microphone audio (its question and the silence around it), tiled to {@code seconds}. */
  private static short[] tiledDemoSpeech(double seconds) throws IOException {
    List<Short> one = new ArrayList<>();
    CdrCodec<AudioDataStamped> codec = new CdrCodec<>(AudioDataStamped.class);
    AudioDataStamped m = codec.newMessage();
    try (Bag demo = Bag.open(ROOT.resolve("node/src/demo/sample-bag"))) {
      for (var it = demo.messages(java.util.Set.of("/audio/in")); it.hasNext(); ) {
        BagMessage b = it.next();
        codec.decode(b.data(), m);
        byte[] pcm = m.getAudio().getData().copyArray();
        for (int i = 0; i + 1 < pcm.length; i += 2) {
          one.add((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8)));
        }
      }
    }
    short[] out = new short[(int) (seconds * 16000)];
    for (int i = 0; i < out.length; i++) {
      out[i] = one.get(i % one.size());
    }
    return out;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
