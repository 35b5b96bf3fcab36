package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through a replay: a bag recorded in a generated room (espeak-ng speech through an
 * impulse response) in which the user interrupts the robot (see {@link InterruptionBag}). With
 * the echo cancelled against the far end recorded in the bag, the node hears the user and not
 * itself: no user speech while only the robot's echo is heard, the user's voice heard at its onset,
 * and a barge-in on ~/state then and not before. Without cancellation the same bag's echo is taken
 * for the user, so the scenario fails.
 */
@Tag("integration")
class InterruptionReplayTest {
  @TempDir static Path dir;
  static Path bag;
  static Path scenario;

  @BeforeAll
  static void record() throws Exception {
    bag = dir.resolve("interruption-bag");
    InterruptionBag.write(bag);
    double onset = InterruptionBag.ONSET_S;
    scenario = dir.resolve("interruption.scenario.yaml");
    Files.writeString(scenario, """
        name: the user interrupts the robot
        checks:
          - no_user_speech: {from_s: 0, to_s: %s}
          - user_speech: {from_s: %s, to_s: %s}
          - barge_in_notice: {from_s: %s, to_s: %s}
          - max_drops: 0
        """.formatted(onset - 0.05, onset - 0.05, onset + 0.2, onset - 0.05, onset + 0.2));
  }

  @Test
  void withTheRecordedFarEndCancelledTheNodeHearsTheUserNotItself() throws Exception {
    ReplayRun.Outcome out = replay("speex", "auto", "cancelled");
    Map<String, ScenarioCheck.Status> verdicts = verdicts(out);
    assertThat(verdicts).as(details(out)).containsEntry("no user speech starts in [0.0, " + (InterruptionBag.ONSET_S - 0.05)
        + "] s", ScenarioCheck.Status.PASSED);
    assertThat(out.results()).as(details(out)).allMatch(ScenarioCheck.Result::passed);
    assertThat(out.passed()).isTrue();
    // Later the replay's own model may speak while the user still talks: a barge-in of its own.
    java.util.List<Double> nearOnset = out.record().events().stream()
        .filter(e -> e instanceof StateUpdate s && s.bargeIn()).map(e -> out.record().seconds(((StateUpdate) e).stampNs()))
        .filter(t -> Math.abs(t - InterruptionBag.ONSET_S) < 1).toList();
    assertThat(nearOnset).as("one barge-in for one interruption of the far end").hasSize(1);
  }

  @Test
  void withoutCancellationTheRobotsOwnVoiceIsTakenForTheUser() throws Exception {
    ReplayRun.Outcome out = replay("off", "auto", "uncancelled");
    Map<String, ScenarioCheck.Status> verdicts = verdicts(out);
    assertThat(verdicts.get("no user speech starts in [0.0, " + (InterruptionBag.ONSET_S - 0.05) + "] s"))
        .as(details(out)).isEqualTo(ScenarioCheck.Status.FAILED);
    assertThat(out.passed()).isFalse();
  }

  @Test
  void aReplayCannotCancelAgainstSpeechItMakesAgain() {
    assertThatThrownBy(() -> replay("speex", "published", "published"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining(NodeParameters.ECHO_REFERENCE)
        .hasMessageContaining("audio/far_end");
  }

  private static ReplayRun.Outcome replay(String echoCancel, String reference, String name) throws Exception {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    params.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf(echoCancel), "test");
    params.set(NodeParameters.ECHO_REFERENCE, TextNode.valueOf(reference), "test");
    return ReplayRun.run(new ReplayRun.Options(bag, ReplayRunTest.MODEL, dir.resolve(name), 0, false, 0, true,
        Optional.of(scenario), name), RosArgs.empty(), params, new NodeIdentity("duplex_node", "/"),
        new PrintStream(new ByteArrayOutputStream()));
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
