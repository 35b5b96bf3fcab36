package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.duplexnode.ports.StatusReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local audio entry of /diagnostics. */
@Tag("unit")
class LocalAudioReportTest {
  @Test
  void theSpeakersBargeInPolicyAndCountsAreShownTheMicrophoneHasNone() {
    LocalAudioHealth speaker = new LocalAudioHealth("speaker", "default", true, 48_000, 0, 0, "",
        new LocalAudioHealth.BargeInState("stop, listens 600 ms", 3, 5, 2, null, 1, 2), 4, -12.5);
    LocalAudioHealth microphone = new LocalAudioHealth("microphone", "default", true, 32_000, 0, 0, "");
    StatusReport r = new LocalAudioReport(() -> List.of(speaker, microphone)).get();
    assertThat(r.values()).contains(new StatusReport.Value("barge-in", "stop, listens 600 ms"),
        new StatusReport.Value("barge-ins", "3"), new StatusReport.Value("cue ducks", "5"),
        new StatusReport.Value("cue ducks undone", "2"), new StatusReport.Value("barge-ins undone", "1"),
        new StatusReport.Value("barge-ins the model ended", "2"), new StatusReport.Value("speaker stream restarts", "4"), new StatusReport.Value("speaker volume dB", "-12.5"));
    assertThat(r.values().stream().filter(v -> v.key().contains("volume"))).as("the speaker's only").hasSize(1);
    assertThat(r.values().stream().filter(v -> v.key().contains("stream restarts"))).as("the speaker's only").hasSize(1);
    assertThat(r.values().stream().filter(v -> v.key().startsWith("barge-in"))).as("the speaker's only").hasSize(4);
    assertThat(r.values().stream().filter(v -> v.key().contains("mov"))).as("not following cmd_vel").isEmpty();
  }

  @Test
  void aPolicyThatFollowsTheRobotsMotionShowsItAndItsCommands() {
    LocalAudioHealth speaker = new LocalAudioHealth("speaker", "default", true, 48_000, 0, 0, "",
        new LocalAudioHealth.BargeInState("duck 20 dB", 0, 0, 0, new LocalAudioHealth.MotionState("duck", true, 40, 12)));
    StatusReport r = new LocalAudioReport(() -> List.of(speaker)).get();
    assertThat(r.values()).contains(new StatusReport.Value("barge-in", "duck 20 dB"),
        new StatusReport.Value("barge-in while moving", "duck"), new StatusReport.Value("robot moving", "true"),
        new StatusReport.Value("velocity commands", "40"), new StatusReport.Value("moving commands", "12"));
    assertThat(r.values().stream().filter(v -> v.key().contains("joint"))).as("joint_states not read").isEmpty();

    LocalAudioHealth following = new LocalAudioHealth("speaker", "default", true, 48_000, 0, 0, "",
        new LocalAudioHealth.BargeInState("duck 20 dB", 0, 0, 0,
            new LocalAudioHealth.MotionState("duck", false, 0, 0, 300, 7, List.of("head_tilt", "torso"))));
    assertThat(new LocalAudioReport(() -> List.of(following)).get().values()).contains(
        new StatusReport.Value("joint states", "300"), new StatusReport.Value("moving joint states", "7"),
        new StatusReport.Value("motion joints not heard", "head_tilt torso"));
  }
}
