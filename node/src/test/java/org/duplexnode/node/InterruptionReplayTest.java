package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.replay.InterruptionBag;
import org.duplexnode.replay.ScenarioCheck;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through a replay: the bag node/src/demo/interruption-bag, recorded in a generated
 * room (espeak-ng speech through an impulse response) in which the user interrupts the robot (see
 * {@link InterruptionBag}), with its scenario node/src/demo/interruption.scenario.yaml. With
 * the echo cancelled against the far end recorded in the bag, the node hears the user and not
 * itself: no user speech while only the robot's echo is heard, the user's voice heard at its onset,
 * and a barge-in on ~/state then and not before. Without cancellation the same bag's echo is taken
 * for the user, so the scenario fails.
 */
@Tag("integration")
class InterruptionReplayTest {
  static final Path BAG = Path.of("src/demo/interruption-bag");
  static final Path SCENARIO = Path.of("src/demo/interruption.scenario.yaml");
  static final String ECHO_ALONE = "no user speech starts in [0.0, 13.95] s";

  @TempDir Path dir;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @Test
  void theGeneratorWritesTheBagAsDocumented() throws Exception {
    Path bag = dir.resolve("interruption-bag");
    InterruptionBag.write(bag);
    try (org.duplexnode.bag.Bag b = org.duplexnode.bag.Bag.open(bag)) {
      assertThat(b.topic("/audio/in").orElseThrow().messageCount()).as("18 s in 100 ms messages").isEqualTo(180);
      long farEnd = b.topic("/audio/far_end").orElseThrow().messageCount();
      assertThat(farEnd).as("played from 1 s until 200 ms after the onset").isEqualTo(
          (long) Math.ceil((InterruptionBag.ONSET_S + 0.2 - 1.0) * 10 - 1e-9));
      assertThat(b.topic("/camera/image_raw")).isPresent();
    }
  }

  @Test
  void withTheRecordedFarEndCancelledTheNodeHearsTheUserNotItself() throws Exception {
    ReplayRun.Outcome out = replay("speex", "auto", "cancelled");
    Map<String, ScenarioCheck.Status> verdicts = verdicts(out);
    assertThat(verdicts).as(details(out)).containsEntry(ECHO_ALONE, ScenarioCheck.Status.PASSED);
    assertThat(out.results()).as(details(out)).allMatch(ScenarioCheck.Result::passed).hasSize(7);
    assertThat(out.passed()).isTrue();
    // Later the replay's own model may speak while the user still talks: a barge-in of its own.
    java.util.List<Double> nearOnset = out.record().events().stream()
        .filter(e -> e instanceof StateUpdate s && s.bargeIn()).map(e -> out.record().seconds(((StateUpdate) e).stampNs()))
        .filter(t -> Math.abs(t - InterruptionBag.ONSET_S) < 1).toList();
    assertThat(nearOnset).as("one barge-in for one interruption of the far end").hasSize(1);
    assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(String.format(java.util.Locale.ROOT, "%7.2f s  barge-in: the user's voice over the robot's speech",
            nearOnset.get(0)));
  }

  @Test
  void withoutCancellationTheRobotsOwnVoiceIsTakenForTheUser() throws Exception {
    ReplayRun.Outcome out = replay("off", "auto", "uncancelled");
    Map<String, ScenarioCheck.Status> verdicts = verdicts(out);
    assertThat(verdicts.get(ECHO_ALONE)).as(details(out)).isEqualTo(ScenarioCheck.Status.FAILED);
    assertThat(verdicts.get("model input in [9.9, 14.0] s below -65.0 dBFS")).as("the model hears the robot")
        .isEqualTo(ScenarioCheck.Status.FAILED);
    assertThat(out.passed()).isFalse();
  }

  @Test
  void aReplayCannotCancelAgainstSpeechItMakesAgain() {
    assertThatThrownBy(() -> replay("speex", "published", "published"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(NodeParameters.ECHO_REFERENCE)
        .hasMessageContaining("audio/far_end");
  }

  private ReplayRun.Outcome replay(String echoCancel, String reference, String name) throws Exception {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    params.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf(echoCancel), "test");
    params.set(NodeParameters.ECHO_REFERENCE, TextNode.valueOf(reference), "test");
    return ReplayRun.run(new ReplayRun.Options(BAG, ReplayRunTest.MODEL, dir.resolve(name), 0, false, 0, true,
        Optional.of(SCENARIO), name), RosArgs.empty(), params, new NodeIdentity("duplex_node", "/"),
        new PrintStream(console, true, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Map<String, ScenarioCheck.Status> verdicts(ReplayRun.Outcome out) {
    return out.results().stream().collect(Collectors.toMap(ScenarioCheck.Result::check, ScenarioCheck.Result::status,
        (a, b) -> a));
  }

  private static String details(ReplayRun.Outcome out) {
    return out.results().stream().map(r -> r.check() + ": " + r.status() + " " + r.detail())
        .collect(Collectors.joining("\n"));
  }
}
