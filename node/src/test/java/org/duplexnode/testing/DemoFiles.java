package org.duplexnode.testing;

import java.nio.file.Path;

/** The bundled demo bags, scenarios and tiny model package, from the node module's folder. */
public final class DemoFiles {
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  public static final Path DEMO_BAG = ROOT.resolve("node/src/demo/sample-bag");
  public static final Path MODEL = ROOT.resolve("tensorrt-engines/tiny-model");
  public static final Path SCENARIO = ROOT.resolve("node/src/demo/demo.scenario.yaml");
  /** The demo bag's twin in which the traffic light stays red, and its scenario. */
  public static final Path RED_BAG = ROOT.resolve("node/src/demo/sample-bag-red");
  public static final Path RED_SCENARIO = ROOT.resolve("node/src/demo/demo-red.scenario.yaml");

  private DemoFiles() {}
}
