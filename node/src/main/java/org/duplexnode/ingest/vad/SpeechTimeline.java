package org.duplexnode.ingest.vad;

import java.util.ArrayDeque;
import java.util.Deque;
import org.duplexnode.ports.UserSpeechChange;

/**
 * Speech segments of the user over input time, from VAD window scores with hysteresis: speech
 * starts when a window scores at least {@code onThreshold} and ends after {@code minSilenceNs} of
 * windows below {@code offThreshold}. Segments older than the retention are forgotten, so memory
 * stays flat. Thread-safe: the ingest thread writes, the model thread asks.
 */
public final class SpeechTimeline implements UserSpeech {
  private final float onThreshold;
  private final float offThreshold;
  private final long minSilenceNs;
  private final long retentionNs;
  private final Deque<long[]> segments = new ArrayDeque<>();
  private long openStart = -1;
  private long lastSpeechEnd;

  public SpeechTimeline(float onThreshold, float offThreshold, double minSilenceS, double retentionS) {
    this.onThreshold = onThreshold;
    this.offThreshold = offThreshold;
    this.minSilenceNs = (long) (minSilenceS * 1e9);
    this.retentionNs = (long) (retentionS * 1e9);
  }

  /** Silero's usual settings: on 0.5, off 0.35, 100 ms of silence ends speech; one minute kept. */
  public static SpeechTimeline standard() {
    return new SpeechTimeline(0.5f, 0.35f, 0.1, 60);
  }

  /**
   * One scored window [startNs, endNs); returns the change it decided (speech started or ended,
   * stamped {@code endNs}), or null.
   */
  public synchronized UserSpeechChange add(long startNs, long endNs, float probability) {
    UserSpeechChange change = null;
    if (openStart < 0) {
      if (probability >= onThreshold) {
        openStart = startNs;
        lastSpeechEnd = endNs;
        change = UserSpeechChange.start(endNs, startNs);
      }
    } else if (probability >= offThreshold) {
      lastSpeechEnd = endNs;
    } else if (endNs - lastSpeechEnd >= minSilenceNs) {
      segments.addLast(new long[] {openStart, lastSpeechEnd});
      change = UserSpeechChange.end(endNs, openStart, lastSpeechEnd);
      openStart = -1;
    }
    while (!segments.isEmpty() && segments.peekFirst()[1] < endNs - retentionNs) {
      segments.removeFirst();
    }
    return change;
  }

  @Override
  public synchronized boolean heardBetween(long fromNs, long toNs) {
    if (openStart >= 0 && openStart < toNs && lastSpeechEnd > fromNs) {
      return true;
    }
    for (long[] s : segments) {
      if (s[0] < toNs && s[1] > fromNs) {
        return true;
      }
    }
    return false;
  }

  public synchronized boolean speakingNow() {
    return openStart >= 0;
  }
}
