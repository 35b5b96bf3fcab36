package org.duplexnode.engine.tensorrt;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUgraphExec_st;
import org.bytedeco.cuda.cudart.CUgraph_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/**
 * CUDA graphs of repeated launches. A launch is eligible when every binding is a device view
 * (no staging copies) and its key (profile, shapes, addresses) has been seen before: the first
 * time it runs normally (TensorRT does its shape-dependent setup then), the second time it is
 * captured, and afterwards replayed with one cudaGraphLaunch. With the contract's growing past
 * length every LLM decode step has a new shape, so only launches over fixed-capacity bindings
 * repeat; see docs/jetson.md. Least recently used graphs are dropped beyond the capacity.
 */
final class CapturedLaunches implements AutoCloseable {
  private final String graph;
  private final CUstream_st stream;
  private final int capacity;
  private final Map<String, Integer> seen = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, CUgraphExec_st> graphs = new LinkedHashMap<>(16, 0.75f, true);

  CapturedLaunches(String graph, CUstream_st stream, int capacity) {
    this.graph = graph;
    this.stream = stream;
    this.capacity = capacity;
  }

  /** Runs the launch through a CUDA graph and returns true, or returns false (caller launches). */
  boolean launch(String key, Runnable enqueue) {
    if (key == null || capacity == 0) {
      return false;
    }
    CUgraphExec_st exec = graphs.get(key);
    if (exec == null) {
      if (seen.merge(key, 1, Integer::sum) < 2) {
        trim(seen);
        return false;
      }
      CUgraph_st g = new CUgraph_st();
      Cuda.check(cudart.cudaStreamBeginCapture(stream, cudart.cudaStreamCaptureModeThreadLocal),
          "graph '" + graph + "' capture");
      enqueue.run();
      Cuda.check(cudart.cudaStreamEndCapture(stream, g), "graph '" + graph + "' capture");
      exec = new CUgraphExec_st();
      Cuda.check(cudart.cudaGraphInstantiate(exec, g, 0L), "graph '" + graph + "' instantiate");
      cudart.cudaGraphDestroy(g);
      graphs.put(key, exec);
      seen.remove(key);
      while (graphs.size() > capacity) {
        String oldest = graphs.keySet().iterator().next();
        cudart.cudaGraphExecDestroy(graphs.remove(oldest));
      }
    }
    Cuda.check(cudart.cudaGraphLaunch(exec, stream), "graph '" + graph + "' launch");
    return true;
  }

  private void trim(Map<String, Integer> m) {
    while (m.size() > 64) {
      m.remove(m.keySet().iterator().next());
    }
  }

  @Override
  public void close() {
    graphs.values().forEach(cudart::cudaGraphExecDestroy);
    graphs.clear();
  }
}
