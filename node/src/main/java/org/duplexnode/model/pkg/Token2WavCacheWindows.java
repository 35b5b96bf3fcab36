package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rows the Token2Wav attention caches keep between windows, from the manifest's
 * {@code token2wav.cache_policy}:
 * <ul>
 *   <li>{@code "last_rows"} (the default): the last {@code encoder.att_cache_frames},
 *       {@code encoder.up_att_cache_frames} and {@code dit.att_cache_frames} rows;</li>
 *   <li>{@code "prompt_and_recent"}: the release's rule. The voice tables hold the whole prompt
 *       ({@code token2wav.prompt_frames} mel frames at 50 Hz); once a cache (in the release's
 *       layout, 50 Hz long) is longer than {@code prompt_frames + cache_keep_recent}, it is cut to
 *       its first {@code prompt_frames} rows and its last {@code cache_keep_recent} rows
 *       ({@code cache_keep_recent} defaults to the release's 100).</li>
 * </ul>
 */
public record Token2WavCacheWindows(boolean keepsPrompt, int promptFrames, int keepRecent) {
  public static final String POLICY = "token2wav.cache_policy";
  public static final String PROMPT_FRAMES = "token2wav.prompt_frames";
  public static final String KEEP_RECENT = "token2wav.cache_keep_recent";
  public static final String LAST_ROWS = "last_rows";
  public static final String PROMPT_AND_RECENT = "prompt_and_recent";
  /** The release's number of recent rows (stepaudio2 Token2wav.stream). */
  public static final int RELEASE_KEEP_RECENT = 100;
  /** A voice prompt is at most 30 s: 1500 mel frames (make_package refuses longer ones). */
  static final int MAX_PROMPT_FRAMES = 1500;
  static final int MAX_KEEP_RECENT = 1000;

  /** The contract's policy: the last rows only. */
  public static final Token2WavCacheWindows LAST = new Token2WavCacheWindows(false, 0, 0);

  public Token2WavCacheWindows {
    if (keepsPrompt && (promptFrames <= 0 || promptFrames % 2 != 0 || keepRecent <= 0 || keepRecent % 2 != 0)) {
      throw new IllegalArgumentException("the prompt's frames (" + promptFrames + ") and the recent rows ("
          + keepRecent + ") must be positive and even");
    }
  }

  /** The manifest's policy; {@link IllegalArgumentException} when its keys are wrong ({@link #problems} says why). */
  public static Token2WavCacheWindows of(Manifest m) {
    List<String> problems = problems(m);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (!m.has(POLICY) || m.textAt(POLICY).equals(LAST_ROWS)) {
      return LAST;
    }
    return new Token2WavCacheWindows(true, m.intAt(PROMPT_FRAMES),
        m.has(KEEP_RECENT) ? m.intAt(KEEP_RECENT) : RELEASE_KEEP_RECENT);
  }

  /** The most rows a cache holds between windows (50 Hz rows; the 25 Hz encoder layers read half). */
  public int boundRows() {
    return promptFrames + keepRecent;
  }

  /**
   * The row ranges {@code [from, to)} a cache of {@code length} rows (in the release's layout) keeps:
   * all of it up to {@link #boundRows()}, else its first {@code promptFrames} and its last {@code keepRecent}.
   */
  public List<int[]> keptRanges(int length) {
    if (length <= boundRows()) {
      return List.of(new int[] {0, length});
    }
    return List.of(new int[] {0, promptFrames}, new int[] {length - keepRecent, length});
  }

  /** What is wrong with the policy keys of {@code m}, one line each (none when they are absent). */
  static List<String> problems(Manifest m) {
    List<String> problems = new ArrayList<>();
    if (!m.has(POLICY)) {
      return problems;
    }
    JsonNode policy = m.at(POLICY);
    if (!policy.isTextual() || !(policy.asText().equals(LAST_ROWS) || policy.asText().equals(PROMPT_AND_RECENT))) {
      problems.add(Manifest.FILE_NAME + ": " + POLICY + " is " + policy + ", expected \"" + LAST_ROWS + "\" or \""
          + PROMPT_AND_RECENT + "\"");
      return problems;
    }
    if (policy.asText().equals(LAST_ROWS)) {
      return problems;
    }
    String frames = evenIn(m.at(PROMPT_FRAMES), 2, MAX_PROMPT_FRAMES);
    if (frames != null) {
      problems.add(Manifest.FILE_NAME + ": " + PROMPT_FRAMES + " " + frames + " (the " + PROMPT_AND_RECENT
          + " policy needs it)");
    }
    if (m.has(KEEP_RECENT)) {
      String keep = evenIn(m.at(KEEP_RECENT), 2, MAX_KEEP_RECENT);
      if (keep != null) {
        problems.add(Manifest.FILE_NAME + ": " + KEEP_RECENT + " " + keep);
      }
    }
    if (frames == null) {
      int p = m.intAt(PROMPT_FRAMES);
      // the voice tables must hold the whole prompt: 25 Hz encoder rows, 50 Hz up and DiT rows
      voiceRows(m, "enc_keys", 3, p / 2, problems);
      voiceRows(m, "enc_values", 3, p / 2, problems);
      voiceRows(m, "up_keys", 3, p, problems);
      voiceRows(m, "up_values", 3, p, problems);
      voiceRows(m, "dit_keys", 4, p, problems);
      voiceRows(m, "dit_values", 4, p, problems);
    }
    return problems;
  }

  private static String evenIn(JsonNode n, int min, int max) {
    if (n.isMissingNode() || n.isNull()) {
      return "is missing";
    }
    if (!n.isIntegralNumber() || n.longValue() < min || n.longValue() > max || n.longValue() % 2 != 0) {
      return "is " + n + ", expected an even integer in [" + min + ", " + max + "]";
    }
    return null;
  }

  private static void voiceRows(Manifest m, String table, int dim, int rows, List<String> problems) {
    JsonNode shape = m.at("token2wav.voice." + table + ".shape");
    if (shape.isArray() && shape.size() > dim && shape.get(dim).asLong() != rows) {
      problems.add(Manifest.FILE_NAME + ": token2wav.voice." + table + " holds " + shape.get(dim) + " rows, the "
          + PROMPT_AND_RECENT + " policy needs the whole prompt: " + rows + " (" + PROMPT_FRAMES + " "
          + m.intAt(PROMPT_FRAMES) + ")");
    }
  }
}
