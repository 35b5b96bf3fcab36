package org.duplexnode.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.duplexnode.engine.EngineException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProfileSelectorTest {
  // decode (S = 1) first, then prefill (S up to 128); past up to 4096 rows in both
  final ProfileSelector selector = new ProfileSelector("llm_step", List.of(
      new ProfileSelector.Profile(Map.of("inputs_embeds", new long[][] {{1, 1, 16}, {1, 1, 16}},
          "past_keys", new long[][] {{0, 2, 2, 8}, {4096, 2, 2, 8}})),
      new ProfileSelector.Profile(Map.of("inputs_embeds", new long[][] {{1, 1, 16}, {1, 128, 16}},
          "past_keys", new long[][] {{0, 2, 2, 8}, {4096, 2, 2, 8}}))));

  @Test
  void picksTheFirstProfileHoldingEveryShape() {
    assertThat(selector.select(Map.of("inputs_embeds", new long[] {1, 1, 16}, "past_keys", new long[] {30, 2, 2, 8})))
        .isZero();
    assertThat(selector.select(Map.of("inputs_embeds", new long[] {1, 77, 16}, "past_keys", new long[] {0, 2, 2, 8})))
        .isEqualTo(1);
  }

  @Test
  void aShapeOutsideEveryProfileNamesTheInputAndTheRange() {
    assertThatThrownBy(() -> selector.select(Map.of("inputs_embeds", new long[] {1, 1, 16},
        "past_keys", new long[] {5000, 2, 2, 8})))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("llm_step").hasMessageContaining("past_keys[5000, 2, 2, 8]")
        .hasMessageContaining("[4096, 2, 2, 8]");
  }
}
