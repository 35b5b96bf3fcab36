package org.duplexnode.engine.tensorrt;

import java.nio.file.Path;
import org.duplexnode.engine.EngineException;

/** Run in a fresh JVM by {@link TensorRtWithoutGpuTest}: prints whether anything probed the natives. */
public final class NoNativeProbe {
  private NoNativeProbe() {}

  public static void main(String[] args) {
    try (TensorRtEngine engine = new TensorRtEngine()) {
      engine.load("nope", Path.of("no/such.plan"));
    } catch (EngineException expected) {
      System.out.println("error: " + expected.getMessage());
    }
    System.out.println("probed=" + TensorRtNatives.probed());
  }
}
