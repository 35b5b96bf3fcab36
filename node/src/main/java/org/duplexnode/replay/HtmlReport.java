package org.duplexnode.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.duplexnode.bag.AtomicFile;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UnitRecord;

/**
 * The run report: one self-contained HTML page (no scripts, no network) with a timeline of
 * listening and speaking per unit, per-unit compute time against the 1-s budget, proactive
 * events (each joined to the frame its deciding unit saw), dropped units, the transcript, and the
 * scenario results when there are any.
 */
public final class HtmlReport {
  private static final int WIDTH = 1000;
  private static final int ROW = 24;

  private HtmlReport() {}

  public static void write(Path file, String title, RunRecord run, List<ScenarioCheck.Result> results)
      throws IOException {
    // Whole or not at all: a full disk must not leave an empty report that looks like a run.
    AtomicFile.writeString(file, render(title, run, results));
  }

  static String render(String title, RunRecord run, List<ScenarioCheck.Result> results) {
    List<UnitRecord> units = run.units();
    double span = Math.max(1, units.isEmpty() ? 1 : run.seconds(units.get(units.size() - 1).audioEndNs()));
    double maxCompute = Math.max(1.0, units.stream().mapToDouble(UnitRecord::computeS).max().orElse(1));
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}.pass{color:#080}.fail{color:#b00}"
            + ".skip{color:#777}.error{color:#fff;background:#b00}"
            + "</style></head><body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n");
    run.interruption().ifPresent(reason -> h.append("<p class=\"error\">Interrupted: ").append(esc(reason))
        .append(". This report covers only the part replayed; no scenario check is judged.</p>\n"));
    long speaking = units.stream().filter(UnitRecord::speaking).count();
    h.append("<p>").append(units.size()).append(" units (").append(speaking).append(" speaking), ")
        .append(run.alerts().size()).append(" proactive events, ").append(run.droppedUnits())
        .append(" dropped units, mean compute ").append(f3(units.stream().mapToDouble(UnitRecord::computeS).average()
            .orElse(0))).append(" s per unit.</p>\n");

