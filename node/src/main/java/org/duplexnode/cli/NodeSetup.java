package org.duplexnode.cli;

import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.pipeline.LiveNode;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's identity and parameters from its ROS arguments, as every command needs them. */
record NodeSetup(NodeIdentity identity, ParameterSet params) {
  private static final Logger LOG = LoggerFactory.getLogger(NodeSetup.class);

  static NodeSetup of(RosArgs args) {
    NodeIdentity identity = NodeIdentity.from(LiveNode.DEFAULT_NAME, args);
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
}
