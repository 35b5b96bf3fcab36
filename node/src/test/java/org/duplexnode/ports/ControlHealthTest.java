package org.duplexnode.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The conversation control status on /diagnostics: muted, and every command's replies by outcome. */
@Tag("unit")
class ControlHealthTest {
  @Test
  void listsMutedThenEachCommandAcceptedAndRefused() {
    StatusReport r = new ControlHealth(true, Map.of("mute", 3L, "watch", 2L), Map.of("watch", 1L)).report();
    assertThat(r.name()).isEqualTo("conversation control");
    assertThat(r.level()).isEqualTo(StatusReport.Level.OK);
    assertThat(r.message()).startsWith("muted");
    assertThat(r.values()).extracting(StatusReport.Value::key, StatusReport.Value::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple("muted", "true"),
        org.assertj.core.groups.Tuple.tuple("mute accepted", "3"),
        org.assertj.core.groups.Tuple.tuple("mute refused", "0"),
        org.assertj.core.groups.Tuple.tuple("watch accepted", "2"),
        org.assertj.core.groups.Tuple.tuple("watch refused", "1"));
  }

  @Test
  void beforeAnyCommandOnlyMutedIsListed() {
    StatusReport r = new ControlHealth(false, Map.of(), Map.of()).report();
    assertThat(r.message()).isEqualTo("not muted");
    assertThat(r.values()).extracting(StatusReport.Value::key).containsExactly("muted");
  }
}
