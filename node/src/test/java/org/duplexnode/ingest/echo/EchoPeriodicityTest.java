package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The robot's own pitch in what the canceller let through, on made-up voiced signals. */
@Tag("unit")
class EchoPeriodicityTest {
  private static final int RATE = 16_000;
  private static final int FRAME = 160;

  @Test
  void theFarEndThroughAnotherPathIsAtItsPitch() {
    float[] robot = VoiceLike.voice(118, 1);
    // Another path: the direct sound 1.2 ms later, a hard surface 1.2 ms after it at half the
    // amplitude, and a 30 ms reflection: the spectrum is combed, the period is as it was.
    float[] echo = new float[robot.length];
    for (int i = 0; i < robot.length; i++) {
      echo[i] = 0.6f * at(robot, i - 19) + 0.3f * at(robot, i - 38) + 0.2f * at(robot, i - 480);
    }
    assertThat(feed(echo, robot)).as("the echo through a changed path").isTrue();
  }

  @Test
  void aUserAtAnotherPitchOverTheResidualIsNot() {
    float[] robot = VoiceLike.voice(118, 1);
    float[] user = VoiceLike.voice(190, 2);
    float[] out = new float[robot.length];
    for (int i = 0; i < robot.length; i++) {
      out[i] = user[i] + 0.1f * at(robot, i - 160);
    }
    assertThat(feed(out, robot)).as("a voice at 190 Hz over the robot's at 118 Hz, 20 dB under it").isFalse();
    assertThat(feed(VoiceLike.voice(105, 3), robot)).as("a man's voice 11 % under the robot's").isFalse();
  }

  @Test
  void noPeriodOnEitherSideSaysNothing() {
    float[] robot = VoiceLike.voice(118, 1);
    float[] noise = VoiceLike.noise(4);
    assertThat(feed(noise, robot)).as("noise out").isFalse();
    assertThat(feed(robot, noise)).as("a voice out, the far end noise").isFalse();
    EchoPeriodicity offset = new EchoPeriodicity();
    short[] constant = new short[FRAME];
    java.util.Arrays.fill(constant, (short) 1_000);
    for (int f = 0; f < 100; f++) {
      offset.frame(constant, constant, FRAME);
    }
    assertThat(offset.soundsLikeFarEnd()).as("a DC offset on both sides").isFalse();
    EchoPeriodicity fresh = new EchoPeriodicity();
    short[] first = java.util.Arrays.copyOf(VoiceLike.pcm(robot), FRAME);
    fresh.frame(first, first, FRAME);
    assertThat(fresh.soundsLikeFarEnd()).as("too little heard").isFalse();
    assertThat(fresh.tests()).isZero();
  }

  @Test
  void onceTheRobotIsSilentItsTailKeepsItsPitchAndAVoiceAtAnotherIsTold() {
    float[] robot = VoiceLike.voice(118, 1);
    short[] far = VoiceLike.pcm(robot);
    short[] silence = new short[FRAME];
    EchoPeriodicity p = new EchoPeriodicity();
    assertThat(p.voicedUnlikeTheFarEnd()).as("nothing heard").isFalse();
    for (int at = 0; at + FRAME <= far.length; at += FRAME) {
      short[] f = java.util.Arrays.copyOfRange(far, at, at + FRAME);
      p.frame(f, f, FRAME, true);
    }
    // The robot falls silent; its room's tail (the voice through another path) goes on for a while.
    float[] tail = new float[robot.length];
    for (int i = 0; i < robot.length; i++) {
      tail[i] = 0.3f * at(robot, i - 19) + 0.2f * at(robot, i - 480);
    }
    assertThat(after(p, silence, VoiceLike.pcm(tail))).as("the robot's tail").isFalse();
    assertThat(after(p, silence, VoiceLike.pcm(VoiceLike.voice(190, 2)))).as("a voice at 190 Hz").isTrue();
    assertThat(after(p, silence, VoiceLike.pcm(VoiceLike.noise(4)))).as("noise").isFalse();

    EchoPeriodicity unvoiced = new EchoPeriodicity();
    short[] noise = VoiceLike.pcm(VoiceLike.noise(5));
    for (int at = 0; at + FRAME <= noise.length; at += FRAME) {
      short[] f = java.util.Arrays.copyOfRange(noise, at, at + FRAME);
      unvoiced.frame(f, f, FRAME, true);
    }
    assertThat(after(unvoiced, silence, VoiceLike.pcm(VoiceLike.voice(190, 2))))
        .as("a far end with no voiced sound to compare with says nothing").isFalse();
  }

  /** Feeds 300 ms of {@code out} with the far end silent, then asks. */
  private static boolean after(EchoPeriodicity p, short[] silence, short[] out) {
    for (int at = 0; at < 30 * FRAME; at += FRAME) {
      p.frame(java.util.Arrays.copyOfRange(out, RATE + at, RATE + at + FRAME), silence, FRAME, false);
    }
    return p.voicedUnlikeTheFarEnd();
  }

  /** Feeds {@code out} and {@code far} in 10 ms frames, asks each frame from the second on, returns the last answer. */
  private static boolean feed(float[] outSignal, float[] farSignal) {
    short[] out = VoiceLike.pcm(outSignal);
    short[] far = VoiceLike.pcm(farSignal);
    EchoPeriodicity p = new EchoPeriodicity();
    boolean last = false;
    int asked = 0;
    int yes = 0;
    for (int at = 0; at + FRAME <= out.length; at += FRAME) {
      p.frame(java.util.Arrays.copyOfRange(out, at, at + FRAME), java.util.Arrays.copyOfRange(far, at, at + FRAME),
          FRAME);
      if (at >= RATE) {
        asked++;
        last = p.soundsLikeFarEnd();
        yes += last ? 1 : 0;
      }
    }
    assertThat(asked).isEqualTo(100);
    // A steady voice: every frame answers alike.
    assertThat(yes == 0 || yes == asked).as(yes + " of " + asked + " frames").isTrue();
    return last;
  }

  private static float at(float[] x, int i) {
    return i >= 0 && i < x.length ? x[i] : 0;
  }
}
