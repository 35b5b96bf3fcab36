package org.duplexnode.ingest.echo;

/**
 * Takes out the echo the canceller left, bin by bin, and keeps a voice that stands above it.
 *
 * <p>The residual echo in each frequency bin is predicted as a coupling times an envelope of the
 * far end's power there; the envelope decays as a reverberant room's tail does, so the echo of a
 * sound that has stopped is still predicted. The coupling is learnt, in log steps, from frames in
 * which few bins stand clear of the prediction, so it takes in the room's steady noise with the
 * echo (where the far end is faint, the prediction is that noise). A frame counts as voiced when at
 * least {@value #VOICED_FRACTION} of its bins from 125 Hz to 6 kHz stand {@value #CLEAR_OF_ECHO_DB}
 * dB above the prediction (echo alone: single bins scatter up to about 20 dB above it; a voice over
 * it raises many), and stays voiced {@value #HANGOVER_FRAMES} frames more, so that a word's quieter
 * frames are not cut out.
 *
 * <ul>
 *   <li>A voiced frame keeps, in each bin, the power above the prediction (power subtraction with
 *       a {@value #KEEP_OVER_DB} dB margin).</li>
 *   <li>Any other frame comes out silent.</li>
 * </ul>
 *
 * <p>A voice needs to stand about 16 dB or more above the canceller's residual echo to be kept
 * whole (10 dB: it loses about 4.5 dB), which a user who talks over the robot does where the
 * canceller takes 20 dB or more. Frames of {@value #HOP} samples at 16 kHz; square-root Hann
 * windows of {@value #WINDOW} with overlap-add, so the output lags the input by one frame and a
 * frame with no echo possible comes out as it went in. One thread.
 */
final class ResidualEchoSuppressor {
  static final int HOP = 160;
  static final int WINDOW = 320;
  private static final int FFT = 512;
  private static final int BINS = FFT / 2 + 1;
  /** 125 Hz to 6 kHz: the bins a voice and the robot's echo share. */
  private static final int FIRST_BIN = 4;
  private static final int LAST_BIN = 192;
  /** The far end's envelope falls this much a frame (60 dB in 1.2 s: a room of RT60 up to about 1 s). */
  static final double ENVELOPE_DECAY_DB = 0.5;
  static final double CLEAR_OF_ECHO_DB = 22;
  static final double VOICED_FRACTION = 0.06;
  static final int HANGOVER_FRAMES = 5;
  static final double KEEP_OVER_DB = 3;
  /** Per frame, in log terms; a frame with half its bins clear teaches 25 times slower. */
  private static final double LEARN_RATE = 0.05;
  private static final double LEARN_BELOW_CLEAR = 0.5;

  private final Radix2Fft fft = new Radix2Fft(FFT);
  private final double[] window = new double[WINDOW];
  private final double[] inHistory = new double[WINDOW];
  private final double[] farHistory = new double[WINDOW];
  private final double[] overlap = new double[WINDOW];
  private final double[] re = new double[FFT];
  private final double[] im = new double[FFT];
  private final double[] farRe = new double[FFT];
  private final double[] farIm = new double[FFT];
  private final double[] envelope = new double[BINS];
  private final double[] coupling = new double[BINS];
  private final double[] power = new double[BINS];
  private final double[] gain = new double[BINS];
  private final double decay = Math.pow(10, -ENVELOPE_DECAY_DB / 10);
  private final double clearOfEcho = Math.pow(10, CLEAR_OF_ECHO_DB / 10);
  private final double keepOver = Math.pow(10, KEEP_OVER_DB / 10);
  private int hangover;
  /** Written by the one thread that processes, read by /diagnostics. */
  private volatile long frames;
  private volatile long silenced;

  ResidualEchoSuppressor() {
    for (int i = 0; i < WINDOW; i++) {
      window[i] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW));
    }
    // Until it has learnt, everything under the far end's own level counts as its echo.
    java.util.Arrays.fill(coupling, 1.0);
  }

  /** Samples by which the output lags the input. */
  int latencySamples() {
    return HOP;
  }

  /**
   * One frame of {@value #HOP} samples: {@code in}, what the canceller gave; {@code farEnd}, the far
   * end as the canceller was given it for the same samples; {@code echoPossible}, whether the
   * microphone may hear the far end at all (else the frame passes as it came). Writes {@code out}.
   */
  void process(short[] in, short[] farEnd, boolean echoPossible, short[] out) {
    shift(inHistory, in);
    shift(farHistory, farEnd);
    for (int i = 0; i < FFT; i++) {
      re[i] = i < WINDOW ? inHistory[i] * window[i] : 0;
      farRe[i] = i < WINDOW ? farHistory[i] * window[i] : 0;
      im[i] = 0;
      farIm[i] = 0;
    }
    fft.forward(re, im);
    fft.forward(farRe, farIm);
    for (int k = 0; k < BINS; k++) {
      power[k] = re[k] * re[k] + im[k] * im[k];
      envelope[k] = Math.max(farRe[k] * farRe[k] + farIm[k] * farIm[k], envelope[k] * decay);
    }
    if (echoPossible) {
      suppressionGains();
    } else {
      java.util.Arrays.fill(gain, 1.0);
    }
    apply(out);
  }

  private void suppressionGains() {
    frames++;
    int clear = 0;
    for (int k = FIRST_BIN; k < LAST_BIN; k++) {
      if (power[k] > clearOfEcho * coupling[k] * envelope[k]) {
        clear++;
      }
    }
    double clearFraction = clear / (double) (LAST_BIN - FIRST_BIN);
    boolean voiced = clearFraction >= VOICED_FRACTION;
    if (voiced) {
      hangover = HANGOVER_FRAMES;
    } else if (hangover > 0) {
      hangover--;
      voiced = true;
    }
    double rate = clearFraction < LEARN_BELOW_CLEAR ? LEARN_RATE : LEARN_RATE / 25;
    for (int k = 0; k < BINS; k++) {
      if (envelope[k] > 0 && power[k] > 0) {
        // The room's noise is learnt with the echo: where the far end is faint, the prediction is the noise.
        coupling[k] *= Math.exp(rate * (Math.log(power[k] / envelope[k]) - Math.log(coupling[k])));
      }
      double keep = power[k] - keepOver * coupling[k] * envelope[k];
      gain[k] = voiced && keep > 0 ? Math.sqrt(keep / power[k]) : 0;
    }
    if (!voiced) {
      silenced++;
    }
  }

  private void apply(short[] out) {
    for (int k = 0; k < BINS; k++) {
      re[k] *= gain[k];
      im[k] *= gain[k];
      if (k > 0 && k < FFT / 2) {
        re[FFT - k] = re[k];
        im[FFT - k] = -im[k];
      }
    }
    fft.inverse(re, im);
    for (int i = 0; i < WINDOW; i++) {
      overlap[i] += re[i] * window[i];
    }
    for (int i = 0; i < HOP; i++) {
      out[i] = (short) Math.round(Math.max(-32768, Math.min(32767, overlap[i])));
    }
    System.arraycopy(overlap, HOP, overlap, 0, WINDOW - HOP);
    java.util.Arrays.fill(overlap, WINDOW - HOP, WINDOW, 0);
  }

  /** Frames that could hold echo. */
  long frames() {
    return frames;
  }

  /** Of {@link #frames()}, those that came out as echo alone. */
  long silencedFrames() {
    return silenced;
  }

  private static void shift(double[] history, short[] frame) {
    System.arraycopy(history, HOP, history, 0, WINDOW - HOP);
    for (int i = 0; i < HOP; i++) {
      history[WINDOW - HOP + i] = frame[i];
    }
  }
}
