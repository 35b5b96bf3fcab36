package org.duplexnode.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The "bag read whole" check of a replay, and where its losses show in the report. */
@Tag("unit")
class BagReadWholeCheckTest {
  private static final String LOSS = "/bags/a.mcap: chunk at offset 4242: CRC mismatch; 21 messages lost";

  @Test
  void passesWhenNothingWasLost() {
    ScenarioCheck.Result r = ScenarioCheck.bagReadWhole(new RunRecord(), false);
    assertThat(r.check()).isEqualTo("bag read whole");
    assertThat(r.passed()).isTrue();
  }

  @Test
  void failsListingTheLossesUnlessAllowed() {
    RunRecord run = new RunRecord();
    run.bagLoss(LOSS);
    ScenarioCheck.Result strict = ScenarioCheck.bagReadWhole(run, false);
    assertThat(strict.passed()).isFalse();
    assertThat(strict.detail()).isEqualTo("1 part of the bag unreadable: " + LOSS);

    ScenarioCheck.Result allowed = ScenarioCheck.bagReadWhole(run, true);
    assertThat(allowed.passed()).isTrue();
    assertThat(allowed.detail()).contains("allowed by --allow-damaged-bag").contains(LOSS);

    assertThat(HtmlReport.render("t", run, List.of(strict))).contains("<h2>Bag damage</h2>").contains(LOSS);
    assertThat(HtmlReport.render("t", new RunRecord(), List.of())).doesNotContain("Bag damage");
  }
}
