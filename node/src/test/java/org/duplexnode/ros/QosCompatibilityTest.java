package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.duplexnode.ros.EndpointQos.Durability;
import org.duplexnode.ros.EndpointQos.Reliability;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class QosCompatibilityTest {

  private static EndpointQos qos(String reliability, String durability) {
    return new EndpointQos(Reliability.valueOf(reliability.toUpperCase(Locale.ROOT)),
        Durability.valueOf(durability.toUpperCase(Locale.ROOT)));
  }

  private static List<String> policies(EndpointQos offered, EndpointQos requested) {
    return QosCompatibility.mismatches(offered, requested).stream().map(QosCompatibility.Mismatch::policy).toList();
  }

  /** Every combination of the kinds ROS 2 uses: what the writer offers, what the reader requests, what fails. */
  @ParameterizedTest(name = "writer {0},{1} / reader {2},{3} -> [{4}]")
  @CsvSource(delimiter = '|', value = {
      "reliable    | volatile        | reliable    | volatile        | ",
      "reliable    | volatile        | reliable    | transient_local | durability",
      "reliable    | volatile        | best_effort | volatile        | ",
      "reliable    | volatile        | best_effort | transient_local | durability",
      "reliable    | transient_local | reliable    | volatile        | ",
      "reliable    | transient_local | reliable    | transient_local | ",
      "reliable    | transient_local | best_effort | volatile        | ",
      "reliable    | transient_local | best_effort | transient_local | ",
      "best_effort | volatile        | reliable    | volatile        | reliability",
      "best_effort | volatile        | reliable    | transient_local | reliability durability",
      "best_effort | volatile        | best_effort | volatile        | ",
      "best_effort | volatile        | best_effort | transient_local | durability",
      "best_effort | transient_local | reliable    | volatile        | reliability",
      "best_effort | transient_local | reliable    | transient_local | reliability",
      "best_effort | transient_local | best_effort | volatile        | ",
      "best_effort | transient_local | best_effort | transient_local | ",
  })
  void writerServesReaderOnlyWhenItOffersWhatTheReaderRequests(String offeredRel, String offeredDur, String requestedRel,
                                                               String requestedDur, String expected) {
    List<String> want = expected == null ? List.of() : List.of(expected.split(" "));
    assertThat(policies(qos(offeredRel, offeredDur), qos(requestedRel, requestedDur))).isEqualTo(want);
  }

  @Test
  void theMismatchNamesTheOfferedAndRequestedKinds() {
    assertThat(QosCompatibility.mismatches(qos("best_effort", "volatile"), qos("reliable", "transient_local")))
        .containsExactly(new QosCompatibility.Mismatch("reliability", "best_effort", "reliable"),
            new QosCompatibility.Mismatch("durability", "volatile", "transient_local"));
  }

  @Test
  void transientAndPersistentWritersServeTransientLocalReadersButNotTheReverse() {
    assertThat(policies(qos("reliable", "transient"), qos("reliable", "transient_local"))).isEmpty();
    assertThat(policies(qos("reliable", "persistent"), qos("reliable", "transient"))).isEmpty();
    assertThat(policies(qos("reliable", "transient_local"), qos("reliable", "transient"))).containsExactly("durability");
    assertThat(policies(qos("reliable", "transient"), qos("reliable", "persistent"))).containsExactly("durability");
  }

  @Test
  void theNodesProfilesMapToTheirWireKinds() {
    assertThat(EndpointQos.of(QosProfile.SENSOR_DATA)).isEqualTo(qos("best_effort", "volatile"));
    assertThat(EndpointQos.of(QosProfile.LATCHED)).isEqualTo(qos("reliable", "transient_local"));
    assertThat(EndpointQos.of(QosProfile.RELIABLE)).isEqualTo(qos("reliable", "volatile"));
  }

  @Test
  void theNodesSensorInputsAcceptEveryWriter() {
    // The node reads sensors best effort and volatile precisely so that no driver's QoS cuts it off.
    for (Reliability r : Reliability.values()) {
      for (Durability d : Durability.values()) {
        assertThat(QosCompatibility.mismatches(new EndpointQos(r, d), EndpointQos.of(NodeTopics.IMAGE.qos()))).isEmpty();
      }
    }
  }
}
