package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The echo guard of barge-in ({@link EchoMeter#userOverEcho}): a voice counts only above the echo left in the output. */
@Tag("unit")
class EchoGuardTest {
  private static final int N = 160;

  private static short[] level(double dbfs) {
    short[] s = new short[N];
    Arrays.fill(s, (short) Math.round(32767 * Math.pow(10, dbfs / 20)));
    return s;
  }

  /** Four seconds of echo at -22 dBFS that the canceller lowers by {@code erleDb}, the last window voiceless. */
  private static EchoMeter converged(double erleDb) {
    EchoMeter m = new EchoMeter();
    for (int i = 0; i < 400; i++) {
      m.frame(level(-20), level(-22), level(-22 - erleDb), N);
    }
    m.singleTalk();
    return m;
  }

  private static boolean after(EchoMeter m, double micDbfs, double outDbfs) {
    for (int i = 0; i < 4; i++) {
      m.frame(level(-20), level(micDbfs), level(outDbfs), N);
    }
    return m.userOverEcho(EchoPath.BARGE_IN_MIN_ERLE_DB, EchoPath.ABOVE_RESIDUAL_DB, EchoPath.BELOW_ECHO_DB);
  }

  @Test
  void theUsersVoiceOverAConvergedCancellerCountsAndTheEchoLeftInItDoesNot() {
    assertThat(after(converged(30), -22, -52)).as("echo alone, lowered 30 dB").isFalse();
    assertThat(after(converged(30), -22, -36)).as("echo lowered only 14 dB for a moment").isFalse();
    assertThat(after(converged(30), -20, -25)).as("the user 3 dB under the echo").isTrue();
  }

  @Test
  void aQuietTailOrAnUnconvergedCancellerNeverCounts() {
    assertThat(after(converged(30), -45, -45)).as("a reverberant tail the filter misses, 23 dB under the echo")
        .isFalse();
    assertThat(after(converged(8), -20, -25)).as("ERLE 8 dB: not converged").isFalse();
    assertThat(new EchoMeter().userOverEcho(15, 12, 12)).as("nothing measured yet").isFalse();
  }

  @Test
  void doubleTalkDoesNotLowerTheErleTheGuardGoesBy() {
    EchoMeter m = converged(30);
    for (int i = 0; i < 200; i++) { // two seconds of the user over the echo, no voiceless window
      m.frame(level(-20), level(-20), level(-24), N);
    }
    assertThat(m.reading().erleDb()).as("the running figure falls").isLessThan(15);
    assertThat(after(m, -20, -25)).as("the single-talk figure still holds").isTrue();
  }

  /** 0.3 s of a loud user over the echo, each frame the guard passes marked as EchoPath marks it. */
  private static int userOverTheEcho(EchoMeter m, short[] reference) {
    int heard = 0;
    for (int i = 0; i < 30; i++) {
      m.frame(level(-20), reference, level(-21), N);
      if (m.userOverEcho(EchoPath.BARGE_IN_MIN_ERLE_DB, EchoPath.ABOVE_RESIDUAL_DB, EchoPath.BELOW_ECHO_DB)) {
        heard++;
        m.userHeard();
      }
    }
    return heard;
  }

  /** Two seconds of the echo alone, lowered 30 dB, with voiceless windows. */
  private static void echoAlone(EchoMeter m) {
    for (int i = 0; i < 200; i++) {
      m.frame(level(-20), level(-22), level(-52), N);
      if (i % 3 == 2) {
        m.singleTalk();
      }
    }
  }

  @Test
  void aUserWhoGoesOnOnceTheSpeakerStoppedIsLeftOutOfTheErleTheGuardGoesBy() {
    EchoMeter m = converged(30);
    assertThat(userOverTheEcho(m, level(-22))).as("windows the guard heard the user in").isGreaterThan(20);
    short[] silent = new short[N];
    for (int i = 0; i < 50; i++) { // a stop silenced the speaker; the user goes on for 0.5 s
      m.frame(level(-20), silent, level(-20), N);
      m.userHeard();
    }
    echoAlone(m); // the robot speaks again
    assertThat(m.reading().erleDb()).as("the running figure holds the user's voice").isLessThan(15);
    assertThat(after(m, -20, -25)).as("a user 3 dB under the echo is heard again").isTrue();
    assertThat(after(converged(30), -22, -36)).as("while echo lowered only 14 dB for a moment still is not").isFalse();
  }

  @Test
  void aVoiceHeardOnlyOverTheEchoStaysInTheErle() {
    // The echo through a path the filter no longer fits passes the guard as a user does; where no
    // voice follows once the echo has died down, its frames lower the figure the guard goes by.
    EchoMeter m = converged(30);
    assertThat(userOverTheEcho(m, level(-22))).isGreaterThan(20);
    echoAlone(m);
    assertThat(after(m, -20, -25)).as("the single-talk ERLE under 15 dB").isFalse();
  }
}
