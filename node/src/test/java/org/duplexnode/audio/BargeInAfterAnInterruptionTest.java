package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A user who interrupts the robot twice within the echo meter's window, through SpeexDSP and Silero
 * as in the node ({@link EchoPathTrace}). The robot's speech stops 150 ms after the first onset (a
 * stop) while the user says a second's worth, goes on 2 s later (its next utterance), and the user
 * interrupts again a second into it.
 */
@Tag("integration")
class BargeInAfterAnInterruptionTest {
  private static SileroVad vad;

  @BeforeAll
  static void vad() {
    vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1));
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  /**
   * The user at -20 dBFS, 2 dB above the echo, for {@code firstS} s at 9.5 s; the robot stopped at
   * 9.65 s for 2 s; the user again at 12.65 s.
   */
  private static EchoPathTrace twice(double firstS) throws InterruptedException {
    SyntheticRoom.Shape shape = SyntheticRoom.Shape.typical();
    float[] voice = BargeInRun.userVoice(SyntheticRoom.make(shape));
    SyntheticRoom room = BargeInRun.withUserAt(BargeInRun.stoppedFor(shape, 9.65, 2.0), voice, 6,
        new double[] {9.5, 12.65}, new double[] {firstS, Double.POSITIVE_INFINITY});
    return EchoPathTrace.run(room, 14.0, 20, vad, new EchoSettings(EchoSettings.Mode.SPEEX, 500, 110));
  }

  @Test
  void aLoudUserWhoInterruptedIsHeardAgainWhenTheRobotSpeaksAgain() throws Exception {
    // Counted as single talk, the 150 ms of double talk before the stop took the ERLE the guard goes
    // by from 30 to about 13 dB, under its 15, and the second voice went unheard.
    EchoPathTrace t = twice(1.0);
    assertThat(t.onsets()).as("the first interruption passed the guard").anyMatch(s -> s >= 9.5 && s < 9.7);
    assertThat(t.onsets()).as("and the second, within 250 ms of its onset").anyMatch(s -> s >= 12.65 && s < 12.9);
    assertThat(t.starts()).as("~/user_speech started for both").anyMatch(s -> s >= 9.4 && s < 9.7)
        .anyMatch(s -> s >= 12.55 && s < 12.9);
    assertThat(t.onsets()).as("and nothing else passed it").allMatch(s -> s >= 9.5 && s < 10.7 || s >= 12.65);
  }

  @Test
  void aLoneWordAtItsOwnPitchCountsAsTheUsersToo() throws Exception {
    // "Stop." alone (0.4 s) ends before the robot's echo has died down after the stop; its vowel, at
    // a pitch the robot's voice did not have, tells it from the echo.
    EchoPathTrace t = twice(0.4);
    assertThat(t.onsets()).as("the word passed the guard").anyMatch(s -> s >= 9.5 && s < 9.7);
    assertThat(t.onsets()).as("and the second interruption, within 250 ms").anyMatch(s -> s >= 12.65 && s < 12.9);
  }
}
