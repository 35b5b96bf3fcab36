package org.duplexnode.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One parameter of the node, declared once: name, type, default, description and, optionally,
 * the rule a value must obey.
 *
 * @param rule what a valid value satisfies (checked after type conversion)
 * @param ruleText the rule in words, for error messages and docs; empty when there is no rule
 */
public record ParameterDeclaration(
    String name, ParameterType type, Object defaultValue, String description,
    Predicate<Object> rule, String ruleText) {

  public ParameterDeclaration {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(defaultValue);
    Objects.requireNonNull(description);
    Objects.requireNonNull(rule);
    Objects.requireNonNull(ruleText);
  }

  public static ParameterDeclaration of(String name, ParameterType type, Object defaultValue, String description) {
    return new ParameterDeclaration(name, type, normalise(type, defaultValue), description, v -> true, "");
  }

  /** The same declaration with a rule a value must satisfy. */
  public ParameterDeclaration must(String ruleText, Predicate<Object> rule) {
    return new ParameterDeclaration(name, type, defaultValue, description, rule, ruleText);
  }

  /** The same declaration, restricted to one of the given strings. */
  public ParameterDeclaration oneOf(String... allowed) {
    List<String> values = List.of(allowed);
    return must("one of " + values, values::contains);
  }

  void check(Object value) {
    if (!rule.test(value)) {
      throw new ParameterException("parameter '" + name + "' = " + value + " is not valid: must be " + ruleText);
    }
  }

  private static Object normalise(ParameterType type, Object v) {
    if (type == ParameterType.INTEGER && v instanceof Integer i) {
      return i.longValue();
    }
    if (type == ParameterType.DOUBLE && v instanceof Number n) {
      return n.doubleValue();
    }
    return v;
  }
}
