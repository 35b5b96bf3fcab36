package org.duplexnode.ingest.vad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Engine;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;

/**
 * Silero VAD v5 at 16 kHz: each call scores one 512-sample window (32 ms), fed with the previous
 * window's last 64 samples as context and the recurrent state carried over, as the model expects.
 * Not thread-safe.
 */
public final class SileroVad implements AutoCloseable {
  public static final int RATE = 16_000;
  public static final int WINDOW = 512;
  static final int CONTEXT = 64;

  private final Graph graph;
  /** Whether this detector loaded the graph (and closes it) or shares another's. */
  private final boolean ownsGraph;
  private final Tensor input = Tensor.allocate(DType.FLOAT32, 1, CONTEXT + WINDOW);
  private final Tensor state = Tensor.allocate(DType.FLOAT32, 2, 1, 128);
  private final Tensor rate = Tensor.ofLongs(new long[] {RATE});
  private final float[] context = new float[CONTEXT];

  public SileroVad(Engine engine, Path model) {
    this(engine.load("silero_vad", model), true);
  }

  private SileroVad(Graph graph, boolean ownsGraph) {
    this.graph = graph;
    this.ownsGraph = ownsGraph;
  }

  /**
   * A second detector on this one's graph with its own state (for another stream of windows on
   * the same thread); closing it leaves the graph to this one.
   */
  public SileroVad sharingGraph() {
    return new SileroVad(graph, false);
  }

  /** The model bundled with the node, written to a temporary file for the engine to load. */
  public static SileroVad bundled(Engine engine) {
    try (InputStream in = SileroVad.class.getResourceAsStream("/vad/silero_vad.onnx")) {
      if (in == null) {
        throw new IllegalStateException("the bundled VAD model /vad/silero_vad.onnx is missing from the jar");
      }
      Path tmp = Files.createTempFile("silero_vad", ".onnx");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return new SileroVad(engine, tmp);
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract the bundled VAD model: " + e.getMessage(), e);
    }
  }

  /** Speech probability of one window of {@link #WINDOW} samples in [-1, 1]. */
  public float score(float[] window, int offset) {
    var buf = input.floats();
    buf.put(context);
    buf.put(window, offset, WINDOW);
    System.arraycopy(window, offset + WINDOW - CONTEXT, context, 0, CONTEXT);
    Map<String, Tensor> out = graph.run(Map.of("input", input, "state", state, "sr", rate));
    state.bytes().put(out.get("stateN").bytes());
    return out.get("output").toFloatArray()[0];
  }

  public void reset() {
    java.util.Arrays.fill(context, 0f);
    state.bytes().put(new byte[(int) (state.elementCount() * 4)]);
  }

  @Override
  public void close() {
    if (ownsGraph) {
      graph.close();
    }
  }
}
