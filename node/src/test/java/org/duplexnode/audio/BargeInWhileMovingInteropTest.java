package org.duplexnode.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.JointMotion;
import org.duplexnode.ros.RobotJointsSource;
import org.duplexnode.ros.RobotMotionSource;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ROS 2 velocity publisher (CycloneDDS, as teleop or a navigation stack) on the robot's cmd_vel:
 * while it says the robot moves, the local speaker's barge-in is at most a duck, and after the
 * hold it stops again. Both message types, reliable and best-effort writers, and a command that is
 * not a number; and a joint-state publisher whose head joints turn.
 */
@Tag("interop")
class BargeInWhileMovingInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long MS = 1_000_000L;
  private static final long HOLD_MS = 1_500;

  @TempDir
  Path workDir;

  @Test
  void aTwistPublisherTurnsTheStopIntoADuckUntilTheHoldHasPassed() throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK, HOLD_MS * MS,
        System::nanoTime);
    AtomicLong clock = new AtomicLong(1_000_000 * MS);
    SimulatedSoundCard card = new SimulatedSoundCard(clock);
    LocalSpeaker speaker = new LocalSpeaker(card);
    speaker.onPlayback(PlaybackListener.NONE, clock::get);
    speaker.bargeIn(moving);
    try (FastDdsTransport transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"),
             RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1"), domain, List.of(InetAddress.getLoopbackAddress()));
         CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      RobotMotionSource.subscribe(transport, false, moving);
      peer.writer("/robot1/cmd_vel", "geometry_msgs/msg/Twist", PeerQos.reliable(10));
      peer.awaitMatched("/robot1/cmd_vel", 1, WAIT);

      // As a publisher of cmd_vel does, at 10 Hz: a best-effort reader may match the writer after
      // the writer has matched it, and the samples before that are gone.
      publishUntil("the still command heard", () -> peer.publishTwist("/robot1/cmd_vel", false, 0, 0),
          () -> moving.motion().commands() >= 1);
      assertThat(moving.moving()).isFalse();
      assertThat(speaker.health().bargeIn().policy()).isEqualTo("stop");

      publishUntil("the robot moving", () -> peer.publishTwist("/robot1/cmd_vel", false, 0, 0.6), moving::moving);
      speaker.speech(new SpeechChunk(1, 0, 0, tone(12_000, 10_000), true, false, false));
      Await.until("the chunk on the card", WAIT, () -> card.acceptedFrames() >= 12_000);
      clock.addAndGet(100 * MS);
      speaker.voiceOnset(clock.get());
      speaker.speech(new SpeechChunk(1, 1, 0, tone(2_400, 10_000), false, true, false));
      Await.until("the rest on the card", WAIT, () -> card.acceptedFrames() >= 4_800);
      assertThat(card.frame(2_400)).as("ducked 20 dB while turning; stop would have dropped it")
          .isEqualTo((short) 1_000);

      long commands = moving.motion().commands();
      publishUntil("the bad command counted", () -> peer.publishTwist("/robot1/cmd_vel", false, Double.NaN, 0),
          () -> transport.inputErrors().count("/robot1/cmd_vel", "invalid velocity") >= 1);
      assertThat(moving.motion().commands()).as("a NaN says nothing of the motion").isEqualTo(commands);
      publishUntil("the robot still again after the hold", () -> peer.publishTwist("/robot1/cmd_vel", false, 0, 0),
          () -> !moving.moving());
      assertThat(speaker.health().bargeIn().policy()).isEqualTo("stop");
      assertThat(moving.motion().moving()).isFalse();
      assertThat(moving.motion().movingCommands()).isPositive();
    } finally {
      speaker.close();
    }
  }

  @Test
  void aBestEffortTwistStampedPublisherIsHeardWhenTheTypeSaysSo() throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.OFF, HOLD_MS * MS,
        System::nanoTime);
    try (FastDdsTransport transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"),
             RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1", "-r", "cmd_vel:=/base/cmd_vel"), domain,
             List.of(InetAddress.getLoopbackAddress()));
         CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      RobotMotionSource.subscribe(transport, true, moving);
      peer.writer("/base/cmd_vel", "geometry_msgs/msg/TwistStamped", PeerQos.bestEffort(1));
      peer.awaitMatched("/base/cmd_vel", 1, WAIT);
      peer.header(100, 0, "base_link");
      publishUntil("the robot moving", () -> peer.publishTwist("/base/cmd_vel", true, 0.25, 0), moving::moving);
      assertThat(moving.current().mode()).isEqualTo(BargeIn.Mode.OFF);
    }
  }

  @Test
  void aJointStatePublisherTurnsTheStopIntoADuckWhileTheHeadTurns() throws Exception {
    int domain = CycloneDdsPeer.randomDomainId();
    MovingBargeIn moving = new MovingBargeIn(new BargeIn(BargeIn.Mode.STOP, 20), BargeIn.Mode.DUCK, HOLD_MS * MS,
        System::nanoTime);
    JointMotion head = new JointMotion(List.of("head_pan", "head_tilt"), 0.01);
    try (FastDdsTransport transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/robot1"),
             RosArgsParser.parse("--ros-args", "-r", "__ns:=/robot1"), domain, List.of(InetAddress.getLoopbackAddress()));
         CycloneDdsPeer peer = CycloneDdsPeer.start(domain, workDir)) {
      RobotJointsSource.subscribe(transport, head, moving.jointStates(head::notHeard));
      // As joint_state_broadcaster publishes: reliable, every joint of the robot in each message.
      peer.writer("/robot1/joint_states", "sensor_msgs/msg/JointState", PeerQos.reliable(10));
      peer.awaitMatched("/robot1/joint_states", 1, WAIT);
      peer.header(100, 0, "base_link");
      List<String> names = List.of("wheel_left", "head_pan", "head_tilt");
      double[] still = {0, 0.2, 0};
      publishUntil("the head standing", () -> peer.publishJointState("/robot1/joint_states", names, still,
          new double[] {0, 0, 0}), () -> moving.motion().jointStates() >= 1);
      assertThat(moving.current().mode()).isEqualTo(BargeIn.Mode.STOP);
      assertThat(moving.motion().jointsNotHeard()).isEmpty();

      double[] pan = {5.0, 0.2, 0};
      publishUntil("the head turning", () -> {
        pan[1] += 0.05;
        peer.publishJointState("/robot1/joint_states", names, pan, new double[0]);
      }, moving::moving);
      assertThat(moving.current().mode()).as("the echo path changes: at most a duck").isEqualTo(BargeIn.Mode.DUCK);

      long heard = moving.motion().jointStates();
      publishUntil("the bad message counted", () -> peer.publishJointState("/robot1/joint_states",
          List.of("head_pan"), new double[] {0.1, 0.2}, new double[0]),
          () -> transport.inputErrors().count("/robot1/joint_states", "invalid joint state") >= 1);
      assertThat(moving.motion().jointStates()).as("a bad message says nothing of the motion").isEqualTo(heard);
      publishUntil("the head still after the hold", () -> peer.publishJointState("/robot1/joint_states", names, pan,
          new double[0]), () -> !moving.moving());
      assertThat(moving.current().mode()).isEqualTo(BargeIn.Mode.STOP);
      assertThat(moving.motion().movingJointStates()).isPositive();
    }
  }

  /** Publishes every 100 ms until {@code done}, as a velocity publisher keeps publishing. */
  private static void publishUntil(String what, Runnable publish, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      publish.run();
      Thread.sleep(100);
      if (done.getAsBoolean()) {
        return;
      }
    }
    throw new AssertionError("timed out after " + WAIT.toMillis() + " ms waiting for " + what);
  }

  private static short[] tone(int n, int value) {
    short[] s = new short[n];
    Arrays.fill(s, (short) value);
    return s;
  }
}
