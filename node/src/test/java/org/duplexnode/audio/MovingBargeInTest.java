package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ports.MotionListener;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The barge-in policy of a robot that moves: the milder of audio.barge_in and the one while moving, held after. */
@Tag("unit")
class MovingBargeInTest {
  private static final long S = 1_000_000_000L;
  private final AtomicLong clock = new AtomicLong(5 * S);

  @Test
  void standingStillThePolicyIsAudioBargeInAndMovingItIsTheMilderOfTheTwo() {
    MovingBargeIn p = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 12), BargeIn.Mode.DUCK, 3 * S, clock::get);
    assertThat(p.current()).as("no command yet").isEqualTo(new BargeIn(BargeIn.Mode.STOP, 12));
    p.motion(false);
    assertThat(p.moving()).isFalse();
    p.motion(true);
    assertThat(p.current()).as("the configured depth is kept").isEqualTo(new BargeIn(BargeIn.Mode.DUCK, 12));

    p.configured(BargeIn.off());
    assertThat(p.current().mode()).as("off is milder than duck: moving never makes it harsher")
        .isEqualTo(BargeIn.Mode.OFF);
    p.configured(new BargeIn(BargeIn.Mode.DUCK, 6));
    assertThat(p.current()).isEqualTo(new BargeIn(BargeIn.Mode.DUCK, 6));
  }

  @Test
  void theHoldRunsFromTheLastCommandThatMovedTheRobot() {
    MovingBargeIn p = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.OFF, 3 * S, clock::get);
    p.motion(true);
    clock.addAndGet(2 * S);
    p.motion(true);
    p.motion(false); // teleop stops: zeros from now on
    clock.addAndGet(3 * S);
    p.motion(false);
    assertThat(p.moving()).as("3 s after the last moving command").isTrue();
    assertThat(p.current().mode()).isEqualTo(BargeIn.Mode.OFF);
    clock.addAndGet(1);
    assertThat(p.moving()).isFalse();
    assertThat(p.current().mode()).isEqualTo(BargeIn.Mode.STOP);
    assertThat(p.motion()).isEqualTo(new LocalAudioHealth.MotionState("off", false, 4, 2));
  }

  @Test
  void aHoldOfZeroFollowsTheCommandsAloneBetweenThemAndUntilTheyStopComing() {
    MovingBargeIn p = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK, 0, clock::get);
    p.motion(true);
    clock.addAndGet(S / 10);
    assertThat(p.moving()).as("between two commands at 10 Hz").isTrue();
    p.motion(true);
    clock.addAndGet(S / 2);
    assertThat(p.moving()).as("the last command, 0.5 s old: a base controller stops by then").isTrue();
    clock.addAndGet(1);
    assertThat(p.moving()).isFalse();
    p.motion(true);
    clock.addAndGet(S / 10);
    p.motion(false);
    assertThat(p.moving()).as("told to stand still, no hold").isFalse();
    assertThatThrownBy(() -> new MovingBargeIn(BargeIn.off(), BargeIn.Mode.OFF, -1, clock::get))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void atMostOrdersThePoliciesFromStopToOff() {
    BargeIn stop = new BargeIn(BargeIn.Mode.STOP, 20);
    assertThat(stop.atMost(BargeIn.Mode.STOP)).isEqualTo(stop);
    assertThat(stop.atMost(BargeIn.Mode.OFF).mode()).isEqualTo(BargeIn.Mode.OFF);
    BargeIn duck = new BargeIn(BargeIn.Mode.DUCK, 6);
    assertThat(duck.atMost(BargeIn.Mode.STOP)).isEqualTo(duck);
    assertThat(duck.atMost(BargeIn.Mode.DUCK)).isEqualTo(duck);
  }

  @Test
  void aBehavioursChangeOfAudioBargeInReachesTheMovingPolicy() {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    params.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    MovingBargeIn p = new MovingBargeIn(BargeIn.from(params), BargeIn.Mode.DUCK, 3 * S, clock::get);
    var changeable = BargeInParameters.appliedTo(p::configured, params);
    params.set(NodeParameters.BARGE_IN, TextNode.valueOf("off"), "set_parameters");
    changeable.get(NodeParameters.BARGE_IN).accept(TextNode.valueOf("off"));
    assertThat(p.current().mode()).isEqualTo(BargeIn.Mode.OFF);
  }

  @Test
  void jointsAndVelocityCommandsAreTwoSourcesAndNeitherEndsTheOthersMotion() {
    MovingBargeIn p = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK, 0, clock::get);
    MotionListener joints = p.jointStates(() -> List.of("head_pan"));
    p.motion(true);
    joints.motion(false); // joint_states at 100 Hz, the head still
    clock.addAndGet(S / 10);
    assertThat(p.moving()).as("cmd_vel said it moves 100 ms ago; the head's stillness does not end that").isTrue();
    p.motion(false);
    joints.motion(true);
    assertThat(p.current().mode()).as("the head turns").isEqualTo(BargeIn.Mode.DUCK);
    clock.addAndGet(S / 100);
    joints.motion(false);
    assertThat(p.moving()).as("both still, no hold").isFalse();
    assertThat(p.motion()).isEqualTo(new LocalAudioHealth.MotionState("duck", false, 2, 1, 3, 1,
        List.of("head_pan")));
  }
}
