package org.duplexnode.engine;

import java.util.List;
import java.util.Map;

/**
 * One loaded graph. Not thread-safe: a graph belongs to the stage that runs it.
 *
 * <p>Contract (every backend; {@code EngineContractTest} checks it):
 * <ul>
 *   <li>{@link #run} MUST accept exactly the declared inputs, with matching element types and
 *       ranks, and fail with an {@link EngineException} naming the input otherwise;</li>
 *   <li>outputs passed in {@code into} MUST be written in place (no copy is returned for them);
 *       outputs not passed are returned as new tensors;</li>
 *   <li>running the same inputs twice MUST give the same outputs;</li>
 *   <li>after a failed run the graph MUST still be usable.</li>
 * </ul>
 */
public interface Graph extends AutoCloseable {
  String name();

  List<TensorSpec> inputs();

  List<TensorSpec> outputs();

  /**
   * Runs the graph.
   *
   * @param inputs every declared input by name
   * @param into preallocated tensors for some outputs (may be views into larger buffers)
   * @return the outputs that were not passed in {@code into}
   */
  Map<String, Tensor> run(Map<String, Tensor> inputs, Map<String, Tensor> into);

  default Map<String, Tensor> run(Map<String, Tensor> inputs) {
    return run(inputs, Map.of());
  }

  @Override
  void close();
}
