package org.duplexnode.replay;

import java.io.PrintStream;

/**
 * The console of a replay: whole lines on stdout, and on a terminal one progress line on stderr
 * that stays below them. Both streams reach the same screen, so the progress line is wiped before
 * a line is printed and drawn again after it; otherwise the line would start where the progress
 * text ends.
 */
public final class ConsoleLines {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private String progress = "";

  /** @param terminal whether a person watches (draws the progress line; off for logs and pipes) */
  ConsoleLines(PrintStream out, PrintStream err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** The console of this process: the progress line only where stdout and stderr are a terminal. */
  public static ConsoleLines of(PrintStream out) {
    return new ConsoleLines(out, System.err, System.console() != null);
  }

  /** Prints one whole line above the progress line. */
  public synchronized void line(String text) {
    boolean drawn = !progress.isEmpty();
    if (drawn) {
      wipeProgress();
    }
    out.println(text);
    out.flush();
    if (drawn) {
      err.print(progress);
      err.flush();
    }
  }

  /** Replaces the progress line (nothing when not on a terminal). */
  public synchronized void progress(String text) {
    if (!terminal) {
      return;
    }
    wipeProgress();
    err.print(text);
    err.flush();
    progress = text;
  }

  /** Leaves the last progress line on the screen and moves below it. */
  public synchronized void endProgress() {
    if (!progress.isEmpty()) {
      err.println();
      err.flush();
      progress = "";
    }
  }

  private void wipeProgress() {
    if (!progress.isEmpty()) {
      err.print("\r" + " ".repeat(progress.length()) + "\r");
      err.flush();
    }
  }
}
