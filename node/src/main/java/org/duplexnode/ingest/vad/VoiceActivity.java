package org.duplexnode.ingest.vad;

import java.util.function.Consumer;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * Streams 16 kHz mono input through Silero VAD window by window into a {@link SpeechTimeline},
 * keeping the samples that do not fill a window for the next call. Input time comes from the
 * stamps of the samples, never the wall clock.
 */
public final class VoiceActivity {
  /** Silero's usual speech threshold. */
  static final float VOICED = 0.5f;
  private static final long WINDOW_NS = SileroVad.WINDOW * 1_000_000_000L / SileroVad.RATE;

  private final SileroVad vad;
  private final SpeechTimeline timeline;
  private final Consumer<UserSpeechChange> changes;
  private final VoiceOnsetListener voiced;
  private final float[] pending = new float[SileroVad.WINDOW];
  private int filled;
  private long windowStartNs = -1;
  private long echoWindows;

  public VoiceActivity(SileroVad vad, SpeechTimeline timeline) {
    this(vad, timeline, change -> { });
  }

  /** As above, telling {@code changes} each time the user starts or stops speaking (on the caller's thread). */
  public VoiceActivity(SileroVad vad, SpeechTimeline timeline, Consumer<UserSpeechChange> changes) {
    this(vad, timeline, changes, VoiceOnsetListener.NONE);
  }

  /**
   * As above, also telling {@code voiced} of every window that scores as speech (not only the
   * first of a segment: a residual echo heard as speech must not hide the user's onset in it).
   */
  public VoiceActivity(SileroVad vad, SpeechTimeline timeline, Consumer<UserSpeechChange> changes,
                       VoiceOnsetListener voiced) {
    this.vad = vad;
    this.timeline = timeline;
    this.changes = changes;
    this.voiced = voiced;
  }

  /** Samples at 16 kHz, the first stamped {@code startNs}. */
  public void accept(float[] samples, int offset, int length, long startNs) {
    for (int i = 0; i < length; i++) {
      if (filled == 0) {
        windowStartNs = startNs + (long) i * 1_000_000_000L / SileroVad.RATE;
      }
      pending[filled++] = samples[offset + i];
      if (filled == SileroVad.WINDOW) {
        float p = vad.score(pending, 0);
        if (p >= VOICED) {
          if (voiced.userVoice(windowStartNs)) {
            voiced.voiceOnset(windowStartNs);
          } else {
            p = 0; // the node's own voice: not the user speaking
            echoWindows++;
          }
        } else {
          voiced.noVoice(windowStartNs);
        }
        UserSpeechChange change = timeline.add(windowStartNs, windowStartNs + WINDOW_NS, p);
        if (change != null) {
          changes.accept(change);
        }
        filled = 0;
      }
    }
  }

  public SpeechTimeline timeline() {
    return timeline;
  }

  /** Windows scored as speech that were the node's own voice coming back, not the user's. */
  public long echoWindows() {
    return echoWindows;
  }
}
