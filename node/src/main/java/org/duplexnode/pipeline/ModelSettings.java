package org.duplexnode.pipeline;

import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.audio.WavClip;
import org.duplexnode.model.ContextBudget;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.SlidingWindow;

/**
 * How the model runs a session, from the node's parameters: the sliding window, the system
 * prompt and the voice prompt (read and checked at start-up, so a wrong file stops the node with
 * a clear message instead of failing the first unit).
 */
public record ModelSettings(SlidingWindow window, String systemPrompt, float[] voicePrompt) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelSettings.class);

  public static ModelSettings from(ParameterSet p) {
    SlidingWindow window = SlidingWindow.basic();
    if (SlidingWindow.parseMode(p.getString(NodeParameters.MODEL_SLIDING_WINDOW)) == SlidingWindow.Mode.CONTEXT) {
      SlidingWindow c = SlidingWindow.context();
      window = new SlidingWindow(c.mode(), c.highTokens(), c.lowTokens(), p.getInt(NodeParameters.MODEL_CONTEXT_MAX_UNITS),
          p.getInt(NodeParameters.MODEL_CONTEXT_PREVIOUS_MAX_TOKENS));
    }
    String system = p.getString(NodeParameters.MODEL_SYSTEM_PROMPT);
    String voice = p.getString(NodeParameters.MODEL_VOICE_PROMPT);
    float[] clip = null;
    if (!voice.isBlank()) {
      try {
        clip = WavClip.read16kMono(Path.of(voice));
      } catch (IllegalArgumentException e) {
        throw new ParameterException("parameter '" + NodeParameters.MODEL_VOICE_PROMPT + "': " + e.getMessage());
      }
    }
    return new ModelSettings(window, system.isBlank() ? null : system, clip);
  }

  /**
   * Checks at start-up that the system prompt (with the voice prompt) fits {@code model}'s context
   * budget; a {@link ParameterException} naming {@code model.system_prompt} when it does not, so the
   * node stops with a clear message instead of its model thread failing on the first forward.
   */
  public void checkFits(DuplexModel model) {
    String text = systemPrompt == null ? model.defaultSystemText() : systemPrompt;
    ContextBudget b = model.contextBudget(text, voicePrompt);
    if (!b.systemFits()) {
      throw new ParameterException("parameter '" + NodeParameters.MODEL_SYSTEM_PROMPT + "'"
          + (voicePrompt == null ? "" : " with '" + NodeParameters.MODEL_VOICE_PROMPT + "'") + " is "
          + b.systemTokens() + " tokens; the model's context budget for it is " + b.systemLimit() + " tokens ("
          + b.describe() + "): shorten it");
    }
    if (!b.windowKeepsUnits()) {
      LOG.warn("the system prompt is {} tokens: with {} the sliding window keeps no unit below its low mark of {}, "
          + "so the model remembers nothing of the conversation and no watch can be added", b.systemTokens(),
          b.previousTokens() > 0 ? "the earlier speech it keeps and one unit" : "one unit", b.window().lowTokens());
    }
  }

  public RuntimeOptions runtimeOptions(boolean greedy, long seed) {
    return new RuntimeOptions(greedy, seed, RuntimeOptions.DEFAULT_LLM_CACHE_ROWS, window);
  }

  /** The pipeline's model stage over {@code model}, with this system and voice prompt. */
  public DuplexModelProcessor processor(DuplexModel model) {
    return new DuplexModelProcessor(model, systemPrompt, voicePrompt);
  }
}
