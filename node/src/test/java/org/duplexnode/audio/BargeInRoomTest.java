package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.RobotMonologue;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Barge-in in a generated room, through SpeexDSP's canceller and Silero VAD as in the node: the
 * robot's own echo, which Silero hears as speech now and then even after cancellation, never stops it.
 */
@Tag("integration")
class BargeInRoomTest {
  private static SyntheticRoom room;
  private static SileroVad vad;

  @BeforeAll
  static void room() {
    room = SyntheticRoom.make(SyntheticRoom.Shape.typical());
    vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1));
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  @Test
  void theRobotsEchoAloneNeverStopsTheSpeaker() throws Exception {
    BargeInRun run = BargeInRun.run(room, BargeInRun.userVoice(room), -1, room.robotEndS() + 0.5, 20,
        new BargeIn(BargeIn.Mode.STOP, 20), vad);
    assertThat(room.robotEndS() - SyntheticRoom.PLAY_START_S).as("a long stretch of robot speech").isGreaterThan(8);
    assertThat(run.earlyBargeIns()).as("no stop and no duck on the canceller's cue").isZero();
    assertThat(run.cueDucks()).isZero();
    assertThat(run.latencyNs()).isEqualTo(-1);
  }

  @Test
  void theEchoAloneNeverStopsTheSpeakerWhileAFreshCancellerLearnsTheRoom() throws Exception {
    // The first seconds of a monologue in a room the canceller has never heard: over the far end's
    // first second the single-talk ERLE was a stale figure from the suppressor's first frames.
    SyntheticRoom fresh = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 1),
        RobotMonologue.make(6, 100), 1.0);
    BargeInRun run = BargeInRun.run(fresh, new float[0], -1, 6.0, 20, new BargeIn(BargeIn.Mode.STOP, 20), vad,
        new EchoSettings(EchoSettings.Mode.SPEEX, 500, 10));
    assertThat(run.firstEarlyS()).as("the first stop or duck (s)").isNaN();
    assertThat(run.echoOnsets()).as("Silero did call the echo speech").isPositive();
  }

  @Test
  void theCancellersCueSilencesTheSpeakerWellWithin150MsWhereTheEchoLeavesTheVoicesSoftStartAudible() throws Exception {
    // Onsets where the user's soft "s" meets a quiet stretch of the echo: the detector alone needs 140-155 ms there.
    for (double at : new double[] {9.0, 11.59, 12.70}) {
      double onset = SyntheticRoom.PLAY_START_S + at;
      BargeInRun run = BargeInRun.run(room, BargeInRun.userVoice(room), onset, onset + 1.0, 20,
          new BargeIn(BargeIn.Mode.STOP, 20), vad);
      assertThat(run.earlyBargeIns()).as("onset at %.2f s", at).isZero();
      assertThat(run.cueDucks()).as("silenced on the cue").isEqualTo(1);
      assertThat(run.latencyNs()).as("onset to the cue's flush, onset at %.2f s", at).isBetween(0L, 100_000_000L);
      assertThat(run.silentNs()).as("no sound after the cue's flush, onset at %.2f s", at)
          .isBetween(0L, run.latencyNs());
      assertThat(run.confirmedNs()).as("the detector's stop confirms it").isBetween(run.latencyNs(), 200_000_000L);
      assertThat(run.cueRestores()).as("confirmed: not undone").isZero();
    }
  }

  @Test
  void theVoicesUnvoicedStartSilencesTheSpeakerWithin80MsInAReverberantRoom() throws Exception {
    // RT60 0.8 s: the "s" of "Stop" never rose 20 dB above the residual echo across the spectrum, and
    // the detector alone took 145-178 ms at these onsets; above 5.5 kHz it stands out (the last in a pause).
    SyntheticRoom reverberant = SyntheticRoom.make(new SyntheticRoom.Shape(0.8, 20, -22, -26, -60, 7));
    for (double onset : new double[] {12.7077, 11.3597, 15.0895}) {
      BargeInRun run = BargeInRun.run(reverberant, BargeInRun.userVoice(reverberant), onset, onset + 1.0, 20,
          new BargeIn(BargeIn.Mode.STOP, 20), vad, new EchoSettings(EchoSettings.Mode.SPEEX, 500, 10));
      assertThat(run.earlyBargeIns()).as("onset at %.2f s", onset).isZero();
      assertThat(run.cueDucks()).as("silenced on the cue, onset at %.2f s", onset).isEqualTo(1);
      assertThat(run.latencyNs()).as("onset to the cue's flush, onset at %.2f s", onset).isBetween(0L, 80_000_000L);
      assertThat(run.silentNs()).as("no sound after the cue's flush, onset at %.2f s", onset)
          .isBetween(0L, run.latencyNs());
      assertThat(run.confirmedNs()).as("the detector's stop confirms it").isBetween(run.latencyNs(), 200_000_000L);
      assertThat(run.cueRestores()).isZero();
    }
  }

  @Test
  void theRobotsVoiceTurnedUpByTheNodeIsNotAnEchoPathChangeAsTheSoundCardsMixerIs() throws Exception {
    // 10 s into the robot's speech its voice comes 6 dB louder: through audio.local_speaker_volume_db
    // (-6 dB, then 0), which turns the canceller's reference up with it, and, to compare, through the
    // sound card's mixer: the same echo path 6 dB louder, the reference as it was, which stops the
    // robot in every room of docs/benchmarks.md "When the echo path changes".
    double at = SyntheticRoom.PLAY_START_S + 10.0;
    long atNs = Math.round(at * 1e9);
    SyntheticRoom quieter = SyntheticRoom.make(new SyntheticRoom.Shape(0.4, 120, -28, -26, -60, 7));
    SyntheticRoom mixerTurnedUp = quieter.withEchoPathFrom(room, at, 0);
    EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, 110);
    BargeInPolicy stop = BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20));
    BargeInRun byMixer = BargeInRun.run(mixerTurnedUp, new float[0], 1_000, mixerTurnedUp.robotEndS(), 20, stop,
        t -> { }, 0, vad, echo);
    BargeInRun byNode = BargeInRun.run(room, new float[0], 1_000, room.robotEndS(), 20, stop,
        (speaker, t) -> speaker.volumeDb(t < atNs ? -6.0 : 0), 0, vad, echo);
    assertThat(byMixer.firstEarlyS()).as("the mixer's change stopped or ducked the robot, after it (s)")
        .isGreaterThanOrEqualTo(at);
    assertThat(byNode.firstEarlyS()).as("the node's own change: the first stop or duck (s)").isNaN();
    assertThat(byNode.echoOnsets()).as("Silero did call the louder echo speech").isPositive();
  }

  @Test
  void aHallsEchoAloneNeverDucksTheSpeaker() throws Exception {
    // RT60 1.2 s, beyond the rooms the cue was tuned in: its tail decays slower than 60 dB in 0.8 s.
    SyntheticRoom hall = SyntheticRoom.make(new SyntheticRoom.Shape(1.2, 20, -22, -26, -60, 7));
    BargeInRun run = BargeInRun.run(hall, BargeInRun.userVoice(hall), -1, hall.robotEndS() + 0.5, 20,
        new BargeIn(BargeIn.Mode.STOP, 20), vad, new EchoSettings(EchoSettings.Mode.SPEEX, 500, 10));
    assertThat(run.earlyBargeIns()).as("no stop and no duck on the canceller's cue").isZero();
    assertThat(run.cueDucks()).isZero();
  }

  @Test
  void theUserTalkingOverTheRobotStopsItSoonAfterTheOnsetAndNotBefore() throws Exception {
    double onset = SyntheticRoom.PLAY_START_S + 11.3; // the canceller long converged, as on a robot that spoke before
    BargeInRun run = BargeInRun.run(room, BargeInRun.userVoice(room), onset, onset + 1.0, 20,
        new BargeIn(BargeIn.Mode.STOP, 20), vad);
    assertThat(run.erleAtOnsetDb()).as("converged").isGreaterThan(25);
    assertThat(run.earlyBargeIns()).isZero();
    assertThat(run.latencyNs()).as("stopped within the second after the onset, not before it")
        .isBetween(0L, 500_000_000L);
  }

  @Test
  void aHardSurfaceBroughtCloseToTheRobotDoesNotMakeItsOwnEchoStopIt() throws Exception {
    // A robot whose speaker and microphone are 0.2 m apart (DRR 16 dB at RT60 0.2 s); 10 s into its
    // speech something hard comes within 0.2 m of them (a reflection 1.2 ms after the direct path,
    // 6 dB under it, faded in over 500 ms). The canceller's filter no longer fits, and the level
    // tests took the echo for a voice: 2 to 5 of its 4-s utterances stopped without the pitch test.
    short[] once = room.robot24k();
    short[] twice = java.util.Arrays.copyOf(once, 2 * once.length + 12_000);
    System.arraycopy(once, 0, twice, once.length + 12_000, once.length);
    SyntheticRoom onRobot = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 7), twice, 1.0,
        16.1);
    double at = SyntheticRoom.PLAY_START_S + 10.0;
    SyntheticRoom changed = onRobot.withEchoPathFrom(onRobot.withReflection(1.2, -6.0), at, 500);
    BargeInRun run = BargeInRun.run(changed, new float[0], 1_000, changed.robotEndS(), 20,
        BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20)), t -> { }, 4.0, vad,
        new EchoSettings(EchoSettings.Mode.SPEEX, 500, 10));
    assertThat(run.stops()).as("utterances the echo stopped").isZero();
    assertThat(run.cueDucks()).as("cue ducks").isZero();
    assertThat(run.starts().stream().filter(s -> s >= at)).as("~/user_speech starts after the change").isEmpty();
  }
}
