package org.duplexnode.ingest.echo;

import java.util.Locale;
import java.util.function.Supplier;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ports.StatusReport;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * The node's own speech on its way back in: the far end (what the local speaker played, which the
 * self-voice gate follows, or the speech published for another node to play) and, when asked for,
 * the echo canceller in front of the rest of the microphone's stages. With the published speech
 * the delay is estimated ({@link TrackedEchoDelay}); the gate then follows the composed speech,
 * as without any far end.
 */
public final class EchoPath implements AutoCloseable {
  private final EchoSettings settings;
  private final FarEndReference reference;
  private final EchoCanceller canceller;
  /** The delay estimated: null with the local speaker's playback times and a fixed delay. */
  private final TrackedEchoDelay tracked;
  /** Whether the far end is the local speaker's playback (its times known), tracked or not. */
  private final boolean speaker;
  private final EchoMeter meter = new EchoMeter();
  private final VoiceOnsetListener onsets;
  /** Non-null when the far end comes on audio/far_end. */
  private final FarEndTopic topic;
  private final java.util.concurrent.atomic.AtomicLong farEndIgnored = new java.util.concurrent.atomic.AtomicLong();
  /** The canceller's single-talk ERLE (last 5 s) below which no voice counts as the user's. */
  static final double BARGE_IN_MIN_ERLE_DB = 15;
  /** How far above the residual echo that ERLE predicts the output must stand (echo alone: within about 10 dB). */
  static final double ABOVE_RESIDUAL_DB = 12;
  /** How far below the echo's usual level in the microphone a user's voice may be and still count. */
  static final double BELOW_ECHO_DB = 12;
  /** How long (10 ms frames) after the far end last played its echo may still be heard: a reverberant room's tail. */
  static final int ECHO_TAIL_FRAMES = 80;
  /**
   * The canceller's cue ({@link EchoMeter#voiceCue}) for the speaker to duck before the detector
   * can tell: one frame this far above the residual echo (echo alone reached 16-18 dB in 10
   * minutes of generated rooms; 20 leaves a margin) ...
   */
  static final double CUE_ABOVE_RESIDUAL_DB = 20;
  /** ... and no more than this below the echo's usual level (a voice's soft first sounds are 15-20 dB under it). */
  static final double CUE_BELOW_ECHO_DB = 16;
  private final java.util.concurrent.atomic.AtomicLong echoOnsets = new java.util.concurrent.atomic.AtomicLong();
  /** The far end lined up for the model's residual echo suppressor; null without one. */
  private final FarEndTrail trail;
  private volatile ResidualEchoSink modelEar;

  private EchoPath(EchoSettings settings, FarEndReference reference, EchoCanceller canceller,
                   TrackedEchoDelay tracked, VoiceOnsetListener onsets, boolean speaker) {
    this(settings, reference, canceller, tracked, onsets, null, speaker);
  }

  private EchoPath(EchoSettings settings, FarEndReference reference, EchoCanceller canceller,
                   TrackedEchoDelay tracked, VoiceOnsetListener onsets, FarEndTopic topic, boolean speaker) {
    this.speaker = speaker;
    this.settings = settings;
    this.reference = reference;
    this.canceller = canceller;
    this.tracked = tracked;
    this.onsets = onsets;
    this.topic = topic;
    this.trail = canceller != null && settings.suppressResidual() ? new FarEndTrail() : null;
  }

  /** No far end: the gate follows the composed speech, nothing is cancelled. */
  public static EchoPath none() {
    return new EchoPath(EchoSettings.off(), null, null, null, VoiceOnsetListener.NONE, false);
  }

  /**
   * The local speaker's playback in {@code reference}; a canceller from {@code canceller} when
   * {@code settings} ask for one, its delay followed from the signals when they ask for that.
   *
   * @throws EchoCancelUnavailable when the canceller's library cannot be loaded
   */
  public static EchoPath of(EchoSettings settings, FarEndReference reference, Supplier<EchoCanceller> canceller) {
    TrackedEchoDelay tracked = settings.enabled() && settings.trackDelay()
        ? new TrackedEchoDelay(new EchoDelayEstimator(reference), settings.delayMs()) : null;
    return new EchoPath(settings, reference, settings.enabled() ? canceller.get() : null, tracked,
        VoiceOnsetListener.NONE, true);
  }

