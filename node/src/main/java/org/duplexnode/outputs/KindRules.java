package org.duplexnode.outputs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Optional rules that map an event's text to a typed kind for behaviours that want enums
 * ("green_light" for /green/i): the first matching rule wins, else the kind is "utterance".
 */
public final class KindRules {
  /** One rule: a case-insensitive regular expression and the kind it gives. */
  public record Rule(Pattern pattern, String kind) {
    public static Rule of(String regex, String kind) {
      return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), kind);
    }
  }

  public static final String DEFAULT_KIND = "utterance";

  private final List<Rule> rules;

  public KindRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static KindRules none() {
    return new KindRules(List.of());
  }

  /**
   * Reads rules from a YAML file: {@code rules: [{match: "(?i)green", kind: green_light}, ...]}.
   * A bad file or expression is an error naming the rule.
   */
  public static KindRules load(java.nio.file.Path file) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read kind rules " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("rules").isArray()) {
      throw new IllegalArgumentException("kind rules " + file + " must have a 'rules' list");
    }
    List<Rule> rules = new java.util.ArrayList<>();
    int i = 0;
    for (com.fasterxml.jackson.databind.JsonNode r : root.get("rules")) {
      i++;
      String match = r.path("match").asText("");
      String kind = r.path("kind").asText("");
      if (match.isEmpty() || kind.isEmpty() || kind.length() > 64) {
        throw new IllegalArgumentException(file + ": rule " + i + " needs 'match' and a 'kind' of 1..64 characters");
      }
      try {
        rules.add(Rule.of(match, kind));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException(file + ": rule " + i + " has a bad expression: " + e.getDescription());
      }
    }
    return new KindRules(rules);
  }

  public String kindOf(String text) {
    for (Rule r : rules) {
      if (r.pattern().matcher(text).find()) {
        return r.kind();
      }
    }
    return DEFAULT_KIND;
  }
}
