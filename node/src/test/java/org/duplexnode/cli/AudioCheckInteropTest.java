package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duplexnode.replay.AudioCheckBag;
import org.duplexnode.testing.JavaChild;
import org.duplexnode.testing.ProcessResult;
import org.duplexnode.testing.PulseAudioServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duplex-node audio check} through the real Java Sound -> ALSA -> PulseAudio path: the
 * private server's speaker sink looped back into its microphone sink (PulseAudio's module-loopback at
 * a fixed rate: one clock, a delay of its own), or not at all, and a device that does not exist.
 */
@Tag("interop")
class AudioCheckInteropTest {
  @TempDir Path dir;

  private ProcessResult check(PulseAudioServer pulse, String... args) throws Exception {
    String[] all = new String[args.length + 2];
    all[0] = "audio";
    all[1] = "check";
    System.arraycopy(args, 0, all, 2, args.length);
    return ProcessResult.run(JavaChild.command(DuplexNodeCommand.class, all), pulse.environment());
  }

  private static int recommendedDelay(String stdout) {
    Matcher m = Pattern.compile("audio\\.echo_delay_ms:=(\\d+)").matcher(stdout);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void aSpeakerTheMicrophoneHearsPassesWithTheDelayItMeasuresAndTheRecordingChecksAgain() throws Exception {
    Path out = dir.resolve("out");
    ProcessResult first;
    ProcessResult again;
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      pulse.loadModule("module-loopback", "source=speaker.monitor", "sink=mic", "latency_msec=60", "adjust_time=0");
      first = check(pulse, "--out", out.toString());
      assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
      int delay = recommendedDelay(first.stdout());
      assertThat(delay).as(first.stdout()).isBetween(20, 400);
      // The same recording with the delay it recommended: nothing more to set, and the same verdict.
      again = check(pulse, "--bag", out.resolve("bag").toString(), "--ros-args", "-p",
          "audio.echo_delay_ms:=" + delay);
    }
    assertThat(first.stdout()).containsPattern("delay +ok +\\d+\\.\\d ms")
        .containsPattern("clocks +ok")
        .containsPattern("cancellation +ok +ERLE \\d\\d\\.\\d dB")
        .containsPattern("barge-in +ok +0 stop\\(s\\) and 0 cue duck")
        .contains("recording: " + out.resolve("bag"));
    // The stop's flush reached the server: of the tone's second left, the microphone heard the
    // loopback's delay and a few ms (80-90 ms here; 150 is where the check warns).
    Matcher stop = Pattern.compile("stop +(ok|warn) +the microphone stopped hearing the speaker (\\d+) ms after a"
        + " barge-in's stop").matcher(first.stdout());
    assertThat(stop.find()).as(first.stdout()).isTrue();
    assertThat(Integer.parseInt(stop.group(2))).as("ms from the stop to silence").isLessThan(400);
    AudioCheckBag.Recording r = AudioCheckBag.read(out.resolve("bag"), 24_000, "microphone_link");
    assertThat(r.played()).as("the robot's voice, as played").hasSizeGreaterThan(100);
    assertThat(r.microphone()).as("the microphone from before the voice to after it").hasSizeGreaterThan(700);
    assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
    assertThat(again.stdout()).contains("parameters: --ros-args -p audio.echo_cancel:=speex\n")
        .containsPattern("cancellation +ok");
  }

  @Test
  void aMicrophoneThatDoesNotHearTheSpeakerFailsTheCheck() throws Exception {
    ProcessResult r;
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      r = check(pulse, "--out", dir.resolve("out").toString(), "--room-s", "1");
    }
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(ExitCode.CHECKS_FAILED.code());
    assertThat(r.stdout()).containsPattern("echo +fail .*did not hear the speaker");
    assertThat(r.stderr()).contains("failed the check");
  }

  @Test
  void aSpeakerThatDoesNotExistIsAConfigurationErrorNamingItsParameter() throws Exception {
    ProcessResult r;
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      r = check(pulse, "--out", dir.resolve("out").toString(), "--ros-args", "-p",
          "audio.local_speaker_device:=no-such-card");
    }
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(r.stderr()).contains("audio.local_speaker_device", "no-such-card");
  }
}