  /**
   * This path, its speaker also told of each voice onset (barge-in); use the returned path only,
   * it shares this one's canceller.
   */
  public EchoPath withVoiceOnsets(VoiceOnsetListener listener) {
    return new EchoPath(settings, reference, canceller, tracked, listener, topic, speaker);
  }

  /**
   * Who hears the user's voice onsets: the local speaker when barge-in is on, and {@code also}.
   * Where the echo is cancelled, a voiced window is the user's only when no echo can be heard
   * (the far end silent for {@value #ECHO_TAIL_FRAMES} frames) or the voice stands above the echo
   * ({@link EchoMeter#userOverEcho}); the others are the node's own voice, counted in
   * {@link #echoOnsets()}, and are silence to ~/user_speech and the conversation as well. Where it
   * is not cancelled, {@code also} hears nothing (the speaker's own echo would be taken for the
   * user) and the speaker everything (its barge-in is off unless the user asked for it).
   */
  public VoiceOnsetListener voiceOnsets(VoiceOnsetListener also) {
    if (canceller == null) {
      return onsets;
    }
    return new VoiceOnsetListener() {
      @Override
      public boolean userVoice(long windowStartNanos) {
        if (!meter.echoPossible(ECHO_TAIL_FRAMES)
            || meter.userOverEcho(BARGE_IN_MIN_ERLE_DB, ABOVE_RESIDUAL_DB, BELOW_ECHO_DB)) {
          meter.userHeard();
          return true;
        }
        echoOnsets.incrementAndGet();
        return false;
      }

      @Override
      public void voiceOnset(long onsetNanos) {
        // A barge-in waits until the canceller has heard a whole ERLE window of far end: before,
        // the single-talk ERLE can be a figure from the suppressor's first frames, stale by the time
        // the echo's first words are voiced (they stopped the speaker 1.3 s into a fresh room).
        if (meter.echoPossible(ECHO_TAIL_FRAMES) && meter.reading().farEndS() < EchoMeter.WINDOW_S) {
          return;
        }
        onsets.voiceOnset(onsetNanos, meter::voicedUnlikeTheFarEnd);
        also.voiceOnset(onsetNanos);
      }

      @Override
      public void noVoice(long windowStartNanos) {
        meter.singleTalk();
        onsets.noVoice(windowStartNanos);
        also.noVoice(windowStartNanos);
      }
    };
  }

  /** As {@link #voiceOnsets(VoiceOnsetListener)} with no one else. */
  public VoiceOnsetListener voiceOnsets() {
    return voiceOnsets(VoiceOnsetListener.NONE);
  }

  /** Voice onsets taken for the speaker's echo and not passed on. */
  public long echoOnsets() {
    return echoOnsets.get();
  }

  /**
   * The speech published for another node to play (fed to {@code reference} by a
   * {@link PublishedSpeech}), with its delay estimated; a canceller when {@code settings} ask for one.
   *
   * @throws EchoCancelUnavailable when the canceller's library cannot be loaded
   */
  public static EchoPath published(EchoSettings settings, FarEndReference reference,
                                   Supplier<EchoCanceller> canceller) {
    if (!settings.enabled()) {
      return none();
    }
    TrackedEchoDelay tracked = new TrackedEchoDelay(new EchoDelayEstimator(reference), settings.delayMs());
    return new EchoPath(settings, reference, canceller.get(), tracked, VoiceOnsetListener.NONE, false);
  }

