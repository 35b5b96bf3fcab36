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

  public String kindOf(String text) {
    for (Rule r : rules) {
      if (r.pattern().matcher(text).find()) {
        return r.kind();
      }
    }
    return DEFAULT_KIND;
  }
}
