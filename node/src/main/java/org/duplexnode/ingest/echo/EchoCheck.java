package org.duplexnode.ingest.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.ingest.vad.SpeechTimeline;
import org.duplexnode.ingest.vad.VoiceActivity;
import org.duplexnode.ports.PlayedAudio;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * Whether echo cancellation and barge-in will work with a robot's own speaker and microphone, from
 * a recording of the room and then of the robot's voice through them ({@code duplex-node audio
 * check}): the room's noise, the echo's level and clipping, the echo's delay as the node's
 * estimator finds it, and the node's own canceller, guard and voice detector run over the
 * recording with the delay configured, and with the delay measured, fixed and followed.
 */
public final class EchoCheck {
  private static final int RATE = 16_000;
  private static final long NANOS_PER_SAMPLE = 62_500L;
  private static final int BLOCK = 320;
  private static final double FULL_SCALE = 32768.0;
  /** The delay recommended is this much under the one measured: the direct path's onset and the estimate's spread. */
  static final int DELAY_MARGIN_MS = 10;
  /** The filter must reach this far past the direct echo (ms) to hold the room's early reflections. */
  static final int TAIL_MARGIN_MS = 100;
  /**
   * A room this loud (dBFS) slows barge-in and hides quiet users (docs/benchmarks.md, "Noise and
   * the user's level").
   */
  static final double LOUD_ROOM_DBFS = -40;
  /** The echo must stand this far above the room for the check to say the microphone hears the speaker. */
  static final double HEARD_ABOVE_ROOM_DB = 10;
  /** Below this (dBFS) no echo is heard whatever the room. */
  static final double HEARD_DBFS = -70;
  /** ERLE a robot should reach (the goal and what the generated rooms reach). */
  static final double GOOD_ERLE_DB = 25;
  /** Clipped samples above this share of the speech fail the check: a clipped echo is not linear. */
  static final double CLIPPED_SHARE = 0.001;
  /** A pause this long (ms) in what played ends an utterance. */
  static final int PAUSE_MS = 200;
  /** Utterances' delays this close (ms) are the same delay (the estimates scatter by hundredths of a ms). */
  static final double SAME_DELAY_MS = 1.0;
  /** A skew this large (ppm) between the speaker's and the microphone's clocks is two clocks, not one. */
  static final double TWO_CLOCKS_PPM = 5;

  private EchoCheck() {}

  /** How sure a finding is. */
  public enum Level { OK, WARN, FAIL }

  /** One line of the check's verdict. */
  public record Finding(String what, Level level, String text) {}

  /**
   * The node's canceller and barge-in guard over the recording with one delay.
   *
   * @param delayMs audio.echo_delay_ms as run
   * @param tracking audio.echo_delay_tracking as run
   * @param erleDb the canceller's ERLE over its last window of the robot's voice (NaN without any)
   * @param convergedAfterS seconds of the robot's voice after which the ERLE stayed at or above
   *     {@value EchoMeter#CONVERGED_DB} dB to its end; NaN if it ended below
   * @param stops voice onsets the guard let through while the robot spoke: each would have stopped it
   * @param cueDucks frames of the canceller's cue while the robot spoke: each would have ducked it
   * @param echoWindowsRefused voiced windows the guard took for the robot's echo
   * @param userSpeechStarts starts of ~/user_speech over the whole recording
   */
  public record Pass(int delayMs, boolean tracking, double erleDb, double convergedAfterS, long stops, long cueDucks,
                     long echoWindowsRefused, long userSpeechStarts) {}

