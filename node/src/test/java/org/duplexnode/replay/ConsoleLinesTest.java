package org.duplexnode.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The replay's console on a terminal, where stdout and stderr share one screen: the progress line
 * never runs into the per-unit lines. The screen is worked out from what was written, as a
 * terminal draws it (carriage return to column 0, overwriting).
 */
@Tag("integration")
class ConsoleLinesTest {
  @Test
  void unitLinesAndTheProgressLineNeverShareALine() {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    PrintStream tty = new PrintStream(screen, true, StandardCharsets.UTF_8);
    ConsoleLines lines = new ConsoleLines(tty, tty, true);
    ProgressLine progress = new ProgressLine(lines);
    for (int i = 0; i <= 40; i++) {
      progress.at(i, 40, 0);
      if (i % 7 == 3) {
        lines.line(String.format("%7.2f s  unit %3d  listening", i / 4.0, i / 7));
      }
      try {
        Thread.sleep(i % 10 == 0 ? 110 : 0); // some redraws are due, some are not
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    progress.done();
    List<String> shown = render(screen.toString(StandardCharsets.UTF_8));
    assertThat(shown).filteredOn(l -> l.contains("unit")).hasSize(6)
        .allSatisfy(l -> assertThat(l.strip()).doesNotContain("messages").endsWith("listening"));
    assertThat(shown.get(shown.size() - 2)).startsWith("[##############################] 40/40 messages");
  }

  @Test
  void withoutATerminalOnlyTheLinesArePrinted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ConsoleLines lines = new ConsoleLines(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    lines.progress("[###   ] 3/10 messages");
    lines.line("   1.00 s  unit   0  listening");
    lines.endProgress();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("   1.00 s  unit   0  listening\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /** The lines a terminal shows for this output ('\r' returns to column 0 and later text overwrites). */
  static List<String> render(String written) {
    List<String> screen = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int col = 0;
    for (char c : written.toCharArray()) {
      if (c == '\n') {
        screen.add(line.toString());
        line.setLength(0);
        col = 0;
      } else if (c == '\r') {
        col = 0;
      } else {
        if (col < line.length()) {
          line.setCharAt(col, c);
        } else {
          line.append(c);
        }
        col++;
      }
    }
    screen.add(line.toString());
    return screen;
  }
}
