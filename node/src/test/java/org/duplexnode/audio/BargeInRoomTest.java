package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.engine.OnnxRuntimeEngine;
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
    assertThat(run.earlyBargeIns()).isZero();
    assertThat(run.latencyNs()).isEqualTo(-1);
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
}
