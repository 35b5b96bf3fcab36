package org.duplexnode.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * A ROS 2 launch XML file read with the JDK's parser and checked against the tags and attributes
 * that ROS 2 launch and launch_ros accept (launch.frontend: the actions exposed with
 * {@code expose_action} and the attributes their {@code parse} methods read). Problems are
 * collected, not thrown, so a test lists them all.
 */
final class XmlLaunchFile {
  private static final Set<String> CONDITIONS = Set.of("if", "unless");
  private static final Set<String> PROCESS = Set.of("cmd", "cwd", "name", "launch-prefix", "output",
      "respawn", "respawn_delay", "respawn_max_retries", "sigterm_timeout", "sigkill_timeout", "shell",
      "emulate_tty", "on_exit");
  private static final Set<String> NODE = Set.of("pkg", "exec", "name", "namespace", "args", "ros_args",
      "exec_name", "node-name", "launch-prefix", "output", "respawn", "respawn_delay", "respawn_max_retries",
      "sigterm_timeout", "sigkill_timeout", "cwd", "emulate_tty", "on_exit");

  /** Actions allowed at the top level and inside a group: tag to attributes. */
  private static final Map<String, Set<String>> ACTIONS = Map.ofEntries(
      Map.entry("arg", Set.of("name", "default", "description")),
      Map.entry("let", Set.of("name", "value")),
      Map.entry("executable", PROCESS),
      Map.entry("node", NODE),
      Map.entry("group", Set.of("scoped", "forwarding")),
      Map.entry("push-ros-namespace", Set.of("namespace")),
      Map.entry("push_ros_namespace", Set.of("namespace")),
      Map.entry("set_env", Set.of("name", "value")),
      Map.entry("unset_env", Set.of("name")),
      Map.entry("append_env", Set.of("name", "value", "prepend", "separator")),
      Map.entry("set_parameter", Set.of("name", "value")),
      Map.entry("set_remap", Set.of("from", "to")),
      Map.entry("set_use_sim_time", Set.of("value")),
      Map.entry("include", Set.of("file")),
      Map.entry("log", Set.of("message")),
      Map.entry("shutdown", Set.of("reason")),
      Map.entry("timer", Set.of("period")));

  /** Elements that are parts of an action rather than actions: "parent/tag" to attributes. */
  private static final Map<String, Set<String>> PARTS = Map.ofEntries(
      Map.entry("arg/choice", Set.of("value")),
      Map.entry("executable/env", Set.of("name", "value")),
      Map.entry("node/env", Set.of("name", "value")),
      Map.entry("node/param", Set.of("name", "value", "from", "type", "allow_substs", "sep")),
      Map.entry("param/param", Set.of("name", "value", "type", "sep")),
      Map.entry("node/remap", Set.of("from", "to")),
      Map.entry("include/arg", Set.of("name", "value")),
      Map.entry("group/keep", Set.of("name", "value")));

  private static final Set<String> SUBSTITUTIONS = Set.of("var", "dirname", "filename", "env", "eval",
      "command", "anon", "find-exec", "find-pkg-prefix", "find-pkg-share", "exec-in-pkg", "param",
      "not", "and", "or", "any", "all", "equals", "not-equals", "if", "file-content", "log_dir");
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\(\\s*([A-Za-z_-]+)(\\s+([^)\\s]+))?");

  private final Path file;
  private final List<String> problems = new ArrayList<>();
  private final List<LaunchOutline.Argument> arguments = new ArrayList<>();
  private final List<LaunchOutline.RosNodeAction> nodes = new ArrayList<>();
  private final Set<String> variables = new HashSet<>();

  private XmlLaunchFile(Path file) {
    this.file = file;
  }

