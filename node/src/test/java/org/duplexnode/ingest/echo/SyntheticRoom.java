package org.duplexnode.ingest.echo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.duplexnode.ingest.audio.StreamingResampler;

/**
 * A room made up in the test: the robot's speech (espeak-ng) played at 24 kHz from
 * {@link #PLAY_START_S}, heard by the microphone through a generated impulse response (direct
 * path, a few early reflections and an exponentially decaying noise tail of a given RT60) after
 * a delay, plus the user's speech (another espeak-ng voice) from {@link #userStartS} and white
 * noise (or pink, {@link #withPinkNoise}). Everything the microphone hears is at 16 kHz; the robot's speech reaches the room through
 * the same 24-to-16 kHz resampler as the reference, as a sound card's own filter would.
 *
 * @param robot24k what the speaker played, from {@link #PLAY_START_S}
 * @param echo the robot's voice as the microphone hears it (16 kHz from time 0)
 * @param nearEnd the user's voice as the microphone hears it
 * @param noise the room's noise
 * @param userStartS when the user starts talking over the robot (double talk)
 * @param robotEndS when the robot's speech ends playing
 * @param impulse the room's impulse response at the echo's level: {@code echo} is the robot's 16 kHz
 *     speech convolved with it, placed at {@code echoAt} (empty for a room whose delay moves)
 * @param echoAt the 16 kHz sample where the echo of the speaker's first sample arrives
 * @param pathChange the echo path this room's changes to ({@link #withEchoPathFrom}), null when it keeps one
 */