    int height = ROW * 4 + 40;
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH + 120).append("\" height=\"")
        .append(height).append("\" role=\"img\" aria-label=\"timeline\">\n");
    h.append("<text x=\"0\" y=\"16\" font-size=\"12\">mode</text><text x=\"0\" y=\"").append(ROW + 16)
        .append("\" font-size=\"12\">compute</text><text x=\"0\" y=\"").append(3 * ROW + 16)
        .append("\" font-size=\"12\">events</text>\n");
    for (UnitRecord u : units) {
      double x0 = 110 + run.seconds(u.audioStartNs()) / span * WIDTH;
      double w = Math.max(1, (u.audioEndNs() - u.audioStartNs()) / 1e9 / span * WIDTH);
      h.append("<rect x=\"").append(f1(x0)).append("\" y=\"2\" width=\"").append(f1(w)).append("\" height=\"")
          .append(ROW - 6).append("\" fill=\"").append(u.speaking() ? "#e67e22" : "#95a5a6").append("\"><title>unit ")
          .append(u.unitIndex()).append(u.speaking() ? " speaking: " + esc(u.text()) : " listening").append("</title></rect>\n");
      double ch = Math.min(1, u.computeS() / maxCompute) * (2 * ROW - 6);
      h.append("<rect x=\"").append(f1(x0)).append("\" y=\"").append(f1(ROW + 2 + (2 * ROW - 6) - ch))
          .append("\" width=\"").append(f1(w)).append("\" height=\"").append(f1(ch)).append("\" fill=\"")
          .append(u.computeS() > u.budgetS() ? "#c0392b" : "#2980b9").append("\"><title>unit ").append(u.unitIndex())
          .append(": ").append(f3(u.computeS())).append(" s of ").append(f3(u.budgetS())).append(" s</title></rect>\n");
    }
    double budgetY = ROW + 2 + (2 * ROW - 6) - Math.min(1, 1.0 / maxCompute) * (2 * ROW - 6);
    h.append("<line x1=\"110\" x2=\"").append(110 + WIDTH).append("\" y1=\"").append(f1(budgetY)).append("\" y2=\"")
        .append(f1(budgetY)).append("\" stroke=\"#c0392b\" stroke-dasharray=\"4\"><title>1-s budget</title></line>\n");
    for (ProactiveAlert a : run.alerts()) {
      double x = 110 + run.seconds(a.audioStampNs()) / span * WIDTH;
      if (a.frameStampNs() >= 0) {
        // the frame the deciding unit saw, joined to the event it led to
        double fx = 110 + run.seconds(a.frameStampNs()) / span * WIDTH;
        h.append("<line x1=\"").append(f1(fx)).append("\" x2=\"").append(f1(x)).append("\" y1=\"").append(3 * ROW + 10)
            .append("\" y2=\"").append(3 * ROW + 10).append("\" stroke=\"#27ae60\"/>");
        h.append("<rect class=\"frame\" x=\"").append(f1(fx - 5)).append("\" y=\"").append(3 * ROW + 5)
            .append("\" width=\"10\" height=\"10\" fill=\"#fff\" stroke=\"#27ae60\"><title>frame ")
            .append(esc(a.frameId())).append(" at ").append(f3(run.seconds(a.frameStampNs()))).append(" s, seen by unit ")
            .append(a.unitIndex()).append("</title></rect>\n");
      }
      h.append("<circle cx=\"").append(f1(x)).append("\" cy=\"").append(3 * ROW + 10).append("\" r=\"6\" fill=\"#27ae60\"><title>")
          .append(esc(a.text())).append(a.watchId().isEmpty() ? "" : " (watch " + esc(a.watchId()) + ")")
          .append("</title></circle>\n");
    }
    h.append("<text x=\"110\" y=\"").append(height - 4).append("\" font-size=\"11\">0 s</text><text x=\"")
        .append(WIDTH + 60).append("\" y=\"").append(height - 4).append("\" font-size=\"11\">").append(f1(span))
        .append(" s</text></svg>\n");

    if (!run.bagLosses().isEmpty()) {
      h.append("<h2>Bag damage</h2><p class=\"fail\">Recorded input that could not be read:</p><ul>\n");
      for (String loss : run.bagLosses()) {
        h.append("<li>").append(esc(loss)).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!results.isEmpty()) {
      h.append("<h2>Scenario</h2><p>").append(ScenarioCheck.tally(results))
          .append("</p><table><tr><th>check</th><th>result</th><th>detail</th></tr>\n");
      for (ScenarioCheck.Result r : results) {
        h.append("<tr><td>").append(esc(r.check())).append("</td><td class=\"").append(verdict(r.status()))
            .append("</td><td>").append(esc(r.detail())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Proactive events</h2><table><tr><th>t (s)</th><th>unit</th><th>kind</th><th>watch</th><th>text</th>"
        + "<th>frame seen (s)</th><th>frame to event (s)</th><th>latency (s)</th></tr>\n");
    for (ProactiveAlert a : run.alerts()) {
      boolean framed = a.frameStampNs() >= 0;
      h.append("<tr><td>").append(f3(run.seconds(a.audioStampNs()))).append("</td><td>").append(a.unitIndex())
          .append("</td><td>").append(esc(a.kind())).append("</td><td>").append(esc(a.watchId())).append("</td><td>")
          .append(esc(a.text())).append("</td><td>").append(framed ? f3(run.seconds(a.frameStampNs())) : "")
          .append("</td><td>").append(framed ? f3((a.audioStampNs() - a.frameStampNs()) / 1e9) : "").append("</td><td>")
          .append(f3(a.latencyS())).append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Transcript</h2><table><tr><th>t (s)</th><th>utterance</th><th>text</th><th>flags</th></tr>\n");
    for (TranscriptUpdate t : run.transcripts()) {
      h.append("<tr><td>").append(f3(run.seconds(t.stampNs()))).append("</td><td>").append(t.utteranceId())
          .append("</td><td>").append(esc(t.text())).append("</td><td>").append(t.isFinal() ? "final " : "")
          .append(t.proactive() ? "proactive " : "").append(t.interrupted() ? "interrupted" : "").append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Units</h2><table><tr><th>unit</th><th>t (s)</th><th>mode</th><th>compute (s)</th>"
        + "<th>queue</th><th>dropped</th><th>frame</th><th>input dBFS</th></tr>\n");
    for (UnitRecord u : units) {
      h.append("<tr><td>").append(u.unitIndex()).append("</td><td>").append(f3(run.seconds(u.audioStartNs())))
          .append("</td><td>").append(u.speaking() ? "speaking" : "listening").append("</td><td>").append(f3(u.computeS()))
          .append("</td><td>").append(u.queueDepth()).append("</td><td>").append(u.droppedUnits()).append("</td><td>")
          .append(u.withFrame() ? "yes" : "").append("</td><td>")
          .append(Double.isNaN(u.inputDbfs()) ? "" : String.format(java.util.Locale.ROOT, "%.1f", u.inputDbfs()))
          .append("</td></tr>\n");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  /** The class and text of a result cell. */
  private static String verdict(ScenarioCheck.Status status) {
    return switch (status) {
      case PASSED -> "pass\">pass";
      case FAILED -> "fail\">FAIL";
      case SKIPPED -> "skip\">skipped";
      case ERROR -> "error\">ERROR";
    };
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
