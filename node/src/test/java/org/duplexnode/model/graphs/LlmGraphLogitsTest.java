package org.duplexnode.model.graphs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.model.pkg.GraphContract;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.PackageGraphs;
import org.duplexnode.model.pkg.TinyPackage;
import org.duplexnode.model.spec.LanguageModel;
import org.duplexnode.model.spec.Logits;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The tiny package's real llm_step: its shortlist and log-sum-exp agree with its own logits. */
@Tag("integration")
class LlmGraphLogitsTest {

  @Test
  void theShortlistIsTheTopOfTheLogitsAndGoesStaleAtTheNextFeed() {
    try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.cpu();
         ModelPackage pkg = ModelPackage.open(TinyPackage.DIR);
         PackageGraphs graphs = pkg.loadGraphs(engine)) {
      LlmGraph llm = new LlmGraph(graphs.get("llm_step"), pkg.embeddings("llm_embed"), pkg.manifest(), 64);
      Random r = new Random(9);
      float[] embeds = new float[3 * llm.hiddenSize()];
      for (int i = 0; i < embeds.length; i++) {
        embeds[i] = (float) r.nextGaussian();
      }
      LanguageModel.Step step = llm.feed(embeds, 3);
      Logits l = step.logits();
      float[] all = new float[l.size()];
      l.copyTo(all);

      assertThat(l.size()).isEqualTo(151748);
      assertThat(l.topCount()).isEqualTo(GraphContract.LLM_TOP_K);
      int above = 0;
      float smallest = l.topValue(l.topCount() - 1);
      for (float v : all) {
        above += v > smallest ? 1 : 0;
      }
      assertThat(above).as("logits above the shortlist's last value").isLessThan(l.topCount());
      for (int rank = 0; rank < l.topCount(); rank++) {
        assertThat(l.topValue(rank)).isEqualTo(all[l.topId(rank)]);
        if (rank > 0) {
          assertThat(l.topValue(rank)).isLessThanOrEqualTo(l.topValue(rank - 1));
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (float v : all) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (float v : all) {
        sum += Math.exp(v - max);
      }
      assertThat(l.logSumExp()).isCloseTo(max + Math.log(sum), org.assertj.core.data.Offset.offset(1e-4));
      assertThat(l.at(l.topId(0))).isEqualTo(l.topValue(0));

      llm.feed(java.util.Arrays.copyOf(embeds, llm.hiddenSize()), 1);
      assertThatThrownBy(() -> l.at(0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after the next feed");
      assertThatThrownBy(() -> l.topId(0)).isInstanceOf(IllegalStateException.class);
    }
  }
}
