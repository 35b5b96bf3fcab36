package org.duplexnode.ros.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.duplexnode.config.ParameterDeclaration;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.ParameterType;
import org.duplexnode.ros.services.ParameterServiceTypes.DescribeResponse;
import org.duplexnode.ros.services.ParameterServiceTypes.Descriptor;
import org.duplexnode.ros.services.ParameterServiceTypes.GetResponse;
import org.duplexnode.ros.services.ParameterServiceTypes.ListRequest;
import org.duplexnode.ros.services.ParameterServiceTypes.ListResponse;
import org.duplexnode.ros.services.ParameterServiceTypes.NamesRequest;
import org.duplexnode.ros.services.ParameterServiceTypes.Parameter;
import org.duplexnode.ros.services.ParameterServiceTypes.SetRequest;
import org.duplexnode.ros.services.ParameterServiceTypes.SetResponse;
import org.duplexnode.ros.services.ParameterServiceTypes.SetResult;
import org.duplexnode.ros.services.ParameterServiceTypes.TypesResponse;

/**
 * The answers of the rcl_interfaces parameter services over the node's {@link ParameterSet}, with
 * rclcpp's semantics: list with prefixes and depth, get (NOT_SET for an undeclared name), set one
 * by one with a reason per parameter, describe (read_only for every parameter that is read once at
 * start-up), get_parameter_types. Only the parameters given in {@code changeable} can be set while
 * the node runs; each comes with what applies a new value. A secret (a name ending in
 * {@code password}) is never sent: get_parameters answers {@value #HIDDEN} for a set one. Thread-safe.
 */
final class ParameterServices {
  static final String HIDDEN = "(hidden)";

  private final ParameterSet params;
  private final Map<String, Consumer<Object>> changeable;

  /**
   * @param changeable parameters that may change while the node runs, each with what applies a
   *     new value (it may refuse it by throwing IllegalArgumentException with the reason)
   */
  ParameterServices(ParameterSet params, Map<String, Consumer<Object>> changeable) {
    this.params = params;
    this.changeable = Map.copyOf(changeable);
    for (String name : changeable.keySet()) {
      if (declaration(name) == null) {
        throw new IllegalArgumentException("no parameter '" + name + "' is declared");
      }
    }
  }

