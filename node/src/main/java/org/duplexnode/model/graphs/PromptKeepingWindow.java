package org.duplexnode.model.graphs;

import java.nio.FloatBuffer;
import java.util.List;
import org.duplexnode.engine.DType;
import org.duplexnode.engine.Tensor;
import org.duplexnode.model.pkg.Token2WavCacheWindows;

/**
 * A Token2Wav attention cache kept as the release keeps it: the rows are held in the release's own
 * order and cut by {@link Token2WavCacheWindows#keptRanges} after each window, so the same rows
 * survive as in the release. The three release layouts:
 * <ul>
 *   <li>{@link Layout#APPEND} (the encoder's 50 Hz up layers): new rows after the cached ones;</li>
 *   <li>{@link Layout#PREPEND} (the DiT): new rows before the cached ones; attention without
 *       positions does not care about the order, the cut does;</li>
 *   <li>{@link Layout#TILED} (the encoder's 25 Hz layers): the release stores the rows it read plus
 *       the new ones twice over, to the 50 Hz length, cuts that, and reads its first half next time.</li>
 * </ul>
 * Memory is bounded: between windows at most {@code prompt_frames + cache_keep_recent} rows per
 * block, plus one window's new rows while a window is taken in (two preallocated buffers).
 * Not thread-safe.
 */
final class PromptKeepingWindow implements AttentionWindow {
  enum Layout { APPEND, PREPEND, TILED }

  private final long layers;
  private final long batch;
  private final long heads;
  private final int dim;
  private final int blocks;
  private final Layout layout;
  private final Token2WavCacheWindows rule;
  private final int capacity;
  private Scratch current;
  private Scratch spare;
  private final Scratch visible;
  /** Rows held in the release's layout (for TILED twice the rows the graph reads). */
  private int stored;

  /**
   * {@code maxNewRows}: the most rows one window adds in the release's layout (50 Hz frames; for
   * TILED twice the 25 Hz rows).
   */
  PromptKeepingWindow(String name, long layers, long batch, long heads, int dim, Layout layout,
      Token2WavCacheWindows rule, int maxNewRows) {
    if (!rule.keepsPrompt()) {
      throw new IllegalArgumentException("a prompt-keeping window needs the " + Token2WavCacheWindows.PROMPT_AND_RECENT
          + " policy");
    }
    this.layers = layers;
    this.batch = batch;
    this.heads = heads;
    this.dim = dim;
    this.blocks = Math.toIntExact(layers * batch * heads);
    this.layout = layout;
    this.rule = rule;
    this.capacity = Math.max(rule.boundRows(), rule.promptFrames()) + maxNewRows;
    this.current = Scratch.floats(name, (long) blocks * capacity * dim);
    this.spare = Scratch.floats(name, (long) blocks * capacity * dim);
    this.visible = layout == Layout.TILED ? Scratch.floats(name, (long) blocks * (capacity / 2) * dim) : null;
  }

  /** The prompt's rows: {@code frames} must be the whole prompt (half of it for TILED, the 25 Hz rows). */
  @Override
  public void load(float[] rows, int frames) {
    if (rows.length != blocks * frames * dim) {
      throw new IllegalArgumentException(rows.length + " values are not " + frames + " cached frames");
    }
    int prompt = layout == Layout.TILED ? 2 * frames : frames;
    if (prompt != rule.promptFrames()) {
      throw new IllegalArgumentException("the voice holds " + frames + " rows, the whole prompt is "
          + (layout == Layout.TILED ? rule.promptFrames() / 2 : rule.promptFrames()));
    }
    FloatBuffer dst = current.view(DType.FLOAT32, (long) blocks * prompt * dim).floats();
    for (int b = 0; b < blocks; b++) {
      dst.put(rows, b * frames * dim, frames * dim);
      if (layout == Layout.TILED) {
        dst.put(rows, b * frames * dim, frames * dim);
      }
    }
    stored = prompt;
    refreshVisible();
  }

  @Override
  public void append(Tensor rows) {
    int t = Math.toIntExact(rows.dim(3));
    FloatBuffer old = current.view(DType.FLOAT32, (long) blocks * stored * dim).floats();
    FloatBuffer add = rows.floats();
    int read = layout == Layout.TILED ? stored / 2 : stored;
    int total = layout == Layout.TILED ? 2 * (read + t) : stored + t;
    if (total > capacity) {
      throw new IllegalArgumentException(t + " new rows overflow the cache window (" + stored + " of " + capacity
          + " rows held)");
    }
    List<int[]> kept = rule.keptRanges(total);
    int keptRows = 0;
    for (int[] r : kept) {
      keptRows += r[1] - r[0];
    }
    // the release's layout as runs of held (true) or new (false) rows: {fromHeld, length}
    int[][] runs = switch (layout) {
      case APPEND -> new int[][] {{1, read}, {0, t}};
      case PREPEND -> new int[][] {{0, t}, {1, read}};
      case TILED -> new int[][] {{1, read}, {0, t}, {1, read}, {0, t}};
    };
    FloatBuffer dst = spare.view(DType.FLOAT32, (long) blocks * keptRows * dim).floats();
    for (int b = 0; b < blocks; b++) {
      for (int[] r : kept) {
        int at = 0;
        for (int[] run : runs) {
          int from = Math.max(r[0], at);
          int to = Math.min(r[1], at + run[1]);
          if (from < to) {
            int offset = from - at;
            dst.put(run[0] == 1 ? old.slice((b * stored + offset) * dim, (to - from) * dim)
                : add.slice((b * t + offset) * dim, (to - from) * dim));
          }
          at += run[1];
        }
      }
    }
    Scratch s = current;
    current = spare;
    spare = s;
    stored = keptRows;
    refreshVisible();
  }

  private void refreshVisible() {
    if (layout != Layout.TILED) {
      return;
    }
    int half = stored / 2;
    FloatBuffer src = current.view(DType.FLOAT32, (long) blocks * stored * dim).floats();
    FloatBuffer dst = visible.view(DType.FLOAT32, (long) blocks * half * dim).floats();
    for (int b = 0; b < blocks; b++) {
      dst.put(src.slice(b * stored * dim, half * dim));
    }
  }

  @Override
  public int length() {
    return layout == Layout.TILED ? stored / 2 : stored;
  }

  @Override
  public Tensor tensor() {
    return (layout == Layout.TILED ? visible : current).view(DType.FLOAT32, layers, batch, heads, length(), dim);
  }
}