public record SyntheticRoom(short[] robot24k, float[] echo, float[] nearEnd, float[] noise, double userStartS,
                            double robotEndS, float[] impulse, int echoAt, PathChange pathChange) {
  /**
   * A later echo path: {@code impulse} (at the echo's level) from 16 kHz sample {@code at}, its
   * echo arriving from {@code echoAt}, faded in over {@code fadeSamples}.
   */
  public record PathChange(float[] impulse, int echoAt, int at, double fadeSamples) {
    /** How much of the echo at sample {@code i} comes through the later path (0-1). */
    double weight(int i) {
      return i < at ? 0 : fadeSamples <= 0 ? 1 : Math.min(1, (i - at) / fadeSamples);
    }
  }

  public static final int RATE = 16_000;
  public static final double PLAY_START_S = 1.0;

  /** The room's shape: reverberation time, echo delay, and levels (dBFS RMS over speech). */
  public record Shape(double rt60S, int delayMs, double echoDbfs, double userDbfs, double noiseDbfs, long seed) {
    public static Shape typical() {
      return new Shape(0.4, 120, -22, -26, -60, 7);
    }
  }

  private static final String ROBOT = "Hello, I am the robot of this house. I can see the kitchen and the hall. "
      + "The door to the garden is open and the light in the hall is on. Would you like me to close the door, "
      + "or should I keep watching the garden for the cat? I will tell you when something changes. "
      + "The weather today is mild, with some rain in the evening.";
  public static final String USER = "Stop please, robot. Close the door now and tell me where the cat is.";

  /** The room with its timeline: the robot talks alone, then the user talks over it, then the user alone. */
  public static SyntheticRoom make(Shape shape) {
    return make(shape, USER);
  }

  /** As {@link #make(Shape)}, the user saying {@code userText}. */
  public static SyntheticRoom make(Shape shape, String userText) {
    return make(shape, userText, Double.NaN);
  }

  /**
   * As {@link #make(Shape, String)} in the espeak-ng voice {@code voice} at {@code pitch} (0-99);
   * the robot's is en-us at 50, the default user's en-gb+f3 at 70.
   */
  public static SyntheticRoom make(Shape shape, String userText, String voice, int pitch) {
    return make(shape, userText, Double.NaN, voice, pitch);
  }

  /**
   * As {@link #make(Shape)}, the microphone on the robot's body a few tenths of a metre from its
   * speaker: the early reflections and the tail of the impulse response scaled so that together
   * they carry {@code drrDb} less energy than the direct path (the direct-to-reverberant ratio).
   * {@link #make(Shape)}'s rooms, whose tail outweighs the direct path, are a microphone metres
   * away. Two such rooms of the same shape and DRR from two seeds share the direct path: the same
   * delay and, the echo's level being the same, the same gain to within 0.1 dB at a DRR of 10 dB
   * or more and 0.35 dB at 2 dB (the level is set over the whole response, whose reverberant part
   * differs between seeds). {@link #withEchoPathFrom} between them is the robot turning in the room.
   */
  public static SyntheticRoom onRobot(Shape shape, double drrDb) {
    return make(shape, USER, drrDb);
  }

  /** The room; its impulse response's DRR is {@code drrDb}, or as generated when NaN. */
  private static SyntheticRoom make(Shape shape, String userText, double drrDb) {
    return make(shape, userText, drrDb, "en-gb+f3", 70);
  }

  private static SyntheticRoom make(Shape shape, String userText, double drrDb, String voice, int pitch) {
    short[] robot22 = espeak(ROBOT, "en-us", 50);
    short[] user22 = espeak(userText, voice, pitch);
    short[] robot24k = toShort(linear(robot22, 22_050, 24_000));
    float[] user16k = new StreamingResampler(22_050).process(toFloat(user22), 0, user22.length);
    double robotEndS = PLAY_START_S + robot24k.length / 24_000.0;
    double userStartS = robotEndS - user16k.length / (double) RATE * 0.7;
    return build(shape, robot24k, user16k, userStartS, 1.0, drrDb);
  }

  /**
   * This room whose echo path becomes {@code other}'s (the same robot speech heard through another
   * impulse response or at another level) from {@code atS}, cross-faded over {@code fadeMs}, as when
   * the robot turns or somebody walks between its speaker and its microphone. No user. What a
   * barge-in takes out of the room ({@link #echoChange}) goes through both paths, faded alike.
   */
  public SyntheticRoom withEchoPathFrom(SyntheticRoom other, double atS, double fadeMs) {
    float[] changed = echo.clone();
    int at = (int) Math.round(atS * RATE);
    double fade = fadeMs * RATE / 1000;
    PathChange change = new PathChange(other.impulse, other.echoAt, at, fade);
    for (int i = Math.max(0, at); i < changed.length; i++) {
      double w = change.weight(i);
      float theirs = i < other.echo.length ? other.echo[i] : 0;
      changed[i] = (float) ((1 - w) * echo[i] + w * theirs);
    }
    return new SyntheticRoom(robot24k, changed, new float[nearEnd.length], noise, userStartS, robotEndS, impulse, echoAt,
        change);
  }

  /**
   * This room with one more reflection, {@code delayMs} after the direct path and {@code gainDb}
   * under it in amplitude: somebody standing beside a robot whose speaker and microphone are close
   * together (the sound goes to them and back). No user. With {@link #withEchoPathFrom} the person
   * steps in while the robot talks.
   */
  public SyntheticRoom withReflection(double delayMs, double gainDb) {
    int delay = (int) Math.round(delayMs * RATE / 1000);
    float reflection = (float) (impulse[0] * Math.pow(10, gainDb / 20));
    float[] h = java.util.Arrays.copyOf(impulse, Math.max(impulse.length, delay + 1));
    h[delay] += reflection;
    float[] robot16k = new StreamingResampler(24_000).process(toFloat(robot24k), 0, robot24k.length);
    float[] changed = echo.clone();
    for (int i = 0; i < robot16k.length && echoAt + delay + i < changed.length; i++) {
      changed[echoAt + delay + i] += reflection * robot16k[i];
    }
    return new SyntheticRoom(robot24k, changed, new float[nearEnd.length], noise, userStartS, robotEndS, h, echoAt, null);
  }

  /**
   * The robot's {@code robot24k} (24 kHz, played from {@link #PLAY_START_S}) in the room with no
   * user: the microphone hears its echo and the noise, and {@code tailS} s after it ends.
   */
  public static SyntheticRoom echoAlone(Shape shape, short[] robot24k, double tailS) {
    return echoAlone(shape, robot24k, tailS, Double.NaN);
  }

  /**
   * As {@link #echoAlone(Shape, short[], double)}, the impulse response's DRR {@code drrDb}
   * ({@link #onRobot}), or as generated when NaN.
   */
  public static SyntheticRoom echoAlone(Shape shape, short[] robot24k, double tailS, double drrDb) {
    double robotEndS = PLAY_START_S + robot24k.length / 24_000.0;
    return build(shape, robot24k, new float[0], robotEndS, tailS, drrDb);
  }

  private static SyntheticRoom build(Shape shape, short[] robot24k, float[] user16k, double userStartS, double tailS,
                                     double drrDb) {
    float[] robot16k = new StreamingResampler(24_000).process(toFloat(robot24k), 0, robot24k.length);
    double robotEndS = PLAY_START_S + robot24k.length / 24_000.0;
    int total = (int) ((Math.max(robotEndS, userStartS + user16k.length / (double) RATE) + tailS) * RATE);
    Random random = new Random(shape.seed());
    float[] impulse = Double.isNaN(drrDb) ? impulseResponse(shape.rt60S(), random)
        : impulseResponse(shape.rt60S(), drrDb, random);
    float[] room = convolve(robot16k, impulse);
    float[] echo = new float[total];
    int echoAt = (int) Math.round((PLAY_START_S + shape.delayMs() / 1000.0) * RATE);
    for (int i = 0; i < room.length && echoAt + i < total; i++) {
      echo[echoAt + i] = room[i];
    }
    float gain = scale(echo, shape.echoDbfs());
    for (int i = 0; i < impulse.length; i++) {
      impulse[i] *= gain;
    }
    float[] near = new float[total];
    int userAt = (int) Math.round(userStartS * RATE);
    System.arraycopy(user16k, 0, near, userAt, Math.max(0, Math.min(user16k.length, total - userAt)));
    if (user16k.length > 0) {
      scale(near, shape.userDbfs());
    }
    float[] noise = new float[total];
    double sigma = Math.pow(10, shape.noiseDbfs() / 20);
    for (int i = 0; i < total; i++) {
      noise[i] = (float) (random.nextGaussian() * sigma);
    }
    return new SyntheticRoom(robot24k, echo, near, noise, userStartS, robotEndS, impulse, echoAt, null);
  }

  /**
   * The change in the echo, at 16 kHz samples {@code [from, from + len)}, when the speaker played
   * {@code played24k} (from {@link #PLAY_START_S}, silence past its end) instead of
   * {@link #robot24k}: what a barge-in that ducked or stopped the speaker took out of the room.
   */
  public float[] echoChange(short[] played24k, int from, int len) {
    int n = Math.max(played24k.length, robot24k.length);
    float[] d = new float[n];
    for (int k = 0; k < n; k++) {
      d[k] = ((k < played24k.length ? played24k[k] : 0) - (k < robot24k.length ? robot24k[k] : 0)) / 32768f;
    }
    float[] d16 = new StreamingResampler(24_000).process(d, 0, n);
    float[] change = new float[len];
    for (int i = 0; i < len; i++) {
      double w = pathChange == null ? 0 : pathChange.weight(from + i);
      double sum = w >= 1 ? 0 : (1 - w) * convolvedAt(impulse, d16, from + i - echoAt);
      if (w > 0) {
        sum += w * convolvedAt(pathChange.impulse(), d16, from + i - pathChange.echoAt());
      }
      change[i] = (float) sum;
    }
    return change;
  }

  /** Sample {@code at} of {@code x} convolved with {@code h}. */
  private static double convolvedAt(float[] h, float[] x, int at) {
    double sum = 0;
    for (int m = Math.max(0, at - x.length + 1); m < h.length && m <= at; m++) {
      sum += h[m] * x[at - m];
    }
    return sum;
  }

  /**
   * Only the robot, its speech said {@code repeats} times with half a second between, heard
   * {@code delayMsAt.applyAsDouble(t)} ms late at microphone time t (s): a player whose delay
   * drifts or jumps. The user does not talk ({@link #userStartS} is the robot's end).
   */
  public static SyntheticRoom moving(Shape shape, java.util.function.DoubleUnaryOperator delayMsAt, int repeats) {
    short[] once = toShort(linear(espeak(ROBOT, "en-us", 50), 22_050, 24_000));
    int gap = 12_000;
    short[] robot24k = new short[repeats * (once.length + gap)];
    for (int r = 0; r < repeats; r++) {
      System.arraycopy(once, 0, robot24k, r * (once.length + gap), once.length);
    }
    float[] robot16k = new StreamingResampler(24_000).process(toFloat(robot24k), 0, robot24k.length);
    double robotEndS = PLAY_START_S + robot24k.length / 24_000.0;
    int total = (int) ((robotEndS + 1.5) * RATE);
    float[] delayed = new float[total];
    for (int i = 0; i < total; i++) {
      double t = i / (double) RATE;
      delayed[i] = (float) at(robot16k, (t - PLAY_START_S - delayMsAt.applyAsDouble(t) / 1000.0) * RATE);
    }
    Random random = new Random(shape.seed());
    float[] room = convolve(delayed, impulseResponse(shape.rt60S(), random));
    float[] echo = java.util.Arrays.copyOf(room, total);
    scale(echo, shape.echoDbfs());
    float[] noise = new float[total];
    double sigma = Math.pow(10, shape.noiseDbfs() / 20);
    for (int i = 0; i < total; i++) {
      noise[i] = (float) (random.nextGaussian() * sigma);
    }
    // No one impulse response stands for a moving delay: such a room has none to follow a barge-in with.
    return new SyntheticRoom(robot24k, echo, new float[total], noise, robotEndS, robotEndS, new float[0], 0, null);
  }

  /**
   * {@code x} between its samples, at {@code pos}: a Hann-windowed sinc of 32 taps, flat to 7 kHz,
   * so that a moving delay does not also move the signal's treble as linear interpolation would.
   */
  static double at(float[] x, double pos) {
    int k = (int) Math.floor(pos);
    double sum = 0;
    for (int j = k - 15; j <= k + 16; j++) {
      if (j < 0 || j >= x.length) {
        continue;
      }
      double d = pos - j;
      double sinc = Math.abs(d) < 1e-9 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
      double window = 0.5 + 0.5 * Math.cos(Math.PI * d / 16.5);
      sum += x[j] * sinc * window;
    }
    return sum;
  }

  /**
   * This room with pink noise instead of white, at the same RMS: power falling 3 dB an octave from
   * 50 Hz, nearer a room's ventilation, traffic and machines than white noise, which puts as much
   * power above 5.5 kHz as below.
   */
  public SyntheticRoom withPinkNoise(long seed) {
    int size = Integer.highestOneBit(Math.max(2, noise.length - 1)) << 1;
    double[] spectrum = new double[size];
    Random random = new Random(seed);
    int lowest = (int) Math.ceil(50.0 * size / RATE);
    for (int k = Math.max(1, lowest); k < size / 2; k++) {
      double amplitude = 1 / Math.sqrt(k);
      spectrum[2 * k] = random.nextGaussian() * amplitude;
      spectrum[2 * k + 1] = random.nextGaussian() * amplitude;
    }
    new org.jtransforms.fft.DoubleFFT_1D(size).realInverse(spectrum, false);
    double power = 0;
    for (int i = 0; i < noise.length; i++) {
      power += spectrum[i] * spectrum[i];
    }
    double white = 0;
    for (float v : noise) {
      white += (double) v * v;
    }
    double gain = power == 0 ? 0 : Math.sqrt(white / power);
    float[] pink = new float[noise.length];
    for (int i = 0; i < pink.length; i++) {
      pink[i] = (float) (spectrum[i] * gain);
    }
    return new SyntheticRoom(robot24k, echo, nearEnd, pink, userStartS, robotEndS, impulse, echoAt, pathChange);
  }

  /** What the microphone hears. */
  public float[] microphone() {
    float[] mic = new float[echo.length];
    for (int i = 0; i < mic.length; i++) {
      mic[i] = echo[i] + nearEnd[i] + noise[i];
    }
    return mic;
  }

  /**
   * Direct path, six early reflections within 20 ms, and a tail of Gaussian noise decaying by 60 dB
   * in {@code rt60S}, cut there.
   */
  static float[] impulseResponse(double rt60S, Random random) {
    int n = (int) (rt60S * RATE);
    float[] h = new float[n];
    h[0] = 1f;
    for (int k = 0; k < 6; k++) {
      int at = 16 + random.nextInt(300);
      h[at] += (float) ((random.nextBoolean() ? 1 : -1) * (0.3 + 0.4 * random.nextDouble()));
    }
    double decayPerSample = Math.log(1000) / n; // amplitude: -60 dB at n
    for (int i = 320; i < n; i++) {
      h[i] += (float) (0.25 * random.nextGaussian() * Math.exp(-decayPerSample * i));
    }
    return h;
  }

  /**
   * As {@link #impulseResponse(double, Random)} (the same draws from {@code random}, so the noise
   * drawn after it is the same too), the reflections and the tail scaled to lie {@code drrDb} below
   * the direct path in energy.
   */
  static float[] impulseResponse(double rt60S, double drrDb, Random random) {
    float[] h = impulseResponse(rt60S, random);
    double rest = reverberantEnergy(h);
    double gain = Math.sqrt((double) h[0] * h[0] * Math.pow(10, -drrDb / 10) / rest);
    for (int i = 1; i < h.length; i++) {
      h[i] *= (float) gain;
    }
    return h;
  }

  /** The direct path's energy (the first sample) over the rest's, in dB. */
  public static double directToReverberantDb(float[] impulse) {
    return 10 * Math.log10((double) impulse[0] * impulse[0] / reverberantEnergy(impulse));
  }

  private static double reverberantEnergy(float[] h) {
    double rest = 0;
    for (int i = 1; i < h.length; i++) {
      rest += (double) h[i] * h[i];
    }
    return rest;
  }

  static float[] convolve(float[] x, float[] h) {
    float[] y = new float[x.length + h.length - 1];
    for (int j = 0; j < h.length; j++) {
      float hj = h[j];
      if (hj == 0f) {
        continue;
      }
      for (int i = 0; i < x.length; i++) {
        y[i + j] += x[i] * hj;
      }
    }
    return y;
  }

  /** Scales the signal so that its RMS over samples above -50 dB of its peak is {@code dbfs}; returns the gain. */
  static float scale(float[] x, double dbfs) {
    float peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    double sum = 0;
    long n = 0;
    for (float v : x) {
      if (Math.abs(v) > peak * 0.003) {
        sum += (double) v * v;
        n++;
      }
    }
    double gain = Math.pow(10, dbfs / 20) / Math.sqrt(sum / Math.max(1, n));
    for (int i = 0; i < x.length; i++) {
      x[i] *= (float) gain;
    }
    return (float) gain;
  }

  /** espeak-ng's 22.05 kHz speech of {@code text}. */
  static short[] espeak(String text, String voice, int pitch) {
    return espeak(text, voice, pitch, 175);
  }

  /** As above at {@code wordsPerMinute}. */
  static short[] espeak(String text, String voice, int pitch, int wordsPerMinute) {
    try {
      Process p = new ProcessBuilder("espeak-ng", "--stdout", "-v", voice, "-p", Integer.toString(pitch),
              "-s", Integer.toString(wordsPerMinute), text)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] wav;
      try (InputStream in = p.getInputStream()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        wav = out.toByteArray();
      }
      if (p.waitFor() != 0 || wav.length <= 44) {
        throw new IllegalStateException("espeak-ng failed for voice " + voice);
      }
      short[] pcm = new short[(wav.length - 44) / 2];
      for (int i = 0; i < pcm.length; i++) {
        pcm[i] = (short) ((wav[44 + 2 * i] & 0xff) | (wav[45 + 2 * i] << 8));
      }
      return pcm;
    } catch (IOException e) {
      throw new IllegalStateException("espeak-ng is needed (apt install espeak-ng): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Linear interpolation: good enough to make a source signal at another rate, not to measure one. */
  static float[] linear(short[] in, int from, int to) {
    int n = (int) ((long) in.length * to / from);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      double x = (double) i * from / to;
      int k = (int) x;
      double f = x - k;
      double a = in[k];
      double b = k + 1 < in.length ? in[k + 1] : 0;
      out[i] = (float) ((a + (b - a) * f) / 32768.0);
    }
    return out;
  }

  static float[] toFloat(short[] s) {
    float[] f = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      f[i] = s[i] / 32768f;
    }
    return f;
  }

  static short[] toShort(float[] f) {
    short[] s = new short[f.length];
    for (int i = 0; i < f.length; i++) {
      s[i] = (short) Math.round(Math.max(-1f, Math.min(1f, f[i] * 0.5f)) * 32767f);
    }
    return s;
  }
}
