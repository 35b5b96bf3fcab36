package org.duplexnode.pipeline;

import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.session.AudioUnit;

/**
 * The model as the pipeline drives it, one unit at a time on the model thread. The production
 * implementation runs MiniCPM-o ({@link DuplexModelProcessor}); tests of the pipeline use scripted ones.
 */
public interface UnitProcessor extends AutoCloseable {
  /** What the model made of one unit. */
  record Processed(boolean listening, boolean forcedListen, String text, float[] speech, boolean endOfTurn,
                   int cacheTokens) {}

  /** Starts the conversation (system prompt); called once before the first unit. */
  void prepare();

  /**
   * Runs one unit.
   *
   * @param frame the picked camera frame, converted, or null
   * @param forceListen stop speaking now (barge-in from outside)
   */
  Processed process(AudioUnit audio, ModelImage frame, boolean forceListen);

  /** Text for the model to read once, with the next unit; the node's watches use {@link #armWatches} instead. */
  default void injectText(String text) {
  }

  /**
   * The instructions of the armed watches, in arming order (empty when none): the model keeps them
   * in its context, never evicted, from the next unit on until the next call changes them.
   */
  default void armWatches(java.util.List<String> instructions) {
  }

  /**
   * The tokens a watch's instruction {@code text} takes in the model's context while armed; 0 for
   * a model without a context budget.
   */
  default int textTokens(String text) {
    return 0;
  }

  /**
   * The tokens of injected text (the armed watches together) the model's context holds beside
   * its system prompt and the units; known after {@link #prepare()}. Unbounded by default.
   */
  default int textBudgetTokens() {
    return Integer.MAX_VALUE;
  }

  /**
   * Speaks {@code text} in the model's voice as its own turn, remembered by the conversation,
   * from the first unit with no turn open (~/say). Only called when {@link #speaksText()}.
   */
  default void say(String text) {
    throw new UnsupportedOperationException("this model cannot speak a given text");
  }

  /** Whether the unit just processed spoke a text given to {@link #say} rather than the model's own words. */
  default boolean lastUnitSaid() {
    return false;
  }

  /** Whether {@link #say} works: a model without a text-to-speech path refuses ~/say. */
  default boolean speaksText() {
    return false;
  }

  /** A new conversation (~/reset): everything the session learnt goes, the system prompt stays. */
  default void reset() {
    prepare();
  }

  @Override
  void close();
}
