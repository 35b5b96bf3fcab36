package org.duplexnode.ingest.echo;

/**
 * The canceller's cue in the band above {@value #CUTOFF_HZ} Hz. A voice's unvoiced first sounds
 * ("s", "f", "h") lie mostly up there, while the robot's echo there is weak between its own
 * fricatives: the "s" of "Stop" that stands 15-20 dB under the echo across the spectrum stands
 * above it in this band 20-40 ms after the onset, 100 ms before the voice detector hears the vowel.
 *
 * <p>A frame is a cue when it stands {@value #ABOVE_FLOOR_DB} dB above the band's quietest
 * frames (never the room's noise) and either
 * <ul>
 *   <li>the canceller took little of it (no more than {@value #KEPT_DB} dB) and the microphone
 *       has {@value #ABOVE_COUPLING_DB} dB more in the band than the far end's recent sound there
 *       explains (its envelope, decaying {@value #ENVELOPE_DECAY_DB} dB a frame, 60 dB in 1.2 s,
 *       times the coupling measured in single talk), within the caller's bound of the echo's usual
 *       level in the band; or</li>
 *   <li>the canceller took none of it ({@value #UNCANCELLED_DB} dB) and it is at least as loud as
 *       the echo usually is in the band: a voice over the robot's own fricative.</li>
 * </ul>
 * In 10 minutes of echo alone in generated rooms (RT60 0.2-0.8 s) no frame passed: the closest
 * came 7 dB short of the first test and 3 dB short of the second; nor in a hall of RT60 1.2 s,
 * whose tail a faster envelope took for a voice (docs/benchmarks.md).
 */
final class HighBandCue {
  static final int CUTOFF_HZ = 5500;
  static final double ENVELOPE_DECAY_DB = 0.5;
  static final double ABOVE_FLOOR_DB = 20;
  static final double KEPT_DB = -6;
  static final double ABOVE_COUPLING_DB = 8;
  static final double UNCANCELLED_DB = 0;
  private static final int RATE = 16_000;
  /** The floor is the quietest frame of the last {@code FLOOR_BUCKETS} half seconds. */
  private static final int FLOOR_BUCKETS = 4;
  private static final int FLOOR_BUCKET_FRAMES = 50;

  private final HighBand micBand = new HighBand(CUTOFF_HZ, RATE);
  private final HighBand outBand = new HighBand(CUTOFF_HZ, RATE);
  private final HighBand refBand = new HighBand(CUTOFF_HZ, RATE);
  private final double decay = Math.pow(10, -ENVELOPE_DECAY_DB / 10);
  /** Per bucket of the meter's window, frames where the far end sounded: the microphone's energy and the envelope's. */
  private final double[] micEnergy;
  private final double[] envelopeEnergy;
  private final double[] floor = new double[FLOOR_BUCKETS];
  private long frames;
  private double envelope;
  private double lastMic;
  private double lastOut;
  private int lastLen = 1;
  private double couplingDb = Double.NaN;

  HighBandCue(int buckets) {
    micEnergy = new double[buckets];
    envelopeEnergy = new double[buckets];
  }

  /** The meter moved on to {@code bucket}: what it held is forgotten. */
  void clear(int bucket) {
    micEnergy[bucket] = 0;
    envelopeEnergy[bucket] = 0;
  }

  /** Counts one frame into {@code bucket} ({@code farEnd}: the far end sounded in it). */
  void frame(short[] mic, short[] reference, short[] out, int len, boolean farEnd, int bucket) {
    int f = (int) (frames / FLOOR_BUCKET_FRAMES % FLOOR_BUCKETS);
    if (frames % FLOOR_BUCKET_FRAMES == 0) {
      floor[f] = Double.MAX_VALUE;
    }
    frames++;
    lastMic = micBand.energy(mic, len);
    lastOut = outBand.energy(out, len);
    lastLen = len;
    envelope = Math.max(envelope * decay, refBand.energy(reference, len));
    floor[f] = Math.min(floor[f], lastOut);
    if (farEnd) {
      micEnergy[bucket] += lastMic;
      envelopeEnergy[bucket] += envelope;
    }
  }

  /**
   * No voice was heard: the coupling now, over the buckets {@code echoAlone} marks (those in which
   * no user was heard), is the echo's alone; where none is marked it stays as it was.
   */
  void singleTalk(boolean[] echoAlone) {
    boolean any = false;
    boolean heard = false;
    for (int i = 0; i < micEnergy.length; i++) {
      any |= echoAlone[i];
      heard |= micEnergy[i] > 0;
    }
    double m = EchoMeter.sumOver(micEnergy, echoAlone);
    double e = EchoMeter.sumOver(envelopeEnergy, echoAlone);
    if (any || !heard) {
      couplingDb = e <= 0 || m <= 0 ? Double.NaN : 10 * Math.log10(m / e);
    }
  }

  /**
   * Whether the last frame is a cue, {@code belowEchoDb} the most it may lie under the echo's usual
   * level in the band for the first test: that level over the buckets {@code levels} marks,
   * {@code farEndSamples} the samples of far end in each bucket.
   */
  boolean cue(double belowEchoDb, boolean[] levels, long[] farEndSamples) {
    double echo = EchoMeter.sumOver(micEnergy, levels);
    double far = EchoMeter.sumOver(farEndSamples, levels);
    double quietest = Double.MAX_VALUE;
    for (double q : floor) {
      quietest = Math.min(quietest, q);
    }
    if (Double.isNaN(couplingDb) || echo <= 0 || far <= 0 || lastMic <= 0 || lastOut <= 0 || frames < FLOOR_BUCKETS * FLOOR_BUCKET_FRAMES) {
      return false;
    }
    double keptDb = 10 * Math.log10(lastOut / lastMic);
    double levelDb = 10 * Math.log10(lastOut / lastLen / (echo / far));
    double aboveFloorDb = 10 * Math.log10(lastOut / Math.max(quietest, lastLen));
    double aboveCouplingDb = 10 * Math.log10(lastMic / Math.max(envelope, lastLen)) - couplingDb;
    return aboveFloorDb >= ABOVE_FLOOR_DB
        && (keptDb >= KEPT_DB && aboveCouplingDb >= ABOVE_COUPLING_DB && levelDb >= -belowEchoDb
            || keptDb >= UNCANCELLED_DB && levelDb >= 0);
  }
}
