package org.duplexnode.ingest.echo;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the echo's pitch test ({@link EchoPeriodicity}) costs: one operation is one second of audio
 * (100 frames of 10 ms) taken in, with the test asked at every frame, as where the level tests pass
 * all the time (a user talking over the robot at another pitch, the case that looks at every far-end
 * window), against taking the frames in alone. The node asks only where the level tests pass.
 * Then the test a listening stop asks ({@link EchoPeriodicity#voicedUnlikeTheFarEnd}): the frames
 * with the far end's sound kept, its first ask after a second of the robot's voice (49 windows of
 * it looked at), and its asks at every frame of a second of the user's voice once the robot is
 * silent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoPitchBench {
  private static final int FRAME = 160;
  private short[][] out;
  private short[][] far;
  private final short[] silence = new short[FRAME];
  private EchoPeriodicity periodicity;
  private EchoPeriodicity listening;

  @Setup
  public void setUp() {
    short[] user = VoiceLike.pcm(VoiceLike.voice(190, 2));
    short[] robot = VoiceLike.pcm(VoiceLike.voice(118, 1));
    out = new short[200][];
    far = new short[200][];
    for (int f = 0; f < 200; f++) {
      out[f] = Arrays.copyOfRange(user, f * FRAME, (f + 1) * FRAME);
      far[f] = Arrays.copyOfRange(robot, f * FRAME, (f + 1) * FRAME);
    }
    periodicity = new EchoPeriodicity();
    for (int f = 0; f < 100; f++) {
      periodicity.frame(out[f], far[f], FRAME);
    }
    listening = new EchoPeriodicity();
    for (int f = 0; f < 100; f++) {
      listening.frame(far[f], far[f], FRAME, true);
    }
  }

  @Benchmark
  public int framesAlone() {
    for (int f = 100; f < 200; f++) {
      periodicity.frame(out[f], far[f], FRAME);
    }
    return out.length;
  }

  @Benchmark
  public int framesKeepingTheFarEndsSound() {
    for (int f = 100; f < 200; f++) {
      periodicity.frame(out[f], far[f], FRAME, true);
    }
    return out.length;
  }

  /** A second of the robot's voice taken in, then one ask: less {@link #framesKeepingTheFarEndsSound}, the first ask's cost. */
  @Benchmark
  public boolean aSecondOfTheRobotThenTheFirstAsk() {
    EchoPeriodicity fresh = new EchoPeriodicity();
    for (int f = 0; f < 100; f++) {
      fresh.frame(far[f], far[f], FRAME, true);
    }
    for (int f = 100; f < 110; f++) {
      fresh.frame(out[f], silence, FRAME, false);
    }
    return fresh.voicedUnlikeTheFarEnd();
  }

  @Benchmark
  public int listeningAskedEachFrame() {
    int yes = 0;
    for (int f = 100; f < 200; f++) {
      listening.frame(out[f], silence, FRAME, false);
      yes += listening.voicedUnlikeTheFarEnd() ? 1 : 0;
    }
    return yes;
  }

  @Benchmark
  public int framesAskedEachTime() {
    int yes = 0;
    for (int f = 100; f < 200; f++) {
      periodicity.frame(out[f], far[f], FRAME);
      yes += periodicity.soundsLikeFarEnd() ? 1 : 0;
    }
    return yes;
  }
}
