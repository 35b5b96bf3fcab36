package org.duplexnode.model;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.model.spec.Vocoder;

/**
 * The streaming window in front of Token2Wav (the release's _generate_waveform_from_tokens):
 * the buffer starts a turn with three silence codes; mid-turn, each 28-code window (25 + a
 * 3-code lookahead) is vocoded and the buffer moves on by 25; at the first unit of a turn the
 * window flushes down to lookahead + 5 codes; at the end of a turn what remains is vocoded with
 * {@code last = true} and the window resets.
 */
public final class Token2WavWindow {
  public static final int SILENCE = 4218;
  public static final int STRIDE = 25;
  public static final int LOOKAHEAD = 3;

  private final Vocoder vocoder;
  private final List<Integer> buffer = new ArrayList<>();
  private final List<int[]> windowsForTests = new ArrayList<>();

  public Token2WavWindow(Vocoder vocoder) {
    this.vocoder = vocoder;
    resetForTurn();
  }

  public void resetForTurn() {
    vocoder.resetCaches();
    buffer.clear();
    buffer.add(SILENCE);
    buffer.add(SILENCE);
    buffer.add(SILENCE);
  }

  /** Appends a unit's codes and returns the audio they complete (possibly empty). */
  public float[] push(int[] codes, boolean endOfTurn, boolean forceFlush) {
    for (int c : codes) {
      buffer.add(c);
    }
    List<float[]> pieces = new ArrayList<>();
    if (forceFlush) {
      while (buffer.size() >= LOOKAHEAD + 5) {
        int n = Math.min(STRIDE + LOOKAHEAD, buffer.size());
        pieces.add(stream(buffer.subList(0, n), false));
        buffer.subList(0, Math.min(STRIDE, n - LOOKAHEAD)).clear();
      }
    } else {
      while (buffer.size() >= STRIDE + LOOKAHEAD) {
        pieces.add(stream(buffer.subList(0, STRIDE + LOOKAHEAD), false));
        buffer.subList(0, STRIDE).clear();
      }
    }
    if (endOfTurn && !buffer.isEmpty()) {
      pieces.add(stream(buffer, true));
      buffer.clear();
    }
    if (endOfTurn) {
      resetForTurn();
    }
    int total = pieces.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[total];
    int at = 0;
    for (float[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private float[] stream(List<Integer> window, boolean last) {
    int[] w = window.stream().mapToInt(Integer::intValue).toArray();
    windowsForTests.add(w);
    return vocoder.stream(w, last);
  }

  /** Windows handed to the vocoder so far (for protocol tests). */
  List<int[]> windows() {
    return windowsForTests;
  }

  int buffered() {
    return buffer.size();
  }
}