  /**
   * The far end as the robot's player publishes it on audio/far_end (handed to {@link #farEnd}),
   * its delay estimated as for the published speech; a canceller when {@code settings} ask for one.
   *
   * @throws EchoCancelUnavailable when the canceller's library cannot be loaded
   */
  public static EchoPath topic(EchoSettings settings, java.util.function.LongSupplier clockNs,
                               Supplier<EchoCanceller> canceller) {
    if (!settings.enabled()) {
      return none();
    }
    FarEndReference reference = new FarEndReference();
    TrackedEchoDelay tracked = new TrackedEchoDelay(new EchoDelayEstimator(reference), settings.delayMs());
    return new EchoPath(settings, reference, canceller.get(), tracked, VoiceOnsetListener.NONE,
        new FarEndTopic(reference, clockNs), false);
  }

  /**
   * A message of audio/far_end, on the ingest thread in order with the microphone: into the
   * reference when the far end is read from there, else counted and dropped (no one asked for it).
   */
  public void farEnd(org.duplexnode.ports.RawAudio audio) {
    if (topic != null) {
      topic.accept(audio);
    } else {
      farEndIgnored.incrementAndGet();
    }
  }

  /** Messages of audio/far_end dropped because the far end is not read from there. */
  public long farEndIgnored() {
    return farEndIgnored.get();
  }

  /**
   * Until when (microphone time) the far end read from audio/far_end can be heard: the end of what
   * it played plus the estimated delay; MIN_VALUE with another reference or before it played. The
   * far end may be any sound the robot plays, not the node's own utterance.
   */
  public long farEndHeardUntilNanos() {
    if (topic == null) {
      return Long.MIN_VALUE;
    }
    long until = reference.playingUntilNanos();
    return until == Long.MIN_VALUE ? until : until + tracked.delayNanos();
  }

  /** SpeexDSP's canceller as the settings size it. */
  public static Supplier<EchoCanceller> speex(EchoSettings settings) {
    return () -> SpeexEchoCanceller.open(EchoSettings.FRAME_MS, settings.filterMs());
  }

  /** {@code next} behind the canceller, or {@code next} itself when nothing is cancelled. */
  public AudioStreamSink wrap(AudioStreamSink next) {
    if (canceller == null) {
      return next;
    }
    EchoAlignment alignment = tracked != null ? tracked : EchoAlignment.fixed(settings.delayMs() * 1_000_000L);
    // The cue goes to the speaker alone: it ducks, and undoes that unless the detector confirms.
    return new EchoCancelStage(next, canceller, reference, alignment, settings.filterMs() * 1_000_000L, meter,
        frameNanos -> onsets.cancelledFrame(frameNanos,
            meter.voiceCue(BARGE_IN_MIN_ERLE_DB, CUE_ABOVE_RESIDUAL_DB, CUE_BELOW_ECHO_DB)), trail);
  }

  /**
   * What the model hears: {@code session} behind the residual echo suppressor, when the settings
   * ask for it and something is cancelled; else {@code session} itself. Its input must come from
   * the stage {@link #wrap} made, sample for sample, in the same thread.
   */
  public AudioStreamSink forModel(AudioStreamSink session) {
    if (trail == null) {
      return session;
    }
    ResidualEchoSink sink = new ResidualEchoSink(session, trail);
    modelEar = sink;
    return sink;
  }

  /**
   * Until when (microphone time) the microphone can hear the speaker's last sample handed over:
   * its playback end plus the echo delay; MIN_VALUE without a local speaker or before it played.
   */
  public long heardUntilNanos() {
    if (reference == null || !speaker) {
      return Long.MIN_VALUE;
    }
    long until = reference.playingUntilNanos();
    return until == Long.MIN_VALUE ? until : until + echoDelayNanos();
  }

  /** How much later than its playback time the microphone hears the speaker: configured, or as tracked. */
  public long echoDelayNanos() {
    return tracked != null ? tracked.delayNanos() : settings.delayMs() * 1_000_000L;
  }

  public boolean cancelling() {
    return canceller != null;
  }

  public EchoMeter.Reading reading() {
    return meter.reading();
  }