  synchronized ListResponse list(ListRequest request) {
    List<String> names = new ArrayList<>();
    Set<String> prefixes = new LinkedHashSet<>();
    for (ParameterDeclaration d : params.declarations()) {
      String name = d.name();
      boolean all = request.prefixes().isEmpty() && withinDepth(name, request.depth());
      boolean prefixed = request.prefixes().stream().anyMatch(p -> name.equals(p)
          || name.startsWith(p + ".") && withinDepth(name.substring(p.length() + 1), request.depth()));
      if (all || prefixed) {
        names.add(name);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
          prefixes.add(name.substring(0, dot));
        }
      }
    }
    return new ListResponse(names, List.copyOf(prefixes));
  }

  /** rcl's depth: 0 is unlimited, else a name may have fewer than {@code depth} separators. */
  private static boolean withinDepth(String name, long depth) {
    return depth == 0 || name.chars().filter(c -> c == '.').count() < depth;
  }

  synchronized GetResponse get(NamesRequest request) {
    List<ParameterValueMsg> values = new ArrayList<>();
    for (String name : request.names()) {
      ParameterDeclaration d = declaration(name);
      values.add(d == null ? ParameterValueMsg.notSet() : isSecret(d) ? hidden(d) : valueOf(d));
    }
    return new GetResponse(values);
  }

  synchronized SetResponse set(SetRequest request) {
    List<SetResult> results = new ArrayList<>();
    for (Parameter p : request.parameters()) {
      results.add(setOne(p));
    }
    return new SetResponse(results);
  }

  private SetResult setOne(Parameter p) {
    ParameterDeclaration d = declaration(p.name());
    if (d == null) {
      return refused("parameter '" + p.name() + "' cannot be set because it was not declared");
    }
    Consumer<Object> apply = changeable.get(p.name());
    if (apply == null) {
      return refused("parameter '" + p.name() + "' cannot be set because it is read-only: the node reads it once "
          + "at start-up (change it in the parameter file or with -p and restart the node)");
    }
    byte declared = typeCode(d.type());
    if (p.value().type() != declared) {
      return refused("Wrong parameter type, parameter {" + p.name() + "} is of type {"
          + ParameterValueMsg.typeName(declared) + "}, setting it to {" + ParameterValueMsg.typeName(p.value().type())
          + "} is not allowed.");
    }
    JsonNode before = toJson(valueOf(d));
    try {
      params.set(p.name(), toJson(p.value()), "set_parameters");
      apply.accept(current(d));
      return new SetResult(true, "");
    } catch (IllegalArgumentException e) { // ParameterException included: a rule the value breaks
      params.set(p.name(), before, "set_parameters (restored)");
      return refused(e.getMessage());
    }
  }

  private static SetResult refused(String reason) {
    return new SetResult(false, reason);
  }

  synchronized DescribeResponse describe(NamesRequest request) {
    List<Descriptor> out = new ArrayList<>();
    for (String name : request.names()) {
      ParameterDeclaration d = declaration(name);
      out.add(d == null ? new Descriptor(name, ParameterValueMsg.NOT_SET, "", "", false)
          : new Descriptor(name, typeCode(d.type()), d.description(), d.ruleText(), !changeable.containsKey(name)));
    }
    return new DescribeResponse(out);
  }

  synchronized TypesResponse types(NamesRequest request) {
    List<Byte> out = new ArrayList<>();
    for (String name : request.names()) {
      ParameterDeclaration d = declaration(name);
      out.add(d == null ? ParameterValueMsg.NOT_SET : typeCode(d.type()));
    }
    return new TypesResponse(out);
  }

  private static boolean isSecret(ParameterDeclaration d) {
    return d.type() == ParameterType.STRING && d.name().endsWith("password");
  }

  private ParameterValueMsg hidden(ParameterDeclaration d) {
    return ParameterValueMsg.ofString(params.getString(d.name()).isEmpty() ? "" : HIDDEN);
  }

  private ParameterDeclaration declaration(String name) {
    for (ParameterDeclaration d : params.declarations()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }

  private Object current(ParameterDeclaration d) {
    return switch (d.type()) {
      case BOOL -> params.getBool(d.name());
      case INTEGER -> params.getLong(d.name());
      case DOUBLE -> params.getDouble(d.name());
      case STRING -> params.getString(d.name());
      case STRING_ARRAY -> params.getStringList(d.name());
    };
  }

  private ParameterValueMsg valueOf(ParameterDeclaration d) {
    return switch (d.type()) {
      case BOOL -> ParameterValueMsg.ofBool(params.getBool(d.name()));
      case INTEGER -> ParameterValueMsg.ofInteger(params.getLong(d.name()));
      case DOUBLE -> ParameterValueMsg.ofDouble(params.getDouble(d.name()));
      case STRING -> ParameterValueMsg.ofString(params.getString(d.name()));
      case STRING_ARRAY -> ParameterValueMsg.ofStrings(params.getStringList(d.name()));
    };
  }

  static byte typeCode(ParameterType type) {
    return switch (type) {
      case BOOL -> ParameterValueMsg.BOOL;
      case INTEGER -> ParameterValueMsg.INTEGER;
      case DOUBLE -> ParameterValueMsg.DOUBLE;
      case STRING -> ParameterValueMsg.STRING;
      case STRING_ARRAY -> ParameterValueMsg.STRING_ARRAY;
    };
  }

  private static JsonNode toJson(ParameterValueMsg v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (v.type()) {
      case ParameterValueMsg.BOOL -> f.booleanNode(v.boolValue());
      case ParameterValueMsg.INTEGER -> f.numberNode(v.integerValue());
      case ParameterValueMsg.DOUBLE -> f.numberNode(v.doubleValue());
      case ParameterValueMsg.STRING -> f.textNode(v.stringValue());
      case ParameterValueMsg.STRING_ARRAY -> {
        ArrayNode a = f.arrayNode();
        v.stringArray().forEach(a::add);
        yield a;
      }
      default -> throw new IllegalArgumentException("parameter values of type " + ParameterValueMsg.typeName(v.type())
          + " are not used by this node");
    };
  }
}