  /**
   * What the recording shows.
   *
   * @param roomDbfs the microphone's level before the robot spoke (-inf for exact zeros)
   * @param echoDbfs its level while the robot spoke
   * @param clipped samples at full scale while the robot spoke
   * @param speechSamples microphone samples while the robot spoke
   * @param speechS seconds the robot spoke
   * @param delay the echo delay the estimator believes at the end
   * @param utteranceDelaysMs the delay in each utterance (the median of its confident estimates;
   *     NaN for one without any): a device whose stream starts again moves it
   * @param skewPpm how fast the delay grew (the speaker's clock against the microphone's, ppm); NaN
   *     when too few estimates were confident
   * @param filterMs audio.echo_filter_ms
   * @param configured the pass with audio.echo_delay_ms and audio.echo_delay_tracking as configured
   * @param measured the pass with the delay recommended from the measurement, fixed (the same as
   *     {@code configured} when no delay was found)
   * @param tracked the pass with that delay followed (audio.echo_delay_tracking)
   */
  public record Result(double roomDbfs, double echoDbfs, long clipped, long speechSamples, double speechS,
                       DelayEstimate delay, List<Double> utteranceDelaysMs, double skewPpm, int filterMs,
                       Pass configured, Pass measured, Pass tracked) {
    /** Whether the microphone heard the speaker at all. */
    public boolean echoHeard() {
      return echoDbfs > HEARD_DBFS && !(echoDbfs - roomDbfs < HEARD_ABOVE_ROOM_DB);
    }

    /** audio.echo_delay_ms to set: the delay measured less {@value #DELAY_MARGIN_MS} ms, or the one configured. */
    public int recommendedDelayMs() {
      return measured.delayMs();
    }

    /**
     * Whether to set audio.echo_delay_tracking: the clocks differ and following the delay did better
     * (fewer stops on the robot's own echo, or as few and 1 dB more ERLE).
     */
    public boolean recommendsTracking() {
      return Math.abs(skewPpm) >= TWO_CLOCKS_PPM && (tracked.stops() < measured.stops()
          || tracked.stops() == measured.stops() && tracked.erleDb() >= measured.erleDb() + 1);
    }

    /** The pass with the settings recommended. */
    public Pass recommended() {
      return recommendsTracking() ? tracked : measured;
    }

    /** audio.echo_filter_ms to set: the one configured, or longer where it does not reach past the echo's onset. */
    public int recommendedFilterMs() {
      if (!delay.locked()) {
        return filterMs;
      }
      int needed = (int) Math.ceil(delay.delayMs()) - measured.delayMs() + TAIL_MARGIN_MS;
      return Math.min(1000, Math.max(filterMs, needed));
    }

    /** Whether no finding failed. */
    public boolean passed() {
      return findings().stream().noneMatch(f -> f.level() == Level.FAIL);
    }

    public List<Finding> findings() {
      List<Finding> out = new ArrayList<>();
      if (roomDbfs == Double.NEGATIVE_INFINITY) {
        out.add(new Finding("room", Level.WARN, "exact zeros while the robot was silent: a muted or virtual"
            + " device, not a microphone in a room"));
      } else {
        out.add(new Finding("room", roomDbfs > LOUD_ROOM_DBFS ? Level.WARN : Level.OK,
            String.format(Locale.ROOT, "%.1f dBFS while the robot was silent", roomDbfs)
                + (roomDbfs > LOUD_ROOM_DBFS ? ": a loud room or a noisy microphone (barge-in is slower, quiet users"
                + " are missed; the residual echo suppressor costs them more: audio.echo_suppress)" : "")));
      }
      double clippedShare = speechSamples == 0 ? 0 : clipped / (double) speechSamples;
      out.add(new Finding("clipping", clippedShare > CLIPPED_SHARE ? Level.FAIL : clipped > 0 ? Level.WARN : Level.OK,
          String.format(Locale.ROOT, "%d of %d samples at full scale", clipped, speechSamples)
              + (clipped > 0 ? ": lower the speaker's volume or the microphone's gain (a clipped echo cannot be"
              + " cancelled)" : "")));
      if (!echoHeard()) {
        out.add(new Finding("echo", Level.FAIL, String.format(Locale.ROOT, "%.1f dBFS while the robot spoke, %s:"
                + " the microphone did not hear the speaker (check audio.local_speaker_device,"
                + " audio.local_microphone_device and the volume)", echoDbfs, aboveRoom())));
        return out;
      }
      out.add(new Finding("echo", Level.OK, String.format(Locale.ROOT, "%.1f dBFS while the robot spoke, %s",
          echoDbfs, aboveRoom())));
      if (!delay.locked()) {
        out.add(new Finding("delay", Level.FAIL, String.format(Locale.ROOT, "no echo delay found within 0-%d ms"
            + " (confidence %.1f, %.1f needed): the echo is not a delayed copy of what played (a speaker that"
            + " processes its input, or a device whose clock is not the one playing)", EchoDelayEstimator.MAX_DELAY_MS,
            delay.confidence(), EchoDelayEstimator.CONFIDENT)));
      } else if (configured.delayMs() > delay.delayMs()) {
        out.add(new Finding("delay", Level.FAIL, String.format(Locale.ROOT, "%.1f ms (confidence %.1f);"
            + " audio.echo_delay_ms %d is later than the echo, which the canceller cannot remove: set %d",
            delay.delayMs(), delay.confidence(), configured.delayMs(), recommendedDelayMs())));
      } else if (configured.delayMs() + filterMs < delay.delayMs() + TAIL_MARGIN_MS) {
        out.add(new Finding("delay", Level.WARN, String.format(Locale.ROOT, "%.1f ms (confidence %.1f); with"
            + " audio.echo_delay_ms %d the filter (audio.echo_filter_ms %d) ends before the echo's early"
            + " reflections: set audio.echo_delay_ms %d", delay.delayMs(), delay.confidence(), configured.delayMs(),
            filterMs, recommendedDelayMs())));
      } else if (utteranceSpreadMs() > SAME_DELAY_MS) {
        out.add(new Finding("delay", Level.WARN, String.format(Locale.ROOT, "%.1f ms (confidence %.1f); in the"
            + " utterances %s ms: the device's latency changes when its stream starts again, and the canceller"
            + " learns its path anew each time (audio.echo_delay_tracking follows it)", delay.delayMs(),
            delay.confidence(), utteranceDelays())));
      } else {
        out.add(new Finding("delay", Level.OK, String.format(Locale.ROOT, "%.1f ms (confidence %.1f)%s",
            delay.delayMs(), delay.confidence(), utteranceDelaysMs.size() > 1
                ? ", the same in the " + utteranceDelaysMs.size() + " utterances" : "")));
      }
      if (Double.isNaN(skewPpm)) {
        out.add(new Finding("clocks", Level.WARN, "the skew between the speaker's and the microphone's clocks could"
            + " not be measured (too few confident delay estimates)"));
      } else if (Math.abs(skewPpm) < TWO_CLOCKS_PPM) {
        out.add(new Finding("clocks", Level.OK, String.format(Locale.ROOT, "%.1f ppm between the speaker and the"
            + " microphone: one clock", skewPpm)));
      } else {
        out.add(new Finding("clocks", Level.WARN, String.format(Locale.ROOT, "%.1f ppm between the speaker and the"
            + " microphone (the echo's delay moves %.2f ms a minute): two sound cards (one for both is best)",
            skewPpm, skewPpm * 0.06)
            + (recommendsTracking() ? String.format(Locale.ROOT, "; audio.echo_delay_tracking true follows it (ERLE"
                + " %.1f dB, %d stop(s), where a fixed delay gives %.1f dB, %d)", tracked.erleDb(), tracked.stops(),
                measured.erleDb(), measured.stops()) : "")));
      }
      Pass p = recommended();
      String erle = String.format(Locale.ROOT, "ERLE %.1f dB with audio.echo_delay_ms %d", p.erleDb(), p.delayMs())
          + (p.tracking() ? " tracked" : "")
          + (Double.isNaN(p.convergedAfterS()) ? ", not converged at the end"
              : String.format(Locale.ROOT, ", converged after %.1f s", p.convergedAfterS()))
          + (p.equals(configured) ? "" : String.format(Locale.ROOT,
              " (%.1f dB as configured: audio.echo_delay_ms %d%s)", configured.erleDb(), configured.delayMs(),
              configured.tracking() ? " tracked" : ""));
      if (!(p.erleDb() >= EchoPath.BARGE_IN_MIN_ERLE_DB)) {
        out.add(new Finding("cancellation", Level.FAIL, erle + String.format(Locale.ROOT, ": barge-in needs %.0f dB",
            EchoPath.BARGE_IN_MIN_ERLE_DB)));
      } else {
        out.add(new Finding("cancellation", p.erleDb() < GOOD_ERLE_DB ? Level.WARN : Level.OK, erle
            + (p.erleDb() < GOOD_ERLE_DB ? String.format(Locale.ROOT, ": under %.0f dB the model hears more of the"
            + " robot (the residual echo suppressor takes the rest)", GOOD_ERLE_DB) : "")));
      }
      String alone = String.format(Locale.ROOT, "%d stop(s) and %d cue duck(s) on the robot's own echo, %d voiced"
          + " window(s) refused as echo", p.stops(), p.cueDucks(), p.echoWindowsRefused());
      if (p.stops() > 0) {
        out.add(new Finding("barge-in", Level.FAIL, alone + ": with audio.barge_in stop the robot would have stopped"
            + " itself (was the room quiet? else use audio.barge_in duck)"));
      } else {
        out.add(new Finding("barge-in", p.cueDucks() > 0 ? Level.WARN : Level.OK, alone
            + (p.cueDucks() > 0 ? ": the speaker would have ducked for a moment" : "")));
      }
      return out;
    }

    /** The largest difference between two utterances' delays (ms); 0 with fewer than two measured. */
    public double utteranceSpreadMs() {
      double[] d = utteranceDelaysMs.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
      java.util.Arrays.sort(d);
      return d.length < 2 ? 0 : d[d.length - 1] - d[0];
    }

    private String utteranceDelays() {
      return String.join(", ", utteranceDelaysMs.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
    }

    private String aboveRoom() {
      return roomDbfs == Double.NEGATIVE_INFINITY ? "the room silent"
          : String.format(Locale.ROOT, "%.1f dB above the room", echoDbfs - roomDbfs);
    }
  }

  /**
   * Checks a recording: {@code microphone} (16 kHz mono S16LE blocks, stamped contiguously as the
   * local microphone stamps them), what the speaker {@code played} on the same clock, the
   * canceller's {@code settings} (filter and delay) and the voice detector.
   *
   * @throws IllegalArgumentException when the microphone's blocks are not 16 kHz mono S16LE, or
   *     nothing was recorded or played
   */
  public static Result run(List<RawAudio> microphone, List<PlayedAudio> played, EchoSettings settings, SileroVad vad) {
    if (microphone.isEmpty() || played.isEmpty()) {
      throw new IllegalArgumentException(microphone.isEmpty() ? "the microphone recorded nothing"
          : "the speaker played nothing");
    }
    short[] mic = samples(microphone);
    long anchor = microphone.get(0).stampNanos();
    long speechFrom = played.get(0).startNanos();
    long speechTo = played.get(played.size() - 1).endNanos();
    int quietEnd = clampIndex(speechFrom, anchor, mic.length);
    int speechStart = clampIndex(speechFrom + 100_000_000L, anchor, mic.length);
    int speechEnd = clampIndex(speechTo, anchor, mic.length);
    double room = dbfs(mic, 0, quietEnd);
    double echo = dbfs(mic, speechStart, speechEnd);
    long clipped = 0;
    for (int i = speechStart; i < speechEnd; i++) {
      if (mic[i] >= 32767 || mic[i] <= -32767) {
        clipped++;
      }
    }
    ClockSkewFit skew = ClockSkewFit.overall();
    List<long[]> estimates = new ArrayList<>();
    DelayEstimate delay = delay(mic, anchor, played, skew, estimates);
    Pass configured = pass(mic, anchor, played, settings, settings.delayMs(), settings.trackDelay(), vad);
    int recommended = delay.locked() ? Math.max(0, (int) Math.floor(delay.delayMs()) - DELAY_MARGIN_MS)
        : settings.delayMs();
    Pass measured = recommended == settings.delayMs() && !settings.trackDelay() ? configured
        : pass(mic, anchor, played, settings, recommended, false, vad);
    Pass tracked = recommended == settings.delayMs() && settings.trackDelay() ? configured
        : pass(mic, anchor, played, settings, recommended, true, vad);
    return new Result(room, echo, clipped, speechEnd - speechStart, (speechTo - speechFrom) / 1e9, delay,
        utteranceDelays(played, estimates), skew.ppm(),
        settings.filterMs(), configured, measured, tracked);
  }

  /**
   * The echo delay as the node's estimator finds it over the whole recording; each new confident
   * estimate into {@code skew}, and as {time ns, delay in ns} into {@code estimates}.
   */
  private static DelayEstimate delay(short[] mic, long anchor, List<PlayedAudio> played, ClockSkewFit skew,
                                     List<long[]> estimates) {
    FarEndReference reference = new FarEndReference();
    EchoDelayEstimator estimator = new EchoDelayEstimator(reference);
    Feeder feeder = new Feeder(played, reference);
    short[] frame = new short[160];
    long seenAt = Long.MIN_VALUE;
    for (int at = 0; at + frame.length <= mic.length; at += frame.length) {
      long t = anchor + at * NANOS_PER_SAMPLE;
      feeder.until(t);
      System.arraycopy(mic, at, frame, 0, frame.length);
      if (estimator.heard(frame, frame.length, t)) {
        DelayEstimate e = estimator.estimate();
        if (e.locked() && e.atNanos() != seenAt) {
          seenAt = e.atNanos();
          skew.add(e.atNanos(), e.delayMs());
          estimates.add(new long[] {e.atNanos(), Math.round(e.delayMs() * 1e6)});
        }
      }
    }
    return estimator.estimate();
  }

  /**
   * Each utterance's delay: what played, cut where it paused for more than {@value #PAUSE_MS} ms,
   * and the median of the estimates measured while it or its echo was heard.
   */
  static List<Double> utteranceDelays(List<PlayedAudio> played, List<long[]> estimates) {
    List<Double> out = new ArrayList<>();
    int i = 0;
    while (i < played.size()) {
      long from = played.get(i).startNanos();
      long to = played.get(i).endNanos();
      int j = i + 1;
      while (j < played.size() && played.get(j).startNanos() - to <= PAUSE_MS * 1_000_000L) {
        to = Math.max(to, played.get(j).endNanos());
        j++;
      }
      long until = to + EchoDelayEstimator.MAX_DELAY_MS * 1_000_000L;
      final long start = from;
      double[] d = estimates.stream().filter(e -> e[0] >= start && e[0] <= until).mapToDouble(e -> e[1] / 1e6)
          .sorted().toArray();
      out.add(d.length == 0 ? Double.NaN : d[d.length / 2]);
      i = j;
    }
    return out;
  }

  /** The node's canceller, guard and detector over the recording with the delay given. */
  private static Pass pass(short[] mic, long anchor, List<PlayedAudio> played, EchoSettings settings, int delayMs,
                           boolean track, SileroVad vad) {
    EchoSettings s = new EchoSettings(EchoSettings.Mode.SPEEX, settings.filterMs(), delayMs,
        EchoSettings.Reference.SPEAKER, false, track);
    FarEndReference reference = new FarEndReference();
    long speechFrom = played.get(0).startNanos();
    long speechTo = played.get(played.size() - 1).endNanos();
    long heardTo = speechTo + delayMs * 1_000_000L;
    Speaker speaker = new Speaker(speechFrom, heardTo);
    EchoPath echo = EchoPath.of(s, reference, EchoPath.speex(s)).withVoiceOnsets(speaker);
    long[] starts = new long[1];
    vad.reset();
    VoiceActivity activity = new VoiceActivity(vad, SpeechTimeline.standard(), c -> {
      if (c.kind() == UserSpeechChange.Kind.START) {
        starts[0]++;
      }
    }, echo.voiceOnsets());
    double erle = Double.NaN;
    boolean convergedAtEnd = false;
    long lastUnconverged = speechFrom;
    Feeder feeder = new Feeder(played, reference);
    try {
      AudioStreamSink stage = echo.wrap(timed(anchor, activity));
      stage.streamStarted(anchor);
      float[] block = new float[BLOCK];
      for (int at = 0; at + BLOCK <= mic.length; at += BLOCK) {
        long t = anchor + at * NANOS_PER_SAMPLE;
        feeder.until(t);
        for (int i = 0; i < BLOCK; i++) {
          block[i] = (float) (mic[at + i] / FULL_SCALE);
        }
        stage.samples(block, 0, BLOCK);
        EchoMeter.Reading r = echo.reading();
        if (t >= speechFrom && t <= heardTo) {
          erle = r.erleDb();
          convergedAtEnd = r.converged();
          if (!convergedAtEnd) {
            lastUnconverged = t + BLOCK * NANOS_PER_SAMPLE;
          }
        }
      }
      stage.streamEnded();
    } finally {
      echo.close();
    }
    double converged = convergedAtEnd ? (lastUnconverged - speechFrom) / 1e9 : Double.NaN;
    return new Pass(delayMs, track, erle, converged, speaker.stops, speaker.cues, echo.echoOnsets(), starts[0]);
  }

  /** Hands the reference what played up to a second ahead of the microphone, as the speaker's thread does. */
  private static final class Feeder {
    private final List<PlayedAudio> played;
    private final FarEndReference reference;
    private int next;

    Feeder(List<PlayedAudio> played, FarEndReference reference) {
      this.played = played;
      this.reference = reference;
    }

    void until(long micNanos) {
      while (next < played.size() && played.get(next).startNanos() <= micNanos + 1_000_000_000L) {
        PlayedAudio p = played.get(next++);
        reference.played(p.startNanos(), p.rate(), p.pcm(), 0, p.pcm().length);
      }
    }
  }

  /** What the local speaker would have done: counts the barge-ins and cues while it played. */
  private static final class Speaker implements VoiceOnsetListener {
    private final long from;
    private final long to;
    long stops;
    long cues;

    Speaker(long from, long to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public void voiceOnset(long onsetNanos) {
      if (onsetNanos >= from && onsetNanos <= to) {
        stops++;
      }
    }

    @Override
    public void cancelledFrame(long frameNanos, boolean voiceCue) {
      if (voiceCue && frameNanos >= from && frameNanos <= to) {
        cues++;
      }
    }
  }

  /** The canceller's output into the detector with each block's time. */
  private static AudioStreamSink timed(long anchor, VoiceActivity activity) {
    return new AudioStreamSink() {
      private long at = anchor;

      @Override public void streamStarted(long anchorNanos) {
        at = anchorNanos;
      }

      @Override public void samples(float[] s, int off, int len) {
        activity.accept(s, off, len, at);
        at += len * NANOS_PER_SAMPLE;
      }

      @Override public void streamEnded() { }
    };
  }

  private static short[] samples(List<RawAudio> blocks) {
    int n = 0;
    for (RawAudio a : blocks) {
      if (a.sampleRate() != RATE || a.channels() != 1 || !"S16LE".equalsIgnoreCase(a.sampleFormat())) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the microphone's blocks must be %d Hz mono"
            + " S16LE, not %d Hz, %d channel(s), %s", RATE, a.sampleRate(), a.channels(), a.sampleFormat()));
      }
      n += a.data().length / 2;
    }
    short[] out = new short[n];
    int k = 0;
    for (RawAudio a : blocks) {
      byte[] d = a.data();
      for (int i = 0; i + 1 < d.length; i += 2) {
        out[k++] = (short) ((d[i] & 0xff) | (d[i + 1] << 8));
      }
    }
    return out;
  }

  private static int clampIndex(long nanos, long anchor, int length) {
    return (int) Math.max(0, Math.min(length, Math.floorDiv(nanos - anchor, NANOS_PER_SAMPLE)));
  }

  private static double dbfs(short[] x, int from, int to) {
    if (to <= from) {
      return Double.NaN;
    }
    double e = 0;
    for (int i = from; i < to; i++) {
      e += (double) x[i] * x[i];
    }
    return e == 0 ? Double.NEGATIVE_INFINITY : 10 * Math.log10(e / (to - from) / (FULL_SCALE * FULL_SCALE));
  }
}
