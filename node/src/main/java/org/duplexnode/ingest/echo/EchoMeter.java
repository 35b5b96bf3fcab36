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
  /**
   * Buckets in which the user was heard over the echo: their output holds the user's voice, so the
   * single-talk figures (the ERLE and the echo's usual level the guard and the cue go by) leave them
   * out. Counted in, a user who interrupted for a moment lowered that ERLE under the guard's bound
   * for the window's {@value #WINDOW_S} s, and the user's next words over the robot went unheard.
   * A voice the guard passed over the echo is only a candidate ({@link #candidateInBucket}): the
   * echo through a path the filter no longer fits passes it too, and its buckets must keep the
   * ERLE low (left out, they let the same echo duck the robot again after it resumed). It is the
   * user's once the guard passes a voice with the echo died down ({@value #USER_CONFIRMED_FRAMES}
   * frames after the speaker's last sound reached the microphone: a stop silenced the speaker and
   * the voice went on), or one clearly voiced at a period none of the far end's last second had
   * ({@link EchoPeriodicity#voicedUnlikeTheFarEnd}: a lone "Stop." ends before its echo dies down).
   */
  private final boolean[] userInBucket = new boolean[WINDOW_S * BUCKETS_PER_S];
  private final boolean[] candidateInBucket = new boolean[WINDOW_S * BUCKETS_PER_S];
  /**
   * Frames the voice is still counted in after the last window the guard heard it in: the
   * detector's window (32 ms) and the room's tail of the voice.
   */
  static final int USER_TAIL_FRAMES = 30;
  /**
   * Frames after the speaker's last sound (its echo's arrival) from which a voice the guard passes
   * is the user's own, as for a listening stop: the room's echo has died down by then.
   */
  static final int USER_CONFIRMED_FRAMES = 20;
  /** Frames after the last candidate within which a voice with the echo died down confirms it. */
  static final int CANDIDATE_FRAMES = 150;
  private long candidateUntilFrame = Long.MIN_VALUE / 2;
  private final HighBandCue highBand = new HighBandCue(WINDOW_S * BUCKETS_PER_S);
  private final EchoPeriodicity periodicity = new EchoPeriodicity();
  /** Voices and cues that passed the level tests but were voiced at the far end's pitch. */
  private long atFarEndPitch;
  private long samples;
  private long farEndTotal;
  private int bucket;
  private long bucketStart;

  /** The state as /diagnostics shows it. */
  public record Reading(double erleDb, double farEndS, long frames, boolean converged) {}

  private long frames;
  /** The last few frames' microphone and output energy: the user over the echo. */
  private static final int RECENT_FRAMES = 4;
  private static final int FRAME_SAMPLES = RATE / 100;
  /** Seconds of far end the canceller must have heard before a voice over it can count as the user's. */
  static final int MIN_FAR_END_S = 1;
  /** How many frames into a pause of the far end a cue is still looked for: its echo's tail. */
  static final int PAUSE_CUE_FRAMES = 80;
  private final double[] recentMic = new double[RECENT_FRAMES];
  private final double[] recentOut = new double[RECENT_FRAMES];
  /** ERLE when the voice detector last heard no voice: what the echo alone is lowered by, untouched by double talk. */
  private double singleTalkErleDb = Double.NaN;
  /**
   * The last frame in which the far end made any sound (its time already shifted by the echo
   * delay): a word's soft start is below the ERLE's far-end level but may already be echoed.
   */
  private long lastSoundingFrame = Long.MIN_VALUE / 2;
  /** Whether the speaker sounded in the frame last counted, and its length. */
  private boolean lastFarEnd;
  private int lastLen = FRAME_SAMPLES;

  /** Counts one frame as cancelled. */
  public synchronized void frame(short[] mic, short[] reference, short[] out, int len) {
    if (samples - bucketStart >= RATE / BUCKETS_PER_S) {
      bucket = (bucket + 1) % micEnergy.length;
      micEnergy[bucket] = 0;
      outEnergy[bucket] = 0;
      farEndSamples[bucket] = 0;
      userInBucket[bucket] = false;
      candidateInBucket[bucket] = false;
      highBand.clear(bucket);
      bucketStart = samples;
    }
    samples += len;
    frames++;
    if (frames <= candidateUntilFrame) {
      candidateInBucket[bucket] = true;
    } else if (frames > candidateUntilFrame + CANDIDATE_FRAMES) {
      java.util.Arrays.fill(candidateInBucket, false);
    }
    double ref = 0;
    double m = 0;
    double o = 0;
    for (int i = 0; i < len; i++) {
      ref += (double) reference[i] * reference[i];
      m += (double) mic[i] * mic[i];
      o += (double) out[i] * out[i];
    }
    int recent = (int) (frames % RECENT_FRAMES);
    boolean farEnd = ref / len >= FAR_END_POWER;
    highBand.frame(mic, reference, out, len, farEnd, bucket);
    periodicity.frame(out, reference, len, farEnd);
    lastFarEnd = farEnd;
    lastLen = len;
    recentMic[recent] = m;
    recentOut[recent] = o;
    if (ref >= len) {
      lastSoundingFrame = frames;
    }
    if (!farEnd) {
      return;
    }
    micEnergy[bucket] += m;
    outEnergy[bucket] += o;
    farEndSamples[bucket] += len;
    farEndTotal += len;
  }

  /**
   * Whether the microphone may still hear the far end: it played within the last {@code tailFrames}
   * frames (the room's reverberation outlasts the sound).
   */
  public synchronized boolean echoPossible(int tailFrames) {
    return frames - lastSoundingFrame <= tailFrames;
  }

  /**
   * The voice detector heard no voice in its last window: the ERLE now, over the window's buckets
   * in which no user was heard, is the echo's alone. Where the user was heard in all of them the
   * figure stays as it was.
   */
  public synchronized void singleTalk() {
    boolean[] echoAlone = echoAloneBuckets();
    double far = sumOver(farEndSamples, echoAlone);
    if (far > 0) {
      singleTalkErleDb = 10 * Math.log10(Math.max(sumOver(micEnergy, echoAlone), 1)
          / Math.max(sumOver(outEnergy, echoAlone), far));
    } else if (windowFarEndSamples() == 0) {
      singleTalkErleDb = Double.NaN;
    }
    highBand.singleTalk(echoAlone);
  }

  /**
   * The guard passed a voice in the detector's last window (over the echo, or with no echo to
   * hear): the buckets that hold it, from the one before (the voice began before the detector was
   * sure of it) to {@value #USER_TAIL_FRAMES} frames after, are candidates; where the echo has died
   * down, or the voice is at a pitch the far end lacked, it is the user's, and so are the
   * candidates of the last {@value #CANDIDATE_FRAMES} frames: they are no longer single talk.
   */
  public synchronized void userHeard() {
    candidateInBucket[bucket] = true;
    candidateInBucket[(bucket + candidateInBucket.length - 1) % candidateInBucket.length] = true;
    candidateUntilFrame = frames + USER_TAIL_FRAMES;
    if (frames - lastSoundingFrame >= USER_CONFIRMED_FRAMES || periodicity.voicedUnlikeTheFarEnd()) {
      for (int i = 0; i < userInBucket.length; i++) {
        userInBucket[i] |= candidateInBucket[i];
      }
    }
  }

  /** The sum of {@code values} over the buckets {@code buckets} marks. */
  static double sumOver(double[] values, boolean[] buckets) {
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += buckets[i] ? values[i] : 0;
    }
    return sum;
  }

  static double sumOver(long[] values, boolean[] buckets) {
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += buckets[i] ? values[i] : 0;
    }
    return sum;
  }

  /** The window's buckets in which the speaker sounded and no user was heard. */
  private boolean[] echoAloneBuckets() {
    boolean[] alone = new boolean[userInBucket.length];
    for (int i = 0; i < alone.length; i++) {
      alone[i] = !userInBucket[i] && farEndSamples[i] > 0;
    }
    return alone;
  }

  /**
   * The buckets the echo's usual level is taken over: those of {@link #echoAloneBuckets}, or every
   * one where the user was heard in each that the speaker sounded in (a level, unlike the ERLE, is
   * needed at once).
   */
  private boolean[] levelBuckets() {
    boolean[] alone = echoAloneBuckets();
    for (boolean b : alone) {
      if (b) {
        return alone;
      }
    }
    java.util.Arrays.fill(alone, true);
    return alone;
  }

  /**
   * Whether a voice heard now is the user's rather than the speaker's echo. Three conditions:
   * <ul>
   *   <li>the canceller lowers the echo by at least {@code minErleDb} (ERLE when no voice was last
   *       heard: double talk lowers the running figure, and must not hide itself);</li>
   *   <li>the output over the last {@value #RECENT_FRAMES} frames stands at least
   *       {@code aboveResidualDb} above the residual echo that ERLE predicts from the microphone
   *       (echo alone comes out about ERLE below it, give or take 10 dB over 40 ms);</li>
   *   <li>and it is no more than {@code belowEchoDb} below the echo's usual level in the
   *       microphone (a reverberant tail that the filter does not span passes the first two, but
   *       it is far quieter than a user who talks over the robot);</li>
   *   <li>and it is not voiced at the far end's pitch ({@link EchoPeriodicity}): a filter that no
   *       longer fits the echo path, after something changed it, passes the level tests.</li>
   * </ul>
   * Until the canceller has converged (and heard at least {@value #MIN_FAR_END_S} s of far end) no
   * voice counts: a false stop is worse than a late one.
   */
  public synchronized boolean userOverEcho(double minErleDb, double aboveResidualDb, double belowEchoDb) {
    double m = 0;
    double o = 0;
    for (int i = 0; i < RECENT_FRAMES; i++) {
      m += recentMic[i];
      o += recentOut[i];
    }
    double erle = singleTalkErleDb;
    // An ERLE over the far end's first moments says nothing yet (the suppressor alone may make it look high).
    if (Double.isNaN(erle) || erle < minErleDb || m <= 0 || farEndTotal < MIN_FAR_END_S * RATE) {
      return false;
    }
    double usual = usualEchoPower(levelBuckets());
    double outDb = 10 * Math.log10(Math.max(o, 1) / m);
    double levelDb = Double.isNaN(usual) ? 0 : 10 * Math.log10(Math.max(o, 1) / (RECENT_FRAMES * FRAME_SAMPLES) / usual);
    return outDb >= aboveResidualDb - erle && levelDb >= -belowEchoDb && !atFarEndPitch();
  }

  /**
   * Whether the frame last counted is a voice cue, a sign of the user's voice quicker than the
   * detector: the speaker sounding in it (the ERLE's figure applies), heard for the whole window
   * ({@value #WINDOW_S} s: the first seconds' ERLE flatters a filter still learning), a
   * single-talk ERLE of at least {@code minErleDb}, and this one frame standing at least
   * {@code aboveResidualDb} above the residual echo that ERLE predicts from its microphone and no
   * more than {@code belowEchoDb} below the echo's usual level in the microphone, and not voiced at
   * the far end's pitch (as {@link #userOverEcho}). One frame of echo
   * alone scatters wider than {@link #userOverEcho}'s four (in 10 minutes of generated rooms, up
   * to 16-18 dB above its prediction at that level); a voice's voiced first sounds reach this test
   * only where the echo is not loud at the time. Its unvoiced first sounds are looked for above
   * 5.5 kHz ({@link HighBandCue}), also in the pauses of the far end while its echo may still be
   * heard; the detector decides the rest.
   */
  public synchronized boolean voiceCue(double minErleDb, double aboveResidualDb, double belowEchoDb) {
    double erle = singleTalkErleDb;
    if (Double.isNaN(erle) || erle < minErleDb || farEndTotal < (long) WINDOW_S * RATE) {
      return false;
    }
    boolean[] levels = levelBuckets();
    if (!lastFarEnd) {
      return frames - lastSoundingFrame <= PAUSE_CUE_FRAMES && highBand.cue(belowEchoDb, levels, farEndSamples);
    }
    int recent = (int) (frames % RECENT_FRAMES);
    double m = recentMic[recent];
    double o = recentOut[recent];
    double usual = usualEchoPower(levels);
    if (m <= 0 || o <= 0 || !(usual > 0)) {
      return false;
    }
    double outDb = 10 * Math.log10(o / m);
    double levelDb = 10 * Math.log10(o / lastLen / usual);
    return outDb >= aboveResidualDb - erle && levelDb >= -belowEchoDb && !atFarEndPitch()
        || highBand.cue(belowEchoDb, levels, farEndSamples);
  }

  /**
   * Whether the output is voiced at the far end's pitch ({@link EchoPeriodicity}): the robot's own
   * voice through a path its filter no longer fits, which every level test above takes for a
   * voice. Asked last, where the level tests pass: it costs more than they do.
   */
  private boolean atFarEndPitch() {
    if (periodicity.soundsLikeFarEnd()) {
      atFarEndPitch++;
      return true;
    }
    return false;
  }

  /**
   * Whether the output's last 40 ms are clearly voiced at a period none of the far end's last
   * second of sound had ({@link EchoPeriodicity#voicedUnlikeTheFarEnd}): a voice in the room even
   * while the robot's echo, or its room's tail once the robot is silent, may still be heard.
   */
  public synchronized boolean voicedUnlikeTheFarEnd() {
    return periodicity.voicedUnlikeTheFarEnd();
  }

  /** Voices and cues refused because they were voiced at the far end's pitch. */
  public synchronized long atFarEndPitchCount() {
    return atFarEndPitch;
  }

  /** Samples over the window in which the speaker sounded. */
  private long windowFarEndSamples() {
    long far = 0;
    for (long f : farEndSamples) {
      far += f;
    }
    return far;
  }

  /**
   * The echo's usual power per sample in the microphone while the speaker sounds, over
   * {@code levels} ({@link #levelBuckets}); NaN when the speaker did not sound.
   */
  private double usualEchoPower(boolean[] levels) {
    double far = sumOver(farEndSamples, levels);
    return far == 0 ? Double.NaN : sumOver(micEnergy, levels) / far;
  }

  /** ERLE (dB) over the window, NaN when the speaker did not play in it. */
  public synchronized Reading reading() {
    return unlockedReading();
  }

  private Reading unlockedReading() {
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
