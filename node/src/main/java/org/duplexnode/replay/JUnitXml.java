package org.duplexnode.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.bag.AtomicFile;

/**
 * Writes scenario results as a JUnit XML report that CI systems display: one test case per check,
 * a failed check as {@code <failure>}, a check with nothing to check as {@code <skipped>} and one
 * that could not be judged (an interrupted run) as {@code <error>}, each with its reason in
 * {@code message}; the suite counts tests, failures, errors and skipped.
 */
public final class JUnitXml {
  private JUnitXml() {}

  public static void write(Path file, String suite, List<ScenarioCheck.Result> results, double seconds)
      throws IOException {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(results.size())
        .append("\" failures=\"").append(count(results, ScenarioCheck.Status.FAILED))
        .append("\" errors=\"").append(count(results, ScenarioCheck.Status.ERROR))
        .append("\" skipped=\"").append(count(results, ScenarioCheck.Status.SKIPPED)).append("\" time=\"")
        .append(String.format(java.util.Locale.ROOT, "%.3f", seconds)).append("\">\n");
    for (ScenarioCheck.Result r : results) {
      x.append("  <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(r.check())).append("\"");
      switch (r.status()) {
        case PASSED -> x.append("><system-out>").append(esc(r.detail())).append("</system-out></testcase>\n");
        case FAILED -> x.append("><failure message=\"").append(esc(r.detail())).append("\"/></testcase>\n");
        case SKIPPED -> x.append("><skipped message=\"").append(esc(r.detail())).append("\"/></testcase>\n");
        case ERROR -> x.append("><error message=\"").append(esc(r.detail())).append("\"/></testcase>\n");
      }
    }
    x.append("</testsuite>\n");
    AtomicFile.writeString(file, x);
  }

  private static long count(List<ScenarioCheck.Result> results, ScenarioCheck.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
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
