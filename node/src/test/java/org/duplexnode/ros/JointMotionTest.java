package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which joint-state messages say that the joints followed for the echo path move. */
@Tag("unit")
class JointMotionTest {
  private static final double[] NONE = {};
  private final JointMotion head = new JointMotion(List.of("head_pan", "head_tilt"), 0.01);

  @Test
  void aJointMovesWhenItLeavesWhereItLastStoodByMoreThanTheTolerance() {
    List<String> names = List.of("arm_1", "head_pan", "head_tilt");
    assertThat(head.moved(names, new double[] {0, 0.5, 0.1}, NONE)).as("first sight: where they stand")
        .contains(false);
    assertThat(head.moved(names, new double[] {2.0, 0.505, 0.1}, NONE)).as("the arm is not followed; jitter")
        .contains(false);
    assertThat(head.moved(names, new double[] {2.0, 0.509, 0.1}, NONE)).as("still within 0.01 of 0.5")
        .contains(false);
    assertThat(head.moved(names, new double[] {2.0, 0.511, 0.1}, NONE)).as("0.011 from where it stood")
        .contains(true);
    assertThat(head.moved(names, new double[] {2.0, 0.515, 0.1}, NONE)).as("it stands at 0.511 now")
        .contains(false);
    assertThat(head.moved(names, new double[] {2.0, 0.515, 0.0885}, NONE)).as("the other joint, down")
        .contains(true);
  }

  @Test
  void aSlowDriftCountsOnceItAddsUpToTheTolerance() {
    List<String> names = List.of("head_pan");
    int moving = 0;
    for (int i = 0; i <= 100; i++) {
      // 0.05 rad/s at 100 Hz: 0.0005 rad a message
      if (head.moved(names, new double[] {i * 0.0005}, NONE).orElseThrow()) {
        moving++;
      }
    }
    assertThat(moving).as("0.05 rad in steps of 0.0005, a move each time it passes 0.01").isEqualTo(4);
  }

  @Test
  void aMessageNamingNoneOfTheJointsSaysNothingAndVelocitiesAloneAreReadPerSecond() {
    assertThat(head.moved(List.of("gripper"), new double[] {0.3}, NONE)).isEqualTo(Optional.empty());
    assertThat(head.notHeard()).containsExactly("head_pan", "head_tilt");
    assertThat(head.moved(List.of("head_tilt"), NONE, new double[] {0.009})).contains(false);
    assertThat(head.moved(List.of("head_tilt"), NONE, new double[] {-0.01})).contains(true);
    assertThat(head.notHeard()).containsExactly("head_pan");
  }

  @Test
  void arraysThatDisagreeOrAFollowedJointThatIsNotANumberAreRefused() {
    assertThatThrownBy(() -> head.moved(List.of("head_pan", "head_tilt"), new double[] {0.1}, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 names but 1 positions");
    assertThatThrownBy(() -> head.moved(List.of("head_pan"), new double[] {Double.NaN}, NONE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head_pan is not a finite number");
    assertThat(head.moved(List.of("wheel"), new double[] {Double.NaN}, NONE)).as("not followed: not read")
        .isEmpty();
    assertThat(head.moved(List.of("head_pan"), new double[] {0.2}, NONE)).as("the NaN taught nothing")
        .contains(false);
    assertThatThrownBy(() -> new JointMotion(List.of(), 0.01)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JointMotion(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
