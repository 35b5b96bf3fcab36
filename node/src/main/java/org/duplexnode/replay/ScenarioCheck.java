package org.duplexnode.replay;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.outputs.ProactiveAlert;
import org.duplexnode.outputs.SpeechChunk;

/** Evaluates a {@link Scenario} against a {@link RunRecord}. */
public final class ScenarioCheck {
  /** The outcome of one check. */
  public record Result(String check, boolean passed, String detail) {}

  private ScenarioCheck() {}

  public static List<Result> evaluate(Scenario scenario, RunRecord run) {
    List<Result> out = new ArrayList<>();
    for (Scenario.Check c : scenario.checks()) {
      out.add(evaluate(c, run));
    }
    return out;
  }

  /** The name of the check that a replay read all of its bag. */
  public static final String BAG_READ_WHOLE = "bag read whole";

  /**
   * Whether the run read all of its bag: fails when recorded input was lost (it may have held
   * what the scenario is about), unless {@code allowed} (--allow-damaged-bag), which still lists it.
   */
  public static Result bagReadWhole(RunRecord run, boolean allowed) {
    List<String> losses = run.bagLosses();
    if (losses.isEmpty()) {
      return new Result(BAG_READ_WHOLE, true, "every chunk of the bag was read");
    }
    String detail = losses.size() + (losses.size() == 1 ? " part" : " parts") + " of the bag unreadable"
        + (allowed ? " (allowed by --allow-damaged-bag)" : "") + ": " + String.join("; ", losses);
    return new Result(BAG_READ_WHOLE, allowed, detail);
  }

  static Result evaluate(Scenario.Check c, RunRecord run) {
    if (c instanceof Scenario.EventCheck e) {
      for (ProactiveAlert a : run.alerts()) {
        double t = run.seconds(a.audioStampNs());
        if (t >= e.fromS() && t <= e.toS() && e.text().matcher(a.text()).find()
            && (e.watch().isEmpty() || e.watch().equals(a.watchId()))) {
          return new Result(c.describe(), true, "event at " + fmt(t) + " s: \"" + a.text() + "\"");
        }
      }
      return new Result(c.describe(), false, run.alerts().size() + " events, none matching: "
          + run.alerts().stream().map(a -> fmt(run.seconds(a.audioStampNs())) + " s \"" + a.text() + "\" ("
          + (a.watchId().isEmpty() ? "no watch" : a.watchId()) + ")").toList());
    }
    if (c instanceof Scenario.NoSpeech n) {
      for (SpeechChunk s : run.speech()) {
        double t = run.seconds(s.stampNs());
        if (s.pcm().length > 0 && t >= n.fromS() && t <= n.toS()) {
          return new Result(c.describe(), false, "speech at " + fmt(t) + " s (utterance " + s.utteranceId() + ")");
        }
      }
      return new Result(c.describe(), true, "silent");
    }
    if (c instanceof Scenario.SpeechIn n) {
      for (SpeechChunk s : run.speech()) {
        double t = run.seconds(s.stampNs());
        if (s.pcm().length > 0 && t >= n.fromS() && t <= n.toS()) {
          return new Result(c.describe(), true, "speech at " + fmt(t) + " s");
        }
      }
      return new Result(c.describe(), false, "no speech in the window");
    }
    if (c instanceof Scenario.TranscriptCheck tc) {
      boolean found = run.transcripts().stream().anyMatch(t -> tc.text().matcher(t.textSoFar()).find());
      return new Result(c.describe(), found, found ? "matched" : "no transcript matched");
    }
    if (c instanceof Scenario.BargeIn b) {
      return bargeIn(b, run);
    }
    Scenario.MaxDrops m = (Scenario.MaxDrops) c;
    long drops = run.droppedUnits();
    return new Result(c.describe(), drops <= m.max(), drops + " dropped");
  }

  private static Result bargeIn(Scenario.BargeIn b, RunRecord run) {
    List<SpeechChunk> speech = run.speech();
    long limitNs = (long) (b.withinMs() * 1e6);
    int checked = 0;
    for (long t : run.forceListens()) {
      // The utterance open at t: its chunks stamped before t.
      Long open = null;
      for (SpeechChunk s : speech) {
        if (s.stampNs() <= t) {
          open = s.last() ? null : s.utteranceId();
        }
      }
      if (open == null) {
        continue;
      }
      checked++;
      final long id = open;
      SpeechChunk end = speech.stream().filter(s -> s.utteranceId() == id && s.last()).findFirst().orElse(null);
      if (end == null || !end.interrupted() || end.stampNs() - t > limitNs) {
        return new Result(b.describe(), false, "force-listen at " + fmt(run.seconds(t)) + " s: utterance " + id
            + (end == null ? " never ended" : " ended at " + fmt(run.seconds(end.stampNs())) + " s"
            + (end.interrupted() ? "" : " without interruption")));
      }
    }
    return new Result(b.describe(), true, checked + " barge-ins during speech checked");
  }

  private static String fmt(double s) {
    return String.format(java.util.Locale.ROOT, "%.2f", s);
  }
}
