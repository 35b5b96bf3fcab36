package org.duplexnode.model.graphs;

import java.util.List;
import java.util.Map;
import org.duplexnode.engine.Graph;
import org.duplexnode.engine.Tensor;
import org.duplexnode.engine.TensorSpec;

/**
 * Time spent inside {@link Graph#run} calls (whatever the backend does, wrapping the buffers
 * included), summed over the graphs it wraps, so that a unit's Java time around the graphs is
 * its total minus this. Not thread-safe: the model thread owns it.
 */
public final class GraphClock {
  private long nanos;
  private long calls;

  public long nanos() {
    return nanos;
  }

  public long calls() {
    return calls;
  }

  /** {@code graph}, timed by this clock. */
  public Graph wrap(Graph graph) {
    return new Timed(graph);
  }

  private final class Timed implements Graph {
    private final Graph inner;

    Timed(Graph inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public List<TensorSpec> inputs() {
      return inner.inputs();
    }

    @Override
    public List<TensorSpec> outputs() {
      return inner.outputs();
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> in, Map<String, Tensor> into) {
      long t0 = System.nanoTime();
      try {
        return inner.run(in, into);
      } finally {
        nanos += System.nanoTime() - t0;
        calls++;
      }
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
