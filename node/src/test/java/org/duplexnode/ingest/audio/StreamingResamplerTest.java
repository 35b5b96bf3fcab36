package org.duplexnode.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class StreamingResamplerTest {

  private static final int OUT = StreamingResampler.OUTPUT_RATE;

  @ParameterizedTest(name = "{0} Hz input, {1} Hz tone")
  @CsvSource({
    "8000, 440", "8000, 3000",
    "11025, 1000", "11025, 4500",
    "22050, 440", "22050, 3000", "22050, 6800",
    "24000, 1000",
    "32000, 5000",
    "44100, 440", "44100, 1000", "44100, 6800",
    "48000, 440", "48000, 3000", "48000, 6800",
    "37800, 2000", // L = 80/... exact phases
    "7999, 1000", // L = 16000: interpolated phases
    "96000, 2500"
  })
  void passbandToneKeepsItsAmplitude(int rate, double freq) {
    float[] in = tone(rate, freq, 0.5, 2 * rate);
    float[] out = oneShot(rate, in);
    double amplitude = amplitudeAt(out, freq, OUT / 4, out.length - OUT / 4);
    assertThat(amplitude).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.5 * 0.003));
  }

  @ParameterizedTest(name = "{0} Hz input, {1} Hz tone")
  @CsvSource({
    "44100, 8100", "44100, 8500", "44100, 10000", "44100, 15000", "44100, 20000",
    "48000, 8100", "48000, 8500", "48000, 10000", "48000, 15000", "48000, 23000",
    "22050, 9000", "32000, 12000"
  })
  void toneAboveEightKilohertzIsAttenuatedBelowMinus60Db(int rate, double freq) {
    float[] in = tone(rate, freq, 1.0, 2 * rate);
    float[] out = oneShot(rate, in);
    double rms = rms(out, OUT / 4, out.length - OUT / 4);
    double db = 20 * Math.log10(rms * Math.sqrt(2) / 1.0);
    assertThat(db).isLessThan(-60);
  }

  @ParameterizedTest(name = "{0} Hz input, {1} Hz tone, image at {2} Hz")
  @CsvSource({"8000, 3000, 5000", "11025, 4500, 6525"})
  void upsamplingSuppressesImages(int rate, double freq, double image) {
    float[] in = tone(rate, freq, 1.0, 2 * rate);
    float[] out = oneShot(rate, in);
    double db = 20 * Math.log10(amplitudeAt(out, image, OUT / 4, out.length - OUT / 4));
    assertThat(db).isLessThan(-60);
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 11025, 16000, 22050, 44100, 48000, 7999})
  void randomlySizedMessagesGiveExactlyTheOneShotOutput(int rate) {
    Random random = new Random(rate);
    float[] in = new float[20 * rate + 123];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (random.nextGaussian() * 0.3);
    }
    float[] expected = oneShot(rate, in);
    assertThat(expected).hasSize((int) StreamingResampler.outputLength(in.length, rate));

    StreamingResampler r = new StreamingResampler(rate);
    float[] got = new float[expected.length];
    int filled = 0;
    int pos = 0;
    int messages = 0;
    while (pos < in.length) {
      int n = Math.min(in.length - pos, random.nextInt(random.nextBoolean() ? 8 : 300) + 1);
      float[] part = r.process(in, pos, n);
      System.arraycopy(part, 0, got, filled, part.length);
      filled += part.length;
      pos += n;
      messages++;
      // outputs are released as soon as their look-ahead has arrived
      long due = Math.max(0, StreamingResampler.outputLength(Math.max(0, pos - r.halfWidth()), rate));
      assertThat((long) filled).isEqualTo(due);
    }
    float[] tail = r.flush();
    System.arraycopy(tail, 0, got, filled, tail.length);
    filled += tail.length;
    assertThat(messages).isGreaterThan(1000);
    assertThat(filled).isEqualTo(expected.length);
    assertThat(Arrays.equals(got, expected)).as("bitwise identical to one-shot").isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 22050, 44100, 48000})
  void addsNoDelay(int rate) {
    // an impulse at input time t shows its peak at the output sample nearest t
    int at = 3 * rate / 7;
    float[] in = new float[rate];
    in[at] = 1;
    float[] out = oneShot(rate, in);
    int peak = 0;
    for (int j = 1; j < out.length; j++) {
      if (out[j] > out[peak]) {
        peak = j;
      }
    }
    assertThat((double) peak).isCloseTo(at * (double) OUT / rate, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void silenceCountsAsInput() {
    StreamingResampler a = new StreamingResampler(48000);
    StreamingResampler b = new StreamingResampler(48000);
    float[] x = tone(48000, 1000, 0.5, 4800);
    float[] withZeros = Arrays.copyOf(x, 4800 + 3000);
    float[] one = concat(a.process(withZeros, 0, withZeros.length), a.flush());
    float[] two = concat(concat(b.process(x, 0, x.length), b.processSilence(3000)), b.flush());
    assertThat(two).containsExactly(one);
  }

  @Test
  void rejectsRatesOutsideTheRange() {
    assertThatThrownBy(() -> new StreamingResampler(3999)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3999");
    assertThatThrownBy(() -> new StreamingResampler(400_000)).isInstanceOf(IllegalArgumentException.class);
  }

  static float[] oneShot(int rate, float[] in) {
    StreamingResampler r = new StreamingResampler(rate);
    return concat(r.process(in, 0, in.length), r.flush());
  }

  static float[] tone(int rate, double freq, double amplitude, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freq * i / rate + 0.3));
    }
    return x;
  }

  /** Amplitude of the component at {@code freq} over [from, to), by projection. */
  static double amplitudeAt(float[] y, double freq, int from, int to) {
    double c = 0;
    double s = 0;
    for (int n = from; n < to; n++) {
      double w = 2 * Math.PI * freq * n / OUT;
      c += y[n] * Math.cos(w);
      s += y[n] * Math.sin(w);
    }
    return 2 * Math.hypot(c, s) / (to - from);
  }

  static double rms(float[] y, int from, int to) {
    double sum = 0;
    for (int n = from; n < to; n++) {
      sum += (double) y[n] * y[n];
    }
    return Math.sqrt(sum / (to - from));
  }

  static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
