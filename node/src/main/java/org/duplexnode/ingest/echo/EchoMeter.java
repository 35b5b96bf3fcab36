package org.duplexnode.ingest.echo;

/**
 * Echo return loss enhancement over the last {@value #WINDOW_S} s: the microphone's energy over
 * the cancelled output's, in frames where the speaker played (reference above
 * {@value #FAR_END_DBFS} dBFS). In double talk the user's voice is in both and lowers it: the
 * figure is what left the room, not the filter alone. Written by the ingest thread, read by any.
 */
public final class EchoMeter {
  static final int WINDOW_S = 5;
  static final double FAR_END_DBFS = -50;
  /** ERLE at or above which the canceller is called converged. */
  public static final double CONVERGED_DB = 10;
  private static final int BUCKETS_PER_S = 2;
  private static final int RATE = 16_000;
  private static final double FAR_END_POWER = Math.pow(10, FAR_END_DBFS / 10) * 32768.0 * 32768.0;

  private final double[] micEnergy = new double[WINDOW_S * BUCKETS_PER_S];
  private final double[] outEnergy = new double[WINDOW_S * BUCKETS_PER_S];
  private final long[] farEndSamples = new long[WINDOW_S * BUCKETS_PER_S];
  private long samples;
  private long farEndTotal;
  private int bucket;
  private long bucketStart;

  /** The state as /diagnostics shows it. */
  public record Reading(double erleDb, double farEndS, long frames, boolean converged) {}

  private long frames;

  /** Counts one frame as cancelled. */
  public synchronized void frame(short[] mic, short[] reference, short[] out, int len) {
    if (samples - bucketStart >= RATE / BUCKETS_PER_S) {
      bucket = (bucket + 1) % micEnergy.length;
      micEnergy[bucket] = 0;
      outEnergy[bucket] = 0;
      farEndSamples[bucket] = 0;
      bucketStart = samples;
    }
    samples += len;
    frames++;
    double ref = 0;
    double m = 0;
    double o = 0;
    for (int i = 0; i < len; i++) {
      ref += (double) reference[i] * reference[i];
      m += (double) mic[i] * mic[i];
      o += (double) out[i] * out[i];
    }
    if (ref / len < FAR_END_POWER) {
      return;
    }
    micEnergy[bucket] += m;
    outEnergy[bucket] += o;
    farEndSamples[bucket] += len;
    farEndTotal += len;
  }

  /** ERLE (dB) over the window, NaN when the speaker did not play in it. */
  public synchronized Reading reading() {
    double m = 0;
    double o = 0;
    long far = 0;
    for (int i = 0; i < micEnergy.length; i++) {
      m += micEnergy[i];
      o += outEnergy[i];
      far += farEndSamples[i];
    }
    // A silent output (all suppressed) is 96 dB below full scale at most: count one LSB per sample.
    double erle = far == 0 ? Double.NaN : 10 * Math.log10(Math.max(m, 1) / Math.max(o, far));
    return new Reading(erle, farEndTotal / (double) RATE, frames, !Double.isNaN(erle) && erle >= CONVERGED_DB);
  }
}
