package org.duplexnode.ingest.echo;

import java.util.function.Supplier;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ports.StatusReport;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * The node's own speech on its way back in: what the local speaker played (the
 * {@link FarEndReference}, which the self-voice gate follows) and, when asked for, the echo
 * canceller in front of the rest of the microphone's stages. Without a local speaker there is
 * nothing to follow or cancel.
 */
public final class EchoPath {
  private final EchoSettings settings;
  private final FarEndReference reference;
  private final EchoCanceller canceller;
  private final EchoMeter meter = new EchoMeter();
  private final VoiceOnsetListener onsets;
  /** The canceller's single-talk ERLE (last 5 s) below which no voice counts as the user's. */
  static final double BARGE_IN_MIN_ERLE_DB = 15;
  /** How far above the residual echo that ERLE predicts the output must stand (echo alone: within about 10 dB). */
  static final double ABOVE_RESIDUAL_DB = 12;
  /** How far below the echo's usual level in the microphone a user's voice may be and still count. */
  static final double BELOW_ECHO_DB = 12;
  private final java.util.concurrent.atomic.AtomicLong echoOnsets = new java.util.concurrent.atomic.AtomicLong();

  private EchoPath(EchoSettings settings, FarEndReference reference, EchoCanceller canceller,
                   VoiceOnsetListener onsets) {
    this.settings = settings;
    this.reference = reference;
    this.canceller = canceller;
    this.onsets = onsets;
  }

  /** No speaker of this computer: the gate follows the composed speech, nothing is cancelled. */
  public static EchoPath none() {
    return new EchoPath(EchoSettings.off(), null, null, VoiceOnsetListener.NONE);
  }

  /**
   * The local speaker's playback in {@code reference}; a canceller from {@code canceller} when
   * {@code settings} ask for one.
   *
   * @throws EchoCancelUnavailable when the canceller's library cannot be loaded
   */
  public static EchoPath of(EchoSettings settings, FarEndReference reference, Supplier<EchoCanceller> canceller) {
    return new EchoPath(settings, reference, settings.enabled() ? canceller.get() : null, VoiceOnsetListener.NONE);
  }

  /**
   * This path, its speaker also told of each voice onset (barge-in); use the returned path only,
   * it shares this one's canceller.
   */
  public EchoPath withVoiceOnsets(VoiceOnsetListener listener) {
    return new EchoPath(settings, reference, canceller, listener);
  }

  /**
   * Who hears the user's voice onsets: the local speaker when barge-in is on, and {@code also}.
   * Where the echo is cancelled, an onset reaches them only when the voice stands above the echo
   * ({@link EchoMeter#userOverEcho}); the others are counted in {@link #echoOnsets()}. Where it is
   * not, {@code also} hears nothing (the speaker's own echo would be taken for the user) and the
   * speaker everything (its barge-in is off unless the user asked for it).
   */
  public VoiceOnsetListener voiceOnsets(VoiceOnsetListener also) {
    if (canceller == null) {
      return onsets;
    }
    return new VoiceOnsetListener() {
      @Override
      public void voiceOnset(long onsetNanos) {
        if (meter.userOverEcho(BARGE_IN_MIN_ERLE_DB, ABOVE_RESIDUAL_DB, BELOW_ECHO_DB)) {
          onsets.voiceOnset(onsetNanos);
          also.voiceOnset(onsetNanos);
        } else {
          echoOnsets.incrementAndGet();
        }
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

  /** SpeexDSP's canceller as the settings size it. */
  public static Supplier<EchoCanceller> speex(EchoSettings settings) {
    return () -> SpeexEchoCanceller.open(EchoSettings.FRAME_MS, settings.filterMs());
  }

  /** {@code next} behind the canceller, or {@code next} itself when nothing is cancelled. */
  public AudioStreamSink wrap(AudioStreamSink next) {
    if (canceller == null) {
      return next;
    }
    return new EchoCancelStage(next, canceller, reference, settings.delayMs() * 1_000_000L, meter);
  }

  /**
   * Until when (microphone time) the microphone can hear the speaker's last sample handed over:
   * its playback end plus the echo delay; MIN_VALUE without a local speaker or before it played.
   */
  public long heardUntilNanos() {
    if (reference == null) {
      return Long.MIN_VALUE;
    }
    long until = reference.playingUntilNanos();
    return until == Long.MIN_VALUE ? until : until + settings.delayMs() * 1_000_000L;
  }

  public boolean cancelling() {
    return canceller != null;
  }

  public EchoMeter.Reading reading() {
    return meter.reading();
  }

  /** The canceller's state for /diagnostics: converged or not, delay, ERLE over the last seconds. */
  public StatusReport report() {
    EchoMeter.Reading r = meter.reading();
    StatusReport.Builder b = new StatusReport.Builder()
        .add("mode", settings.mode().name().toLowerCase(java.util.Locale.ROOT))
        .add("delay ms", settings.delayMs())
        .add("filter ms", settings.filterMs())
        .add("converged", r.converged())
        .add("erle db (last " + EchoMeter.WINDOW_S + " s)", Double.isNaN(r.erleDb()) ? "n/a"
            : String.format(java.util.Locale.ROOT, "%.1f", r.erleDb()))
        .add("far end s", String.format(java.util.Locale.ROOT, "%.1f", r.farEndS()))
        .add("frames", r.frames());
    StatusReport.Level level;
    String message;
    if (Double.isNaN(r.erleDb())) {
      level = StatusReport.Level.OK;
      message = "no speech played in the last " + EchoMeter.WINDOW_S + " s";
    } else if (r.converged()) {
      level = StatusReport.Level.OK;
      message = "converged";
    } else {
      level = StatusReport.Level.WARN;
      message = String.format(java.util.Locale.ROOT, "not converged: echo lowered by %.1f dB only (check "
          + "audio.echo_delay_ms and audio.echo_filter_ms)", r.erleDb());
    }
    return b.build("echo cancel", "", level, message);
  }

  /** Frees the canceller. */
  public void close() {
    if (canceller != null) {
      canceller.close();
    }
  }
}
