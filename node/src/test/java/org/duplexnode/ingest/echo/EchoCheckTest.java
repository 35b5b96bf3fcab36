package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.ports.PlayedAudio;
import org.duplexnode.ports.RawAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code duplex-node audio check}'s verdict on recordings made in generated rooms, as the local
 * speaker and microphone would give them: the delay found and what to set, a delay set later than
 * the echo, a speaker and a microphone on two clocks, a microphone that hears nothing, a clipped echo.
 */
@Tag("integration")
class EchoCheckTest {
  private static final long T0 = 1_000L * 1_000_000_000L;
  private static final SyntheticRoom.Shape ROOM = SyntheticRoom.Shape.typical();
  private static SileroVad vad;
  private static SyntheticRoom room;

  @BeforeAll
  static void setUp() {
    vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1));
    room = SyntheticRoom.make(ROOM);
  }

  @AfterAll
  static void tearDown() {
    vad.close();
  }

  /** The microphone in 20 ms blocks from T0, as the local microphone stamps them. */
  private static List<RawAudio> microphone(float[] mic) {
    List<RawAudio> blocks = new ArrayList<>();
    for (int at = 0; at + 320 <= mic.length; at += 320) {
      byte[] b = new byte[640];
      for (int i = 0; i < 320; i++) {
        int v = (int) Math.max(-32768, Math.min(32767, Math.round(mic[at + i] * 32768.0)));
        b[2 * i] = (byte) v;
        b[2 * i + 1] = (byte) (v >> 8);
      }
      blocks.add(new RawAudio(T0 + at * 62_500L, "microphone_link", 16_000, 1, "S16LE", b));
    }
    return blocks;
  }

  /** What the speaker played, in 100 ms slices from the room's playback start. */
  private static List<PlayedAudio> played(short[] robot24k) {
    List<PlayedAudio> out = new ArrayList<>();
    long start = T0 + (long) (SyntheticRoom.PLAY_START_S * 1e9);
    for (int at = 0; at < robot24k.length; at += 2_400) {
      short[] s = java.util.Arrays.copyOfRange(robot24k, at, Math.min(robot24k.length, at + 2_400));
      out.add(new PlayedAudio(start + at * 1_000_000_000L / 24_000, 24_000, s));
    }
    return out;
  }

  private static float[] echoAndNoise(SyntheticRoom r, double gain) {
    float[] mic = new float[r.echo().length];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (float) Math.max(-1, Math.min(1, r.echo()[i] * gain + r.noise()[i]));
    }
    return mic;
  }

  private static EchoCheck.Result check(float[] mic, short[] robot24k, int delayMs) {
    return EchoCheck.run(microphone(mic), played(robot24k), new EchoSettings(EchoSettings.Mode.SPEEX, 500, delayMs),
        vad);
  }

  private static EchoCheck.Finding finding(EchoCheck.Result r, String what) {
    return r.findings().stream().filter(f -> f.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  void theDelayIsFoundAndTheCancellerWorksWithTheOneItRecommends() {
    EchoCheck.Result r = check(echoAndNoise(room, 1), room.robot24k(), 0);
    assertThat(r.delay().locked()).isTrue();
    assertThat(r.delay().delayMs()).isCloseTo(ROOM.delayMs(), within(2.0));
    assertThat(r.recommendedDelayMs()).isEqualTo((int) Math.floor(r.delay().delayMs()) - 10);
    assertThat(r.roomDbfs()).isCloseTo(ROOM.noiseDbfs(), within(1.0));
    assertThat(r.skewPpm()).as("one clock").isCloseTo(0, within(EchoCheck.TWO_CLOCKS_PPM));
    assertThat(r.recommendsTracking()).isFalse();
    assertThat(r.recommended().erleDb()).isGreaterThan(EchoCheck.GOOD_ERLE_DB);
    assertThat(r.recommended().stops()).as("the robot's echo alone stops nothing").isZero();
    assertThat(r.findings()).allSatisfy(f -> assertThat(f.level()).as(f.toString()).isEqualTo(EchoCheck.Level.OK));
    assertThat(r.passed()).isTrue();
  }

  @Test
  void aDelaySetLaterThanTheEchoFailsAndTheMeasuredOneIsGiven() {
    EchoCheck.Result r = check(echoAndNoise(room, 1), room.robot24k(), 200);
    EchoCheck.Finding delay = finding(r, "delay");
    assertThat(delay.level()).isEqualTo(EchoCheck.Level.FAIL);
    assertThat(delay.text()).contains("audio.echo_delay_ms 200", "set " + r.recommendedDelayMs());
    assertThat(r.configured().erleDb()).as("the canceller cannot remove an echo before its reference")
        .isLessThan(r.measured().erleDb() - 10);
    assertThat(r.passed()).isFalse();
  }

  @Test
  void twoClocksAreMeasuredAndFollowingTheDelayIsRecommendedWhereItDoesBetter() {
    // The speaker's clock 300 ppm slower than the microphone's: the echo's delay grows 0.3 ms a second.
    SyntheticRoom drifting = SyntheticRoom.moving(ROOM, t -> ROOM.delayMs() + 0.3 * t, 1);
    EchoCheck.Result r = check(echoAndNoise(drifting, 1), drifting.robot24k(), 0);
    assertThat(r.skewPpm()).isCloseTo(300, within(30.0));
    assertThat(finding(r, "clocks").level()).isEqualTo(EchoCheck.Level.WARN);
    assertThat(r.tracked().erleDb()).isGreaterThan(r.measured().erleDb() + 1);
    assertThat(r.recommendsTracking()).isTrue();
    assertThat(r.recommended()).isEqualTo(r.tracked());
  }

  @Test
  void aDelayThatMovesFromOneUtteranceToTheNextIsShown() {
    // The robot says its text twice; between the two the device's latency grows by 6 ms.
    double jumpS = SyntheticRoom.PLAY_START_S + room.robot24k().length / 24_000.0 + 0.25;
    SyntheticRoom twice = SyntheticRoom.moving(ROOM, t -> t < jumpS ? ROOM.delayMs() : ROOM.delayMs() + 6, 2);
    List<PlayedAudio> played = new ArrayList<>(played(twice.robot24k()));
    // What played is the speech: the slices of the pause between the two are not there, as with the node's speaker.
    played.removeIf(p -> java.util.stream.IntStream.range(0, p.pcm().length).allMatch(i -> p.pcm()[i] == 0));
    EchoCheck.Result r = EchoCheck.run(microphone(echoAndNoise(twice, 1)), played,
        new EchoSettings(EchoSettings.Mode.SPEEX, 500, 0), vad);
    assertThat(r.utteranceDelaysMs()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(r.utteranceSpreadMs()).isCloseTo(6, within(0.5));
    assertThat(finding(r, "delay").level()).isEqualTo(EchoCheck.Level.WARN);
    assertThat(finding(r, "delay").text()).contains("in the utterances");
    EchoCheck.Result one = check(echoAndNoise(room, 1), room.robot24k(), 0);
    assertThat(one.utteranceSpreadMs()).as("one delay throughout").isLessThan(EchoCheck.SAME_DELAY_MS);
  }

  @Test
  void aMicrophoneThatDoesNotHearTheSpeakerFails() {
    EchoCheck.Result r = check(echoAndNoise(room, 0), room.robot24k(), 0);
    assertThat(r.echoHeard()).isFalse();
    assertThat(finding(r, "echo").level()).isEqualTo(EchoCheck.Level.FAIL);
    assertThat(finding(r, "echo").text()).contains("did not hear the speaker", "audio.local_microphone_device");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void aClippedEchoFails() {
    EchoCheck.Result r = check(echoAndNoise(room, 20), room.robot24k(), 0);
    assertThat(finding(r, "clipping").level()).isEqualTo(EchoCheck.Level.FAIL);
    assertThat(r.clipped()).isGreaterThan(r.speechSamples() / 1000);
    assertThat(r.passed()).isFalse();
  }
}
