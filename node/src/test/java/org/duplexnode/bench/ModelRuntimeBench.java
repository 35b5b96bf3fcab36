package org.duplexnode.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.UnitResult;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.VisionFrame;
import org.duplexnode.testing.TestFrames;
import org.duplexnode.testing.WavFile;

/**
 * The model runtime per unit on the tiny package: time inside graph calls against Java time
 * around them, and heap allocated by the model thread per unit. Plays the golden conversation
 * (12 units: listening, speaking, speaking with a frame, end of turn) for warm-up sessions, then
 * measured ones, and prints medians per kind of unit.
 *
 * <pre>
 *   ./mvnw -q -B -o -pl node -am test-compile exec:exec@model-bench "-DmodelBench=SESSIONS THREADS"
 * </pre>
 * THREADS is ONNX Runtime's intra-op thread count (1 suits the tiny graphs). Runs from the node
 * module or the repository root.
 */
public final class ModelRuntimeBench {
  private static final Path GOLDEN = Path.of("tensorrt-engines/tiny/golden/convo");
  private static final Path PACKAGE = Path.of("tensorrt-engines/tiny-model");

  private record Sample(String kind, UnitResult result, long allocated, long graphCalls) {}

  private ModelRuntimeBench() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    // "sampled": the live node's decoding (seeded draws), otherwise greedy as the golden conversation
    boolean sampled = args.length > 2 && args[2].equals("sampled");
    Path root = Path.of(System.getProperty("bench.root", "."));
    if (!root.resolve(PACKAGE).toFile().isDirectory() && root.resolve("../" + PACKAGE).toFile().isDirectory()) {
      root = root.resolve("..");
    }
    float[] wav = WavFile.read(root.resolve(GOLDEN).resolve("input.wav")).monoFloats();
    VisionFrame red = TestFrames.fromPng(root.resolve(GOLDEN).resolve("frame-red.png"));
    VisionFrame green = TestFrames.fromPng(root.resolve(GOLDEN).resolve("frame.png"));
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, threads);
         DuplexModel model = DuplexModel.open(root.resolve(PACKAGE), engine, sampled ? RuntimeOptions.sampling(1) : RuntimeOptions.greedyDecoding())) {
      int warmup = Math.max(3, sessions / 4);
      List<Sample> samples = new ArrayList<>();
      for (int s = 0; s < warmup + sessions; s++) {
        model.prepare();
        for (int i = 0; i < wav.length / 16000; i++) {
          float[] unit = Arrays.copyOfRange(wav, i * 16000, (i + 1) * 16000);
          VisionFrame f = i == 3 ? red : i == 8 ? green : null;
          long calls = model.graphCalls();
          long before = mx.getThreadAllocatedBytes(thread);
          UnitResult r = model.processUnit(unit, f);
          long allocated = mx.getThreadAllocatedBytes(thread) - before;
          if (s >= warmup) {
            samples.add(new Sample(kind(r, f != null), r, allocated, model.graphCalls() - calls));
          }
        }
      }
      print(samples, sessions, threads);
    }
  }

  private static String kind(UnitResult r, boolean frame) {
    if (r.isListen()) {
      return frame ? "listen + frame" : "listen";
    }
    String k = r.endOfTurn() ? "speak, end of turn" : "speak";
    return frame ? k + " + frame" : k;
  }

  private static void print(List<Sample> samples, int sessions, int threads) {
    Map<String, List<Sample>> byKind = new LinkedHashMap<>();
    for (String k : List.of("listen", "speak + frame", "speak", "speak, end of turn")) {
      byKind.put(k, new ArrayList<>());
    }
    samples.forEach(s -> byKind.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s));
    byKind.put("all units", samples);
    System.out.printf("tiny package, ONNX Runtime CPU (%d intra-op thread(s)), %d measured sessions of 12 units; "
        + "medians per unit in ms (java min: the smallest), allocation in KB%n", threads, sessions);
    String head = "%-20s %4s %6s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %8s %9s%n";
    System.out.printf(head, "unit", "n", "calls", "total", "graphs", "java", "java min", "no mel", "mel", "audio",
        "vision", "llm", "tts", "t2w", "alloc KB");
    byKind.forEach((kind, list) -> {
      if (list.isEmpty()) {
        return;
      }
      System.out.printf("%-20s %4d %6.0f %8.2f %8.2f %8.3f %8.3f %8.3f %8.3f %8.2f %8.2f %8.2f %8.2f %8.2f %9.0f%n",
          kind, list.size(), median(list, Sample::graphCalls),
          ms(median(list, s -> s.result().timings().total())),
          ms(median(list, s -> s.result().timings().insideGraphs())),
          ms(median(list, s -> s.result().timings().aroundGraphs())),
          ms(list.stream().mapToLong(s -> s.result().timings().aroundGraphs()).min().orElse(0)),
          ms(median(list, s -> s.result().timings().aroundGraphs() - s.result().timings().mel())),
          ms(median(list, s -> s.result().timings().mel())),
          ms(median(list, s -> s.result().timings().audioEncode())),
          ms(median(list, s -> s.result().timings().vision())),
          ms(median(list, s -> s.result().timings().llm())),
          ms(median(list, s -> s.result().timings().tts())),
          ms(median(list, s -> s.result().timings().token2wav())),
          median(list, Sample::allocated) / 1024.0);
    });
    System.out.println("graphs: inside Graph.run; java: total minus graphs; no mel: java minus the log-mel front end");
  }

  private interface Metric {
    long of(Sample s);
  }

  private static double median(List<Sample> list, Metric m) {
    long[] v = list.stream().mapToLong(m::of).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }
}
