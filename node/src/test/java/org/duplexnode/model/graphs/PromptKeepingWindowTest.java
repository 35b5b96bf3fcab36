package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.graphs.PromptKeepingWindow.Layout;
import org.duplexnode.model.pkg.Token2WavCacheWindows;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The release's row-keeping rule (stepaudio2 Token2wav.stream as MiniCPM-o 4.5 uses it) on rows
 * that carry their own ids: prompt 4 frames, 2 recent rows, two heads (head 1's ids + 1000).
 */
@Tag("unit")
class PromptKeepingWindowTest {
  static final Token2WavCacheWindows RULE = new Token2WavCacheWindows(true, 4, 2);

  @Test
  void theRuleKeepsEverythingUpToThePromptPlusTheRecentRowsThenTheFirstPromptRowsAndTheLastRecentOnes() {
    assertThat(RULE.keptRanges(6)).containsExactly(new int[] {0, 6});
    assertThat(RULE.keptRanges(9)).containsExactly(new int[] {0, 4}, new int[] {7, 9});
    Token2WavCacheWindows release = new Token2WavCacheWindows(true, 300, Token2WavCacheWindows.RELEASE_KEEP_RECENT);
    assertThat(release.boundRows()).isEqualTo(400);
    assertThat(release.keptRanges(450)).containsExactly(new int[] {0, 300}, new int[] {350, 450});
    assertThatThrownBy(() -> new Token2WavCacheWindows(true, 5, 100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("even");
  }

  @Test
  void theDitStoresNewRowsFirstSoACutKeepsTheNewestPromptLengthRowsAndTheOldestRecentOnes() {
    PromptKeepingWindow w = window(Layout.PREPEND, 8);
    w.load(rows(0, 1, 2, 3), 4);
    w.append(tensor(10, 11));
    assertThat(ids(w)).containsExactly(10, 11, 0, 1, 2, 3);
    w.append(tensor(20, 21));
    assertThat(ids(w)).containsExactly(20, 21, 10, 11, 2, 3);
    w.append(tensor(30));
    assertThat(ids(w)).containsExactly(30, 20, 21, 10, 2, 3);
  }

  @Test
  void theUpLayersAppendSoACutKeepsThePromptAndTheLatestRows() {
    PromptKeepingWindow w = window(Layout.APPEND, 8);
    w.load(rows(0, 1, 2, 3), 4);
    w.append(tensor(10, 11));
    assertThat(ids(w)).containsExactly(0, 1, 2, 3, 10, 11);
    w.append(tensor(20, 21));
    assertThat(ids(w)).containsExactly(0, 1, 2, 3, 20, 21);
  }

  @Test
  void the25HzLayersReadTheFirstHalfOfTheirTiledRowsSoAfterACutTheySeeThePromptAndTheFirstNewRows() {
    PromptKeepingWindow w = window(Layout.TILED, 8);
    w.load(rows(0, 1), 2);                                  // stored [0 1 0 1]
    assertThat(ids(w)).containsExactly(0, 1);
    w.append(tensor(10));                                   // [0 1 10 0 1 10]: 6 rows, no cut
    assertThat(ids(w)).containsExactly(0, 1, 10);
    w.append(tensor(20));                                   // [0 1 10 20 0 1 10 20] -> [0 1 10 20] + [10 20]
    assertThat(ids(w)).containsExactly(0, 1, 10);
    w.append(tensor(30, 31));
    assertThat(ids(w)).containsExactly(0, 1, 10);
  }

  @Test
  void aVoiceThatIsNotTheWholePromptOrAWindowTooLongIsRefused() {
    PromptKeepingWindow w = window(Layout.APPEND, 2);
    assertThatThrownBy(() -> w.load(rows(0, 1, 2), 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the whole prompt is 4");
    w.load(rows(0, 1, 2, 3), 4);
    assertThatThrownBy(() -> w.append(tensor(1, 2, 3, 4, 5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overflow");
    assertThat(ids(w)).containsExactly(0, 1, 2, 3);
  }

  private static PromptKeepingWindow window(Layout layout, int maxNew) {
    return new PromptKeepingWindow("test", 1, 1, 2, 1, layout, RULE, maxNew);
  }

  /** [1, 1, 2 heads, frames, 1]: head 0 the ids, head 1 the ids + 1000. */
  private static float[] rows(int... ids) {
    float[] r = new float[2 * ids.length];
    for (int i = 0; i < ids.length; i++) {
      r[i] = ids[i];
      r[ids.length + i] = ids[i] + 1000;
    }
    return r;
  }

  private static Tensor tensor(int... ids) {
    return Tensor.ofFloats(rows(ids), 1, 1, 2, ids.length, 1);
  }

  /** Head 0's ids, after checking head 1 holds the same rows. */
  private static List<Integer> ids(PromptKeepingWindow w) {
    Tensor t = w.tensor();
    int n = w.length();
    assertThat(t.dim(3)).isEqualTo(n);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float head0 = t.floats().get(i);
      assertThat(t.floats().get(n + i)).isEqualTo(head0 + 1000);
      out.add((int) head0);
    }
    return out;
  }
}
