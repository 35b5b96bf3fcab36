package org.duplexnode.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.SlidingWindow;
import org.duplexnode.model.spec.SpecialTokens;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Armed means remembered: over two hours of units with frames, in both sliding-window modes, the
 * armed watches' instructions are in what the model holds (the cache after every eviction) at every
 * unit, and leave it when the watch ends.
 */
@Tag("integration")
class ArmedWatchesInContextTest {
  static final SpecialTokens T = SpecialTokens.minicpmO45();
  static final int UNITS = 2 * 3600;
  static final List<Integer> FIRST = range(50_001, 12);
  static final List<Integer> SECOND = range(60_001, 9);

  @ParameterizedTest
  @EnumSource(SlidingWindow.Mode.class)
  void armedInstructionsStayInTheContextForHoursAndLeaveWhenTheWatchEnds(SlidingWindow.Mode mode) {
    ScriptedLanguageModel llm = new ScriptedLanguageModel();
    DuplexConversation conv = new DuplexConversation(llm, T, DecodeOptions.greedyDefaults().withForceListenUnits(0),
        new int[0], ids -> "w".repeat(ids.length));
    conv.slidingWindow(mode == SlidingWindow.Mode.BASIC ? SlidingWindow.basic() : SlidingWindow.context(),
        new int[] {7, 8});
    conv.prepare(new int[] {1, 2, 3}, DuplexConversationTest.audio(5), new int[] {4, 5});
    int splicesBefore = 0;
    List<Integer> forgotten = new ArrayList<>();
    List<Integer> outsideProtected = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();

    for (int u = 0; u < UNITS; u++) {
      // The armed set over the session: the first watch at unit 100, a second at 1800, the first
      // removed at 4000, the second expired at 6000.
      List<Integer> armed = new ArrayList<>();
      if (u >= 100 && u < 4000) {
        armed.addAll(FIRST);
      }
      if (u >= 1800 && u < 6000) {
        armed.addAll(SECOND);
      }
      // Told at every unit, as the node re-states the set: the same set again must cost nothing.
      conv.armedText(armed.stream().mapToInt(Integer::intValue).toArray());
      if (u % 7 == 0) {
        llm.then(T.speak(), 100 + u % 50, 200, T.turnEos(), T.listen());
      } else {
        llm.then(T.listen());
      }
      conv.prefill(DuplexConversationTest.audio(64), DuplexConversationTest.audio(10));
      conv.generate();
      conv.finalizeUnit();

      List<Integer> held = llm.context;
      assertThat(held).as("cache rows at unit %d", u).hasSize(llm.cacheLength());
      assertThat(held.size()).as("cache bounded at unit %d", u).isLessThanOrEqualTo(4000 + 100);
      boolean firstArmed = u >= 100 && u < 4000;
      boolean secondArmed = u >= 1800 && u < 6000;
      check(held, FIRST, firstArmed, conv, u, forgotten, outsideProtected, kept);
      check(held, SECOND, secondArmed, conv, u, forgotten, outsideProtected, kept);
      if (u == 99) {
        splicesBefore = llm.splices.size();
      }
    }
    assertThat(forgotten).as("units at which an armed watch's instruction was not in the context").isEmpty();
    assertThat(kept).as("units at which an ended watch's tokens were still in the context").isEmpty();
    assertThat(outsideProtected).as("units at which an armed instruction was outside the protected region")
        .isEmpty();
    assertThat(conv.evictedUnits()).as("the window evicted units all along").isGreaterThan(UNITS - 100);
    if (mode == SlidingWindow.Mode.BASIC) {
      // Four changes of the armed set, four splices of the protected region: no re-prefill per unit.
      assertThat(llm.splices).hasSize(4);
    } else {
      assertThat(llm.splices.size() - splicesBefore).as("splices").isLessThan((int) conv.evictedUnits() + 5);
    }
  }

  private static void check(List<Integer> held, List<Integer> instruction, boolean armed, DuplexConversation conv,
                            int unit, List<Integer> forgotten, List<Integer> outsideProtected, List<Integer> kept) {
    int at = Collections.indexOfSubList(held, instruction);
    if (armed && at < 0) {
      forgotten.add(unit);
    } else if (armed && at + instruction.size() > conv.systemLength()) {
      outsideProtected.add(unit);
    } else if (!armed && !Collections.disjoint(held, instruction)) {
      kept.add(unit);
    }
  }

  private static List<Integer> range(int from, int n) {
    return IntStream.range(from, from + n).boxed().toList();
  }

  @org.junit.jupiter.api.Test
  void aSessionWithoutWatchesFeedsAndSplicesExactlyAsBefore() {
    ScriptedLanguageModel llm = new ScriptedLanguageModel();
    DuplexConversation conv = new DuplexConversation(llm, T, DecodeOptions.greedyDefaults().withForceListenUnits(0),
        new int[0], ids -> "w".repeat(ids.length));
    conv.slidingWindow(SlidingWindow.context(), new int[] {7, 8});
    conv.prepare(new int[] {1, 2, 3}, null, new int[] {4, 5});
    conv.armedText(new int[0]);
    for (int u = 0; u < 40; u++) {
      llm.then(T.speak(), 100 + u, T.turnEos(), T.chunkEos());
      conv.prefill(null, DuplexConversationTest.audio(10));
      conv.generate();
      conv.finalizeUnit();
    }
    // The context window's first eviction: [prefix][previous][suffix] recomputed, nothing more.
    assertThat(llm.splices.get(0)).startsWith(3, 2 + 16, 2 + 1 + 2);
    assertThat(Arrays.copyOfRange(llm.splices.get(0), 3, 3 + 5)).containsExactly(7, 8, 100, 4, 5);
  }
}
