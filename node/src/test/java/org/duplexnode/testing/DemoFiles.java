package org.duplexnode.testing;

import java.nio.file.Path;

/** The bundled demo bag, scenario and tiny model package, from the node module's folder. */
public final class DemoFiles {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  public static final Path DEMO_BAG = ROOT.resolve("node/src/demo/sample-bag");
  public static final Path MODEL = ROOT.resolve("tensorrt-engines/tiny-model");
  public static final Path SCENARIO = ROOT.resolve("node/src/demo/demo.scenario.yaml");

  private DemoFiles() {}
}
