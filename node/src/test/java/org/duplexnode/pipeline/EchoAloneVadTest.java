package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.RobotMonologue;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A minute of the robot talking alone in a generated room (RT60 0.2 s, 20 ms), through the
 * pipeline: with the echo cancelled the voice detector takes the robot for the user only while the
 * canceller is still learning the room (its first seconds of speech), never after; without, it
 * does all along (so the robot's voice does reach it, and the first assertion is not vacuous).
 * Rooms with longer tails still have false triggers after convergence: docs/benchmarks.md.
 */
@Tag("integration")
class EchoAloneVadTest {
  /**
   * Until when the canceller is still learning this room: 6 s of playback, pauses included (in
   * runs of this room the last false trigger came 4.1 s after the first played sample).
   */
  private static final double LEARNING_S = SyntheticRoom.PLAY_START_S + 6.0;

  @Test
  void afterTheFirstSecondsTheRobotsOwnVoiceIsNotTakenForTheUser() throws Exception {
    SyntheticRoom room = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 11),
        RobotMonologue.make(58, 42), 1.0);
    EchoAloneRun cancelled = EchoAloneRun.run(room, new EchoSettings(EchoSettings.Mode.SPEEX, 300, 10));
    EchoAloneRun raw = EchoAloneRun.run(room, EchoSettings.off());
    assertThat(cancelled.audioS()).isGreaterThan(59);
    assertThat(raw.startsS()).as("START events with the echo left in").hasSizeGreaterThan(10);
    assertThat(cancelled.startsS()).as("START events with the echo cancelled")
        .allSatisfy(t -> assertThat(t).isLessThan(LEARNING_S)).hasSizeLessThanOrEqualTo(3);
  }
}
