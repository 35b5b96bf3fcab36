package org.duplexnode.outputs;

import java.util.Locale;

/**
 * The language of the instruction that asks the model to watch: the model answers in the language
 * it is spoken to, so a Chinese conversation gets a Chinese instruction.
 */
public enum WatchLanguage {
  EN("Please keep watching and tell me as soon as this happens: "),
  ZH("请一直留意，一旦发生以下情况就马上告诉我：");

  private final String lead;

  WatchLanguage(String lead) {
    this.lead = lead;
  }

  /** The text fed to the model so that it watches for {@code condition}: a user turn in its own words. */
  public String instruction(String condition) {
    return lead + condition.strip();
  }

  /**
   * The language a {@code model.language} setting names: {@code en}, {@code zh}, or {@code auto},
   * the script of {@code systemPrompt} (Chinese when it has more Han characters than Latin letters;
   * English for none).
   */
  public static WatchLanguage of(String setting, String systemPrompt) {
    return switch (setting.toLowerCase(Locale.ROOT)) {
      case "en" -> EN;
      case "zh" -> ZH;
      case "auto" -> ofScript(systemPrompt == null ? "" : systemPrompt);
      default -> throw new IllegalArgumentException("language must be auto, en or zh, not '" + setting + "'");
    };
  }

  static WatchLanguage ofScript(String text) {
    long han = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count();
    long latin = text.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN).count();
    return han > latin ? ZH : EN;
  }
}