  /** The delay estimate; NONE with the local speaker's delay fixed. */
  public DelayEstimate delayEstimate() {
    return tracked == null ? DelayEstimate.NONE : tracked.estimate();
  }

  /**
   * The canceller's state for /diagnostics: the reference, converged or not, delay (and with the
   * published speech its estimate, confidence and the player's clock skew), ERLE over the last seconds.
   */
  public StatusReport report() {
    EchoMeter.Reading r = meter.reading();
    DelayEstimate d = delayEstimate();
    boolean converged = r.converged() && (tracked == null || d.locked());
    StatusReport.Builder b = new StatusReport.Builder()
        .add("mode", settings.mode().name().toLowerCase(Locale.ROOT))
        .add("reference", speaker ? "speaker" : topic == null ? "published" : "topic");
    if (topic != null) {
      b.add("far end messages", topic.accepted()).add("far end refused", topic.refused());
      if (topic.refused() > 0) {
        b.add("far end last refusal", topic.lastRefusal());
      }
    }
    if (tracked == null) {
      b.add("delay ms", settings.delayMs());
    } else {
      b.add("delay ms", Double.isNaN(d.delayMs()) ? "n/a" : String.format(Locale.ROOT, "%.1f", d.delayMs()))
          .add("delay confidence", String.format(Locale.ROOT, "%.1f", d.confidence()))
          .add("delay locked", d.locked())
          .add("clock skew ppm", Double.isNaN(tracked.skewPpm()) ? "n/a"
              : String.format(Locale.ROOT, "%.1f", tracked.skewPpm()))
          .add("clock rate changes", tracked.rateChanges())
          .add("alignment ms", String.format(Locale.ROOT, "%.2f", tracked.delayNanos() / 1e6))
          .add("alignment moves", tracked.moves())
          .add("restarts", tracked.restarts());
    }
    b.add("filter ms", settings.filterMs())
        .add("converged", converged)
        .add("erle db (last " + EchoMeter.WINDOW_S + " s)", Double.isNaN(r.erleDb()) ? "n/a"
            : String.format(Locale.ROOT, "%.1f", r.erleDb()))
        .add("far end s", String.format(Locale.ROOT, "%.1f", r.farEndS()))
        .add("frames", r.frames())
        .add("voices at the robot's pitch refused", meter.atFarEndPitchCount());
    ResidualEchoSink ear = modelEar;
    b.add("residual echo suppressed", ear != null);
    if (ear != null) {
      long[] f = ear.frames();
      // Single writer (the ingest thread): a figure a frame old is as good here.
      b.add("frames of echo alone silenced", f[1]).add("frames with echo possible", f[0]);
    }
    StatusReport.Level level;
    String message;
    if (topic != null && topic.refused() > 0) {
      level = StatusReport.Level.WARN;
      message = topic.refused() + " audio/far_end message(s) refused: " + topic.lastRefusal();
    } else if (Double.isNaN(r.erleDb())) {
      level = StatusReport.Level.OK;
      message = "no reference: no speech played in the last " + EchoMeter.WINDOW_S + " s";
    } else if (tracked != null && !d.locked()) {
      level = StatusReport.Level.WARN;
      message = String.format(Locale.ROOT, "not converged: no echo delay found within 0-%d ms (confidence %.1f, "
          + "%.1f needed)", EchoDelayEstimator.MAX_DELAY_MS, d.confidence(), EchoDelayEstimator.CONFIDENT);
    } else if (converged) {
      level = StatusReport.Level.OK;
      message = "converged";
    } else {
      level = StatusReport.Level.WARN;
      message = String.format(Locale.ROOT, "not converged: echo lowered by %.1f dB only (check "
          + (tracked == null ? "audio.echo_delay_ms and " : "") + "audio.echo_filter_ms)", r.erleDb());
    }
    return b.build("echo cancel", "", level, message);
  }

  /** Frees the canceller. */
  @Override
  public void close() {
    if (canceller != null) {
      canceller.close();
    }
  }
}
