package org.duplexnode.engine.tensorrt;

import org.duplexnode.engine.Engine;
import org.duplexnode.engine.EngineProvider;

/** Registers {@link TensorRtEngine} with the node's engine set (META-INF/services). */
public final class TensorRtEngineProvider implements EngineProvider {
  @Override
  public String backend() {
    return "tensorrt";
  }

  @Override
  public Engine create() {
    return new TensorRtEngine();
  }
}
