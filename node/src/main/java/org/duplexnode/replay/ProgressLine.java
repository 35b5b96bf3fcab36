package org.duplexnode.replay;

import java.util.Locale;

/** A one-line progress bar, redrawn at most ten times a second. */
public final class ProgressLine {
  private final ConsoleLines lines;
  private long lastDraw;

  public ProgressLine(ConsoleLines lines) {
    this.lines = lines;
  }

  public void at(long index, long total, long logTimeNs) {
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L && index < total) {
      return;
    }
    lastDraw = now;
    int width = 30;
    int filled = total == 0 ? width : (int) (width * index / total);
    lines.progress(String.format(Locale.ROOT, "[%s%s] %d/%d messages", "#".repeat(filled), " ".repeat(width - filled),
        index, total));
  }

  public void done() {
    lines.endProgress();
  }
}
