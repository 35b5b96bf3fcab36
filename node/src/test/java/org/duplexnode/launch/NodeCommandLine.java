package org.duplexnode.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that launch_ros's Node action runs for a node whose substitutions are resolved,
 * built as launch_ros (Humble, actions/node.py) builds it:
 * {@code EXEC [arguments] [--ros-args ros_arguments] --ros-args -r __node:=NAME -r __ns:=NS
 * [-p of SetParameter] [--params-file per file or per name/value] [-r of SetRemap] [-r of the node]}.
 * A name/value parameter goes to a temporary YAML file keyed by the node's fully qualified name
 * (launch_ros's {@code _create_params_file_from_dict}). The namespace is joined with the one an
 * including file pushed, as {@code prefix_namespace} and {@code make_namespace_absolute} do.
 */
final class NodeCommandLine {
  /** What an including launch file set around the node: PushRosNamespace, SetRemap, SetParameter. */
  record IncludingScope(String pushedNamespace, List<LaunchOutline.Remap> remaps, List<LaunchOutline.Parameter> parameters) {
    static final IncludingScope NONE = new IncludingScope(null, List.of(), List.of());

    IncludingScope {
      remaps = List.copyOf(remaps);
      parameters = List.copyOf(parameters);
    }
  }

  private NodeCommandLine() {}

  static List<String> of(LaunchOutline.RosNodeAction node, Map<String, Path> packagePrefixes, IncludingScope scope,
      Path tempDir) throws IOException {
    Path prefix = packagePrefixes.get(node.pkg());
    if (prefix == null) {
      throw new IllegalArgumentException("package " + node.pkg() + " not known to the test");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(prefix.resolve("lib").resolve(node.pkg()).resolve(node.exec()).toString());
    cmd.addAll(node.arguments());
    if (!node.rosArguments().isEmpty()) {
      cmd.add("--ros-args");
      cmd.addAll(node.rosArguments());
    }
    cmd.add("--ros-args");
    if (node.name() != null) {
      cmd.addAll(List.of("-r", "__node:=" + node.name()));
    }
    String namespace = makeAbsolute(prefixNamespace(scope.pushedNamespace(), node.namespace()));
    if (namespace != null) {
      cmd.addAll(List.of("-r", "__ns:=" + namespace));
    }
    String fullName = namespace == null || node.name() == null ? "/**" : prefixNamespace(namespace, node.name());
    for (LaunchOutline.Parameter p : scope.parameters()) {
      cmd.addAll(List.of("-p", p.name() + ":=" + p.value()));
    }
    for (LaunchOutline.Parameter p : node.parameters()) {
      if (p.isFile()) {
        cmd.addAll(List.of("--params-file", p.file()));
      } else {
        Path file = Files.createTempFile(tempDir, "launch_params_", "");
        Files.writeString(file, fullName + ":\n  ros__parameters:\n    " + p.name() + ": " + p.value() + "\n");
        cmd.addAll(List.of("--params-file", file.toString()));
      }
    }
    List<LaunchOutline.Remap> remaps = new ArrayList<>(scope.remaps());
    remaps.addAll(node.remaps());
    for (LaunchOutline.Remap r : remaps) {
      cmd.addAll(List.of("-r", r.from() + ":=" + r.to()));
    }
    return cmd;
  }

  /** launch_ros's prefix_namespace: a relative namespace goes under the base; trailing '/' dropped. */
  static String prefixNamespace(String base, String ns) {
    if (base == null && ns == null) {
      return null;
    }
    String combined;
    if (ns == null) {
      combined = base;
    } else if (base == null || base.isEmpty() || ns.startsWith("/")) {
      combined = ns;
    } else {
      combined = (base.equals("/") ? "" : base) + "/" + ns;
    }
    return combined.equals("/") ? combined : combined.replaceAll("/+$", "");
  }

  static String makeAbsolute(String ns) {
    return ns == null || ns.startsWith("/") ? ns : "/" + ns;
  }
}
