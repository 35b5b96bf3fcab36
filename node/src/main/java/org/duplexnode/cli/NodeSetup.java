package org.duplexnode.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.ModelPackageException;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's identity and parameters from its ROS arguments, as every command needs them. */
record NodeSetup(NodeIdentity identity, ParameterSet params) {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSetup.class);

  static NodeSetup of(RosArgs args) {
    NodeIdentity identity = NodeIdentity.from(RosNode.DEFAULT_NAME, args);
    ParameterSet params = new ParameterSet(NodeParameters.all()).apply(args, identity.fullyQualifiedName());
    for (String u : params.unknown()) {
      LOG.warn("ignoring unknown parameter {}", u);
    }
    return new NodeSetup(identity, params);
  }

  /** The model package: the parameter, or the bundled tiny model. */
  Path modelDir() {
    String p = params.getString(NodeParameters.MODEL_PACKAGE);
    return p.isBlank() ? Home.tinyModel() : Path.of(p);
  }

  /**
   * {@link #modelDir()}, checked as the node opens it (manifest, files, tables, tokenizer; the
   * graphs load later): a package that breaks the contract is a configuration error naming
   * {@code model.package}, found before the node starts.
   */
  Path checkedModelDir() {
    Path dir = modelDir();
    String what = params.getString(NodeParameters.MODEL_PACKAGE).isBlank()
        ? "the bundled tiny model " + dir : "parameter " + NodeParameters.MODEL_PACKAGE + " (" + dir + ")";
    if (!Files.isDirectory(dir)) {
      throw CommandFailure.badInput(what + ": no such folder");
    }
    try (ModelPackage pkg = ModelPackage.open(dir)) {
      LOG.debug("model package {} at {} passes its checks", pkg.name(), dir);
    } catch (ModelPackageException e) {
      throw CommandFailure.badInput(what + ": " + e.getMessage(), e);
    }
    return dir;
  }
}
