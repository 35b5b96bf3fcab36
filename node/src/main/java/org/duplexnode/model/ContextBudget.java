package org.duplexnode.model;

import org.duplexnode.model.spec.SlidingWindow;
/**
 * How a session shares the LLM's key cache, from the model package and the sliding window:
 *
 * <pre>
 *   | system prompt (+ previous text) | armed watches' instructions | units ... | one more unit |
 *   0                         low mark of the window ──┘          high mark ──┘     cache rows ──┘
 * </pre>
 *
 * The window keeps the cache at most at its high mark after every unit (evicting whole units down
 * to the low mark), so one more unit always fits when a unit's own positions and the text fed
 * with it fit between the high mark and the cache's end. The system prompt is never evicted: with
 * the room the context window keeps for earlier speech and one unit it must fit the cache, or the
 * first unit overflows it. Above the low mark it still runs, but the window then keeps no unit
 * ({@link #windowKeepsUnits()}). The armed watches' instructions are never evicted either (they
 * sit after the system prompt): with it they must stay under the low mark so that units are kept,
 * and a change of them, spliced in at a unit boundary, must fit above the high mark with that unit.
 *
 * @param cacheRows positions the LLM cache holds (the runtime's cache rows, at most the
 *     package's {@code llm.max_positions})
 * @param window the sliding window, fitted to {@code cacheRows}
 * @param unitTokens the most positions one unit adds without text: {@code <unit>}, an image block
 *     ({@code image.num_queries} + 2), the audio embeddings ({@code audio.embeddings_per_chunk}),
 *     the generated tokens ({@code decoding.max_new_speak_tokens_per_unit}, a closing turn_eos
 *     included), the terminator and {@code </unit>}
 * @param previousTokens with the context window, the positions earlier speech may take in the
 *     system prompt (marker and {@code maxPreviousTokens}); else 0
 * @param systemTokens the system prompt's positions (prefix, voice prompt, suffix)
 */
public record ContextBudget(int cacheRows, SlidingWindow window, int unitTokens, int previousTokens,
                            int systemTokens) {

  /** The most positions the system prompt may take: the cache less earlier speech and one unit. */
  public int systemLimit() {
    return cacheRows - previousTokens - unitTokens;
  }

  public boolean systemFits() {
    return systemTokens <= systemLimit();
  }

  /** Whether the system prompt, earlier speech and a unit stay under the window's low mark, so that units are kept. */
  public boolean windowKeepsUnits() {
    return systemTokens + previousTokens + unitTokens <= window.lowTokens();
  }

  /** Positions left for the armed watches' instructions, together; 0 when the window keeps no unit. */
  public int textTokens() {
    return Math.max(0, Math.min(window.lowTokens() - previousTokens - unitTokens - systemTokens,
        cacheRows - window.highTokens() - unitTokens));
  }

  /** The figures the budget comes from, for error messages. */
  public String describe() {
    return "LLM cache of " + cacheRows + " positions, sliding window " + window.lowTokens() + ".."
        + window.highTokens() + ", " + unitTokens + " per unit" + (previousTokens > 0 ? ", " + previousTokens
        + " kept for earlier speech" : "");
  }
}
