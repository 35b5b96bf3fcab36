package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The model's ear behind the stage: samples keep their count and their times, and the far end its order. */
@Tag("unit")
class ResidualEchoSinkTest {
  @Test
  void withoutEchoEverySampleComesOutAtItsOwnPlaceInBlocksOfAnySize() {
    FarEndTrail trail = new FarEndTrail();
    float[] out = new float[5000];
    ResidualEchoSink sink = new ResidualEchoSink(new CollectingSink(out), trail);
    float[] in = new float[4321];
    Random r = new Random(5);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (0.3 * r.nextGaussian());
    }
    sink.streamStarted(0);
    for (int off = 0; off < in.length; ) {
      int len = Math.min(1 + r.nextInt(700), in.length - off);
      short[] silentFar = new short[len];
      trail.add(silentFar, 0, len, false);
      sink.samples(java.util.Arrays.copyOfRange(in, off, off + len), 0, len);
      off += len;
    }
    sink.streamEnded();
    for (int i = 0; i < in.length; i++) {
      float s = Math.max(-1f, Math.min(1f, in[i]));
      assertThat(out[i]).as("sample %d", i).isCloseTo(s, org.assertj.core.data.Offset.offset(2.5e-4f));
    }
    assertThat(out[in.length]).as("nothing after the last sample").isZero();
    assertThat(sink.frames()[0]).isZero();
  }

  @Test
  void aNewStreamDropsTheFarEndTheLastOneLeftBehind() {
    FarEndTrail trail = new FarEndTrail();
    float[] out = new float[400];
    ResidualEchoSink sink = new ResidualEchoSink(new CollectingSink(out), trail);
    sink.streamStarted(0);
    trail.add(new short[300], 0, 300, true);
    sink.streamStarted(1_000_000L);
    short[] got = new short[1];
    assertThat(trail.take(got, 0)).as("nothing left of the stream before").isFalse();
  }

  @Test
  void theTrailGivesTheFarEndInTheOrderItWasAddedAcrossItsGrowth() {
    FarEndTrail trail = new FarEndTrail();
    short[] far = new short[3000];
    for (int i = 0; i < far.length; i++) {
      far[i] = (short) i;
    }
    short[] got = new short[1];
    trail.add(far, 0, 700, true);
    assertThat(trail.take(got, 0)).as("nothing kept before a sink takes from it").isFalse();
    trail.taker();
    trail.add(far, 0, 700, false);
    for (int i = 0; i < 500; i++) {
      trail.take(got, 0);
      assertThat(got[0]).isEqualTo((short) i);
    }
    trail.add(far, 700, 2300, true);
    for (int i = 500; i < 3000; i++) {
      assertThat(trail.take(got, 0)).as("echo possible at %d", i).isEqualTo(i >= 700);
      assertThat(got[0]).isEqualTo((short) i);
    }
    assertThat(trail.take(got, 0)).as("none left").isFalse();
    assertThat(got[0]).isZero();
  }
}