  static XmlLaunchFile read(Path file) throws IOException {
    XmlLaunchFile f = new XmlLaunchFile(file);
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      root = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    } catch (SAXException e) {
      f.problems.add("not well-formed XML: " + e.getMessage());
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    if (!root.getTagName().equals("launch")) {
      f.problems.add("root element is <" + root.getTagName() + ">, not <launch>");
      return f;
    }
    f.checkAttributes(root, Set.of("version"));
    f.actions(root);
    return f;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  LaunchOutline outline() {
    return new LaunchOutline(arguments, nodes);
  }

  private void actions(Element parent) {
    for (Element e : children(parent)) {
      String tag = e.getTagName();
      Set<String> allowed = ACTIONS.get(tag);
      if (allowed == null) {
        problems.add("<" + tag + "> is not a ROS 2 launch action (in <" + parent.getTagName() + ">)");
        continue;
      }
      Set<String> withConditions = new HashSet<>(allowed);
      if (!tag.equals("arg")) {
        withConditions.addAll(CONDITIONS);
      }
      checkAttributes(e, withConditions);
      switch (tag) {
        case "arg" -> argument(e);
        case "let" -> variables.add(e.getAttribute("name"));
        case "node" -> node(e);
        case "group" -> actions(withoutParts(e, "keep"));
        default -> parts(e);
      }
    }
  }

  private void argument(Element e) {
    require(e, "name");
    parts(e);
    String name = e.getAttribute("name");
    arguments.add(new LaunchOutline.Argument(name,
        e.hasAttribute("default") ? e.getAttribute("default") : null,
        e.hasAttribute("description") ? e.getAttribute("description") : null));
    variables.add(name);
  }

  private void node(Element e) {
    require(e, "pkg");
    require(e, "exec");
    parts(e);
    List<LaunchOutline.Parameter> parameters = new ArrayList<>();
    List<LaunchOutline.Remap> remaps = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (Element part : children(e)) {
      switch (part.getTagName()) {
        case "param" -> parameters.add(part.hasAttribute("from")
            ? LaunchOutline.Parameter.file(part.getAttribute("from"))
            : LaunchOutline.Parameter.value(part.getAttribute("name"), part.getAttribute("value")));
        case "remap" -> remaps.add(new LaunchOutline.Remap(part.getAttribute("from"), part.getAttribute("to")));
        case "env" -> env.put(part.getAttribute("name"), part.getAttribute("value"));
        default -> { /* reported by parts() */ }
      }
    }
    nodes.add(new LaunchOutline.RosNodeAction(e.getAttribute("pkg"), e.getAttribute("exec"),
        attribute(e, "name"), attribute(e, "namespace"), attribute(e, "output"),
        splitCommandLine(e.getAttribute("args")), splitCommandLine(e.getAttribute("ros_args")),
        parameters, remaps, env));
  }

  private static String attribute(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }

  /** Checks the parts of an action (env of executable, param and remap of node, ...). */
  private void parts(Element action) {
    for (Element part : children(action)) {
      String key = action.getTagName() + "/" + part.getTagName();
      Set<String> allowed = PARTS.get(key);
      if (allowed == null) {
        problems.add("<" + part.getTagName() + "> is not allowed in <" + action.getTagName() + ">");
        continue;
      }
      checkAttributes(part, allowed);
      parts(part);
    }
  }

  private Element withoutParts(Element group, String partTag) {
    Element copy = (Element) group.cloneNode(true);
    for (Element c : children(copy)) {
      if (c.getTagName().equals(partTag)) {
        checkAttributes(c, PARTS.get("group/" + partTag));
        copy.removeChild(c);
      }
    }
    return copy;
  }

  private void checkAttributes(Element e, Set<String> allowed) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      String name = attrs.item(i).getNodeName();
      if (!allowed.contains(name)) {
        problems.add("<" + e.getTagName() + "> has no attribute '" + name + "'");
      }
      checkSubstitutions(e, attrs.item(i).getNodeValue());
    }
  }

  private void checkSubstitutions(Element e, String value) {
    Matcher m = SUBSTITUTION.matcher(value);
    while (m.find()) {
      String kind = m.group(1);
      if (!SUBSTITUTIONS.contains(kind)) {
        problems.add("<" + e.getTagName() + "> uses an unknown substitution $(" + kind + " ...)");
      } else if (kind.equals("var") && !variables.contains(m.group(3))) {
        problems.add("<" + e.getTagName() + "> uses $(var " + m.group(3) + ") before any arg or let declares it");
      }
    }
  }

  private void require(Element e, String attribute) {
    if (!e.hasAttribute(attribute)) {
      problems.add("<" + e.getTagName() + "> needs the attribute '" + attribute + "'");
    }
  }

  private static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el) {
        out.add(el);
      }
    }
    return out;
  }

  /**
   * Splits a cmd attribute into arguments at whitespace outside substitutions, as launch's
   * {@code ExecuteProcess._parse_cmdline} does for text without quotes.
   */
  static List<String> splitCommandLine(String cmd) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < cmd.length(); i++) {
      char c = cmd.charAt(i);
      if (depth == 0 && Character.isWhitespace(c)) {
        if (current.length() > 0) {
          args.add(current.toString());
          current.setLength(0);
        }
        continue;
      }
      if (c == '$' && i + 1 < cmd.length() && cmd.charAt(i + 1) == '(') {
        depth++;
        current.append("$(");
        i++;
        continue;
      }
      if (c == ')' && depth > 0) {
        depth--;
      }
      current.append(c);
    }
    if (current.length() > 0) {
      args.add(current.toString());
    }
    return args;
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
