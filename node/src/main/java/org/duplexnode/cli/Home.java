package org.duplexnode.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the node's checkout or installation is: the {@code duplex.home} system property (set by
 * node/bin/duplex-node), else DUPLEX_NODE_HOME, else the first folder upwards from the working
 * directory that holds tensorrt-engines/. The bundled tiny model and the demo bag live there.
 */
final class Home {
  private Home() {}

  static Path find() {
    String p = System.getProperty("duplex.home");
    if (p == null || p.isBlank()) {
      p = System.getenv("DUPLEX_NODE_HOME");
    }
    if (p != null && !p.isBlank()) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("tensorrt-engines"))) {
        return d;
      }
    }
    throw CommandFailure.badInput("cannot find the duplex-node home (the folder with tensorrt-engines/) from "
        + Path.of("").toAbsolutePath() + ": set DUPLEX_NODE_HOME");
  }

  static Path tinyModel() {
    return find().resolve("tensorrt-engines/tiny-model");
  }

  static Path demoBag() {
    return find().resolve("node/src/demo/sample-bag");
  }

  /** The bag of a user interrupting the robot in a generated room; its far end is the robot's voice. */
  static Path interruptionBag() {
    return find().resolve("node/src/demo/interruption-bag");
  }

  static Path demoScenario() {
    return find().resolve("node/src/demo/demo.scenario.yaml");
  }

  /** The demo bag's twin in which the traffic light stays red. */
  static Path demoRedBag() {
    return find().resolve("node/src/demo/sample-bag-red");
  }

  static Path demoRedScenario() {
    return find().resolve("node/src/demo/demo-red.scenario.yaml");
  }
}
