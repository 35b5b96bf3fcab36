package org.duplexnode.launch;

import java.util.List;
import java.util.Map;

/**
 * What a launch file declares and runs, with substitutions still in launch XML's syntax
 * ({@code $(var x)}), so that an XML file and its Python twin compare equal when they say the same.
 */
record LaunchOutline(List<Argument> arguments, List<Process> processes) {
  LaunchOutline {
    arguments = List.copyOf(arguments);
    processes = List.copyOf(processes);
  }

  /** A launch argument; {@code defaultValue} is null when the caller must give it. */
  record Argument(String name, String defaultValue, String description) {}

  /** A process the file starts: its command line split into arguments, and added environment. */
  record Process(String name, String output, List<String> cmd, Map<String, String> env) {
    Process {
      cmd = List.copyOf(cmd);
      env = Map.copyOf(env);
    }
  }
}
