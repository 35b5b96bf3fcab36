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
  /**
   * For barge-in only: a second detector on windows half a window later (each the last window's
   * second half and the next one's first), so that a voice onset is called up to 16 ms sooner
   * than on the 32 ms grid alone. Its windows tell {@code voiced} of onsets and nothing else (the
   * timeline and ~/user_speech keep the first detector's windows). Null without a listener.
   */
  private final SileroVad staggered;
  private final float[] staggeredWindow = new float[SileroVad.WINDOW];
  /** The start of the last whole window scored, MIN_VALUE before one. */
  private long lastWindowStartNs = Long.MIN_VALUE;

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
    this.staggered = voiced == VoiceOnsetListener.NONE ? null : vad.sharingGraph();
  }

  /** Samples at 16 kHz, the first stamped {@code startNs}. */
  public void accept(float[] samples, int offset, int length, long startNs) {
    for (int i = 0; i < length; i++) {
      if (filled == 0) {
        windowStartNs = startNs + (long) i * 1_000_000_000L / SileroVad.RATE;
      }
      pending[filled++] = samples[offset + i];
      if (filled == SileroVad.WINDOW / 2 && staggered != null) {
        scoreStaggered();
      }
      if (filled == SileroVad.WINDOW) {
        System.arraycopy(pending, SileroVad.WINDOW / 2, staggeredWindow, 0, SileroVad.WINDOW / 2);
        lastWindowStartNs = windowStartNs;
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

  /** The window from the middle of the last one to the middle of this one, when the two are contiguous. */
  private void scoreStaggered() {
    long start = windowStartNs - WINDOW_NS / 2;
    if (lastWindowStartNs == Long.MIN_VALUE || Math.abs(windowStartNs - lastWindowStartNs - WINDOW_NS) > WINDOW_NS / 8) {
      staggered.reset(); // a gap in the stream: the window would join two sounds apart in time
      return;
    }
    System.arraycopy(pending, 0, staggeredWindow, SileroVad.WINDOW / 2, SileroVad.WINDOW / 2);
    if (staggered.score(staggeredWindow, 0) >= VOICED && voiced.userVoice(start)) {
      voiced.voiceOnset(start);
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
