package org.duplexnode.launch;

import java.util.List;
import java.util.Map;

/**
 * What a launch file declares and starts, with substitutions still in launch XML's syntax
 * ({@code $(var x)}), so that an XML file and its Python twin compare equal when they say the same.
 */
record LaunchOutline(List<Argument> arguments, List<RosNodeAction> nodes) {
  LaunchOutline {
    arguments = List.copyOf(arguments);
    nodes = List.copyOf(nodes);
  }

  /** A launch argument; {@code defaultValue} is null when the caller must give it. */
  record Argument(String name, String defaultValue, String description) {}

  /**
   * A launch_ros node action ({@code <node>} or {@code Node(...)}): the executable of a package,
   * with its name, namespace, application arguments, ROS arguments, parameters, remappings and
   * added environment.
   */
  record RosNodeAction(String pkg, String exec, String name, String namespace, String output,
      List<String> arguments, List<String> rosArguments, List<Parameter> parameters, List<Remap> remaps,
      Map<String, String> env) {
    RosNodeAction {
      arguments = List.copyOf(arguments);
      rosArguments = List.copyOf(rosArguments);
      parameters = List.copyOf(parameters);
      remaps = List.copyOf(remaps);
      env = Map.copyOf(env);
    }
  }

  /** A parameter file ({@code file} set) or one name and value (launch evaluates it as YAML). */
  record Parameter(String file, String name, String value) {
    static Parameter file(String file) {
      return new Parameter(file, null, null);
    }

    static Parameter value(String name, String value) {
      return new Parameter(null, name, value);
    }

    boolean isFile() {
      return file != null;
    }
  }

  record Remap(String from, String to) {}
}
