package org.duplexnode.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.bag.AtomicFile;

/** Writes scenario results as a JUnit XML report that CI systems display. */
public final class JUnitXml {
  private JUnitXml() {}

  public static void write(Path file, String suite, List<ScenarioCheck.Result> results, double seconds)
      throws IOException {
    long failures = results.stream().filter(r -> !r.passed()).count();
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(results.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" time=\"")
        .append(String.format(java.util.Locale.ROOT, "%.3f", seconds)).append("\">\n");
    for (ScenarioCheck.Result r : results) {
      x.append("  <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(r.check())).append("\"");
      if (r.passed()) {
        x.append("><system-out>").append(esc(r.detail())).append("</system-out></testcase>\n");
      } else {
        x.append("><failure message=\"").append(esc(r.detail())).append("\"/></testcase>\n");
      }
    }
    x.append("</testsuite>\n");
    AtomicFile.writeString(file, x);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
