package org.duplexnode.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's parameters with their values: declared defaults, then every parameter file and
 * {@code -p} override in the order they appear on the command line (a later one wins, as in
 * rcl). A value of the wrong type or outside its rule stops start-up with a message naming the
 * parameter; a name that no declaration knows is kept in {@link #unknown()} for a warning.
 */
public final class ParameterSet {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, ParameterDeclaration> declarations = new LinkedHashMap<>();
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> unknown = new ArrayList<>();

  public ParameterSet(Collection<ParameterDeclaration> declared) {
    for (ParameterDeclaration d : declared) {
      if (declarations.put(d.name(), d) != null) {
        throw new IllegalStateException("parameter declared twice: " + d.name());
      }
      d.check(d.defaultValue());
      values.put(d.name(), d.defaultValue());
      sources.put(d.name(), "default");
    }
  }

  /** Applies parameter files, then overrides, for the node with this fully qualified name. */
  public ParameterSet apply(RosArgs args, String fullyQualifiedNodeName) {
    for (Path file : args.paramsFiles()) {
      ParamsFile.load(file, fullyQualifiedNodeName)
          .forEach((name, node) -> set(name, node, file.toString()));
    }
    for (RosArgs.ParameterOverride p : args.parameters()) {
      set(p.name(), parseValue(p.name(), p.valueText()), "-p");
    }
    return this;
  }

  /** Sets one parameter from parsed YAML; the source is kept for {@link #describe()}. */
  public void set(String name, JsonNode value, String source) {
    ParameterDeclaration d = declarations.get(name);
    if (d == null) {
      unknown.add(name + " (from " + source + ")");
      return;
    }
    Object v = d.type().convert(name, value);
    d.check(v);
    values.put(name, v);
    sources.put(name, source);
  }

  static JsonNode parseValue(String name, String text) {
    try {
      JsonNode n = YAML.readTree(text.isEmpty() ? "''" : text);
      return n == null || n.isMissingNode() ? YAML.getNodeFactory().textNode(text) : n;
    } catch (IOException e) {
      throw new ParameterException("parameter '" + name + "': value '" + text + "' is not valid YAML");
    }
  }

  public boolean getBool(String name) {
    return (Boolean) get(name, ParameterType.BOOL);
  }

  public long getLong(String name) {
    return (Long) get(name, ParameterType.INTEGER);
  }

  public int getInt(String name) {
    return Math.toIntExact(getLong(name));
  }

  public double getDouble(String name) {
    return (Double) get(name, ParameterType.DOUBLE);
  }

  public String getString(String name) {
    return (String) get(name, ParameterType.STRING);
  }

  @SuppressWarnings("unchecked")
  public List<String> getStringList(String name) {
    return (List<String>) get(name, ParameterType.STRING_ARRAY);
  }

  private Object get(String name, ParameterType type) {
    ParameterDeclaration d = declarations.get(name);
    if (d == null) {
      throw new IllegalArgumentException("no parameter '" + name + "' is declared");
    }
    if (d.type() != type) {
      throw new IllegalArgumentException("parameter '" + name + "' is " + d.type() + ", not " + type);
    }
    return values.get(name);
  }

  /** Names given in files or overrides that no declaration knows, with where they came from. */
  public List<String> unknown() {
    return List.copyOf(unknown);
  }

  public Collection<ParameterDeclaration> declarations() {
    return declarations.values();
  }

  /** One line per parameter: name = value (source), for the start-up log. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    values.forEach((k, v) -> lines.add(k + " = " + v + " (" + sources.get(k) + ")"));
    return lines;
  }
}
