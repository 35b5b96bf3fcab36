package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.model.spec.SlidingWindow;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic: what the system prompt and the watches may take of the cache. */
@Tag("unit")
class ContextBudgetTest {
  private static final SlidingWindow BASIC = SlidingWindow.basic().fittedTo(8192);

  @Test
  void aShortSystemPromptLeavesTheWindowItsUnitsAndTheWatchesTheRestBelowTheLowMark() {
    ContextBudget b = new ContextBudget(8192, BASIC, 99, 0, 17);
    assertThat(b.systemFits()).isTrue();
    assertThat(b.windowKeepsUnits()).isTrue();
    assertThat(b.textTokens()).isEqualTo(3500 - 99 - 17);
  }

  @Test
  void aSystemPromptAboveTheLowMarkRunsButKeepsNoUnitAndNoWatch() {
    ContextBudget b = new ContextBudget(8192, BASIC, 99, 0, 5000);
    assertThat(b.systemFits()).isTrue();
    assertThat(b.windowKeepsUnits()).isFalse();
    assertThat(b.textTokens()).isZero();
  }

  @Test
  void aSystemPromptThatWouldOverflowTheCacheWithOneUnitDoesNotFit() {
    assertThat(new ContextBudget(8192, BASIC, 99, 0, 8093).systemFits()).isTrue();
    ContextBudget b = new ContextBudget(8192, BASIC, 99, 0, 8094);
    assertThat(b.systemFits()).isFalse();
    assertThat(new ContextBudgetException(b)).hasMessage("the system prompt is 8094 tokens; the model's context "
        + "budget allows at most 8093 (LLM cache of 8192 positions, sliding window 3500..4000, 99 per unit)");
  }

  @Test
  void earlierSpeechOfTheContextWindowIsReserved() {
    SlidingWindow context = SlidingWindow.context().fittedTo(8192);
    ContextBudget b = new ContextBudget(8192, context, 99, 504, 17);
    assertThat(b.systemLimit()).isEqualTo(8192 - 504 - 99);
    assertThat(b.textTokens()).isEqualTo(3500 - 504 - 99 - 17);
  }

  @Test
  void aSmallCacheLimitsTheTextOneUnitMayCarry() {
    // high mark 540 in a 700-row cache: one unit may bring 700 - 540 - 99 positions of text
    SlidingWindow w = SlidingWindow.basic().fittedTo(700);
    ContextBudget b = new ContextBudget(700, w, 99, 0, 17);
    assertThat(b.textTokens()).isEqualTo(700 - 540 - 99);
  }
}
