package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The impulse response of a microphone on the robot's body: the DRR asked for, and the same room otherwise. */
@Tag("unit")
class RobotImpulseResponseTest {
  @Test
  void theReflectionsAndTheTailLieTheAskedDrrBelowTheDirectPath() {
    for (double rt60 : new double[] {0.2, 0.4, 0.8}) {
      for (double drr : new double[] {2, 10, 16}) {
        float[] h = SyntheticRoom.impulseResponse(rt60, drr, new Random(7));
        assertThat(h[0]).as("the direct path").isEqualTo(1f);
        assertThat(SyntheticRoom.directToReverberantDb(h)).as("DRR at RT60 %.1f s", rt60).isCloseTo(drr, within(0.5));
      }
    }
  }

  /**
   * The rooms the other benches use keep their tail heavier than the direct path (a microphone
   * metres away); the robot's is the same response, its reflections and tail only scaled, so the
   * draws after it (the room's noise) are the same too.
   */
  @Test
  void itIsTheDefaultResponseScaledAndDrawsTheSameNumbers() {
    Random first = new Random(7);
    Random second = new Random(7);
    float[] room = SyntheticRoom.impulseResponse(0.4, first);
    float[] robot = SyntheticRoom.impulseResponse(0.4, 13, second);
    assertThat(SyntheticRoom.directToReverberantDb(room)).as("the default room's DRR").isBetween(-14.0, -10.0);
    double scale = robot[400] / room[400];
    for (int i = 1; i < room.length; i++) {
      assertThat((double) robot[i]).isCloseTo(room[i] * scale, within(1e-6));
    }
    assertThat(second.nextLong()).as("the next draw").isEqualTo(first.nextLong());
  }
}
