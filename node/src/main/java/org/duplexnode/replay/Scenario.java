package org.duplexnode.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A scenario file ({@code --expect scenario.yaml}): the behaviour a replay must show. Times are
 * seconds from the start of the bag. Example:
 *
 * <pre>
 * name: green light
 * checks:
 *   - event: {text: "(?i)green", from_s: 5, to_s: 20, watch: w1}
 *   - event_after: {after_s: 9, within_units: 2, watch: w1}
 *   - no_event: {from_s: 0, to_s: 9}
 *   - no_speech: {from_s: 0, to_s: 3}
 *   - speech: {from_s: 3, to_s: 20}
 *   - transcript: {text: "(?i)hello"}
 *   - barge_in: {within_ms: 1000}
 *   - user_speech: {from_s: 9, to_s: 9.2}
 *   - no_user_speech: {from_s: 0, to_s: 9}
 *   - barge_in_notice: {from_s: 9, to_s: 9.2}
 *   - model_input: {from_s: 5, to_s: 9, max_dbfs: -45}
 *   - max_drops: 0
 * </pre>
 */
public record Scenario(String name, List<Check> checks) {

  /** One expectation. */
  public sealed interface Check
      permits EventCheck, EventAfter, NoEvent, NoSpeech, SpeechIn, TranscriptCheck, BargeIn, MaxDrops,
      UserSpeechIn, NoUserSpeech, BargeInNoticeCheck, ModelInput {
    String describe();
  }

  /** A check about a window of the run, seconds from its start; skipped when no unit lies in it. */
  public interface Windowed {
    double fromS();

    double toS();
  }

  /** At least one proactive event whose text matches, in the window, optionally answering a watch. */
  public record EventCheck(Pattern text, double fromS, double toS, String watch) implements Check, Windowed {
    public String describe() {
      return "event /" + text + "/ in [" + fromS + ", " + toS + "] s" + (watch.isEmpty() ? "" : " for watch " + watch);
    }
  }

  /**
   * A proactive event (optionally for a watch, with matching text) raised by one of the first
   * {@code withinUnits} units that end at or after {@code afterS}: the units that could have seen
   * what happened at {@code afterS} (a frame stamped then), the first of them included.
   */
  public record EventAfter(double afterS, int withinUnits, Pattern text, String watch) implements Check {
    public String describe() {
      return "event /" + text + "/" + (watch.isEmpty() ? "" : " for watch " + watch) + " within " + withinUnits
          + (withinUnits == 1 ? " unit" : " units") + " of " + afterS + " s";
    }
  }

  /** No proactive event raised in the window, whatever its watch. */
  public record NoEvent(double fromS, double toS) implements Check, Windowed {
    public String describe() {
      return "no event in [" + fromS + ", " + toS + "] s";
    }
  }

  /** No speech chunk stamped in the window. */
  public record NoSpeech(double fromS, double toS) implements Check, Windowed {
    public String describe() {
      return "no speech in [" + fromS + ", " + toS + "] s";
    }
  }

  /** Some speech in the window. */
  public record SpeechIn(double fromS, double toS) implements Check, Windowed {
    public String describe() {
      return "speech in [" + fromS + ", " + toS + "] s";
    }
  }

  /** Some transcript text matches. */
  public record TranscriptCheck(Pattern text) implements Check {
    public String describe() {
      return "transcript /" + text + "/";
    }
  }

  /** After each force-listen, the open utterance ends (interrupted) within the time. */
  public record BargeIn(double withinMs) implements Check {
    public String describe() {
      return "speech stops within " + withinMs + " ms of each force-listen";
    }
  }

  /** The user's voice starts (a START on ~/user_speech, by its onset) in the window. */
  public record UserSpeechIn(double fromS, double toS) implements Check, Windowed {
    public String describe() {
      return "user speech starts in [" + fromS + ", " + toS + "] s";
    }
  }

  /** Nothing the node heard in the window was taken for the user (no START on ~/user_speech): its own echo, say. */
  public record NoUserSpeech(double fromS, double toS) implements Check, Windowed {
    public String describe() {
      return "no user speech starts in [" + fromS + ", " + toS + "] s";
    }
  }

  /**
   * The run's first barge-in on ~/state (the user's voice over the node's speech or the far end)
   * has its onset in the window: it came in time, and nothing before it (an echo) raised one.
   */
  public record BargeInNoticeCheck(double fromS, double toS) implements Check {
    public String describe() {
      return "first barge-in on ~/state in [" + fromS + ", " + toS + "] s";
    }
  }

