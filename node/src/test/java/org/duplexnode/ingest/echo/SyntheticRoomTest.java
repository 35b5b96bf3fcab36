package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The generated room the echo benches and tests run in (espeak-ng): what a barge-in takes out of it. */
@Tag("integration")
class SyntheticRoomTest {
  private static final int RATE = SyntheticRoom.RATE;

  /**
   * A speaker that stops after the echo path changed leaves only the room's noise once the new
   * path's impulse response has passed: the echo it no longer makes is taken out through that path
   * (118 dB of it here), not the first one (which leaves it as loud as before, 2 dB louder here).
   */
  @Test
  void aStopAfterTheEchoPathChangedSilencesTheEchoThroughTheNewPath() {
    SyntheticRoom room = SyntheticRoom.make(new SyntheticRoom.Shape(0.2, 20, -22, -26, -60, 7));
    SyntheticRoom other = SyntheticRoom.make(new SyntheticRoom.Shape(0.2, 20, -19, -26, -60, 9));
    SyntheticRoom changed = room.withEchoPathFrom(other, SyntheticRoom.PLAY_START_S + 3, 0);
    short[] played = Arrays.copyOf(changed.robot24k(), 5 * 24_000);
    // Past the stop (5 s into the speech), the 20 ms delay and the 200 ms impulse response.
    int from = (int) Math.round((SyntheticRoom.PLAY_START_S + 5 + 0.02 + 0.2 + 0.05) * RATE);
    int len = RATE / 2;

    double echo = energy(changed.echo(), from, len, new float[len]);
    double left = energy(changed.echo(), from, len, changed.echoChange(played, from, len));
    double leftThroughFirstPath = energy(changed.echo(), from, len, room.echoChange(played, from, len));

    assertThat(10 * Math.log10(echo / len)).as("the echo had the robot talked on, dBFS").isGreaterThan(-30);
    assertThat(10 * Math.log10(left / echo)).as("echo left after the stop, dB").isLessThan(-60);
    assertThat(10 * Math.log10(leftThroughFirstPath / echo)).as("the first path's change, dB").isGreaterThan(-20);
  }

  /**
   * A robot's room keeps the DRR it was asked for at the echo's level, and the room from another
   * seed (the robot turned) keeps the direct path: the same delay and gain to within 0.2 dB.
   */
  @Test
  void aRobotThatTurnsKeepsTheDirectPath() {
    SyntheticRoom room = SyntheticRoom.onRobot(new SyntheticRoom.Shape(0.4, 120, -22, -26, -60, 7), 13);
    SyntheticRoom turned = SyntheticRoom.onRobot(new SyntheticRoom.Shape(0.4, 120, -22, -26, -60, 8), 13);

    assertThat(SyntheticRoom.directToReverberantDb(room.impulse())).isCloseTo(13, within(0.5));
    assertThat(turned.echoAt()).isEqualTo(room.echoAt());
    assertThat(20 * Math.log10(turned.impulse()[0] / room.impulse()[0])).as("the direct path's change, dB")
        .isCloseTo(0, within(0.2));
    assertThat(turned.impulse()[1000]).as("the tail").isNotEqualTo(room.impulse()[1000]);
  }

  /** Energy of {@code echo[from, from + len)} plus {@code change}. */
  private static double energy(float[] echo, int from, int len, float[] change) {
    double e = 0;
    for (int i = 0; i < len; i++) {
      double v = echo[from + i] + change[i];
      e += v * v;
    }
    return e;
  }
}