  /**
   * Every unit whose audio lies in the window reached the model at a level (RMS, dBFS) within the
   * bounds: below {@code maxDbfs} (the robot's echo taken out), above {@code minDbfs} (the user's
   * voice kept). A missing bound is no bound.
   */
  public record ModelInput(double fromS, double toS, double maxDbfs, double minDbfs) implements Check, Windowed {
    public String describe() {
      return "model input in [" + fromS + ", " + toS + "] s" + (Double.isNaN(maxDbfs) ? "" : " below " + maxDbfs
          + " dBFS") + (Double.isNaN(minDbfs) ? "" : " above " + minDbfs + " dBFS");
    }
  }

  /** At most this many units dropped. */
  public record MaxDrops(long max) implements Check {
    public String describe() {
      return "at most " + max + " dropped units";
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  public static Scenario load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("checks").isArray()) {
      throw new IllegalArgumentException("scenario " + file + " must be a map with a 'checks' list");
    }
    List<Check> checks = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.get("checks")) {
      i++;
      if (!c.isObject() || c.size() != 1) {
        throw new IllegalArgumentException(file + ": check " + i + " must be a map with one key");
      }
      Map.Entry<String, JsonNode> e = c.fields().next();
      checks.add(parse(file + ": check " + i + " (" + e.getKey() + ")", e.getKey(), e.getValue()));
    }
    return new Scenario(root.path("name").asText(file.getFileName().toString()), List.copyOf(checks));
  }

  private static Check parse(String where, String kind, JsonNode v) {
    switch (kind) {
      case "event":
        return new EventCheck(regex(where, v.path("text").asText(".*")), v.path("from_s").asDouble(0),
            v.path("to_s").asDouble(Double.MAX_VALUE), v.path("watch").asText(""));
      case "event_after":
        if (!v.path("within_units").canConvertToInt() || v.path("within_units").asInt() < 1) {
          throw new IllegalArgumentException(where + ": 'within_units' must be a whole number of at least 1");
        }
        return new EventAfter(required(where, v, "after_s"), v.path("within_units").asInt(),
            regex(where, v.path("text").asText(".*")), v.path("watch").asText(""));
      case "no_event":
        return new NoEvent(v.path("from_s").asDouble(0), required(where, v, "to_s"));
      case "no_speech":
        return new NoSpeech(required(where, v, "from_s"), required(where, v, "to_s"));
      case "speech":
        return new SpeechIn(required(where, v, "from_s"), required(where, v, "to_s"));
      case "transcript":
        return new TranscriptCheck(regex(where, v.path("text").asText("")));
      case "barge_in":
        return new BargeIn(required(where, v, "within_ms"));
      case "user_speech":
        return new UserSpeechIn(required(where, v, "from_s"), required(where, v, "to_s"));
      case "no_user_speech":
        return new NoUserSpeech(v.path("from_s").asDouble(0), required(where, v, "to_s"));
      case "barge_in_notice":
        return new BargeInNoticeCheck(required(where, v, "from_s"), required(where, v, "to_s"));
      case "model_input":
        if (!v.path("max_dbfs").isNumber() && !v.path("min_dbfs").isNumber()) {
          throw new IllegalArgumentException(where + ": give 'max_dbfs', 'min_dbfs' or both");
        }
        return new ModelInput(required(where, v, "from_s"), required(where, v, "to_s"),
            v.path("max_dbfs").isNumber() ? v.get("max_dbfs").asDouble() : Double.NaN,
            v.path("min_dbfs").isNumber() ? v.get("min_dbfs").asDouble() : Double.NaN);
      case "max_drops":
        if (!v.canConvertToLong()) {
          throw new IllegalArgumentException(where + ": max_drops needs an integer");
        }
        return new MaxDrops(v.asLong());
      default:
        throw new IllegalArgumentException(where + ": unknown check; use event, event_after, no_event, no_speech, "
            + "speech, transcript, barge_in, user_speech, no_user_speech, barge_in_notice, model_input or max_drops");
    }
  }

  private static double required(String where, JsonNode v, String key) {
    if (!v.path(key).isNumber()) {
      throw new IllegalArgumentException(where + ": '" + key + "' must be a number");
    }
    return v.get(key).asDouble();
  }

  private static Pattern regex(String where, String text) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(where + ": bad regular expression: " + e.getDescription());
    }
  }

}
