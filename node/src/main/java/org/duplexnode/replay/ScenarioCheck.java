package org.duplexnode.replay;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.UnitRecord;

/**
 * Evaluates a {@link Scenario} against a {@link RunRecord}. A check that had nothing to check (a
 * barge-in check without a force-listen during speech, a window no unit of the run lies in, any
 * check of a run without units) is skipped with the reason, never passed; every check of an
 * interrupted run is an error, whatever the part replayed showed.
 */
public final class ScenarioCheck {
  /** The verdict of one check. */
  public enum Status {
    PASSED, FAILED,
    /** Nothing to check: the detail says why. Does not fail the run. */
    SKIPPED,
    /** Could not be judged (the run was interrupted): the detail says why. Fails the run. */
    ERROR
  }

  /** The outcome of one check; {@code detail} is the evidence, or why it was skipped or is an error. */
  public record Result(String check, Status status, String detail) {
    public Result(String check, boolean passed, String detail) {
      this(check, passed ? Status.PASSED : Status.FAILED, detail);
    }

    public static Result skipped(String check, String reason) {
      return new Result(check, Status.SKIPPED, reason);
    }

    public boolean passed() {
      return status == Status.PASSED;
    }

    /** A failed check or one that could not be judged fails the run; a skipped one does not. */
    public boolean failsTheRun() {
      return status == Status.FAILED || status == Status.ERROR;
    }
  }

  private ScenarioCheck() {}

  public static List<Result> evaluate(Scenario scenario, RunRecord run) {
    List<Result> out = new ArrayList<>();
    for (Scenario.Check c : scenario.checks()) {
      out.add(unlessInterrupted(evaluate(c, run), run));
    }
    return out;
  }

  /** An interrupted run cannot be judged: the result becomes an error that still says what the part showed. */
  private static Result unlessInterrupted(Result r, RunRecord run) {
    Optional<String> interruption = run.interruption();
    if (interruption.isEmpty()) {
      return r;
    }
    return new Result(r.check(), Status.ERROR, interruption.get() + "; on the part replayed the check was "
        + r.status().name().toLowerCase(Locale.ROOT) + ": " + r.detail());
  }

  /** "3 passed, 1 failed, 1 skipped, 0 errors". */
  public static String tally(List<Result> results) {
    Map<Status, Integer> n = new EnumMap<>(Status.class);
    results.forEach(r -> n.merge(r.status(), 1, Integer::sum));
    return n.getOrDefault(Status.PASSED, 0) + " passed, " + n.getOrDefault(Status.FAILED, 0) + " failed, "
        + n.getOrDefault(Status.SKIPPED, 0) + " skipped, " + n.getOrDefault(Status.ERROR, 0) + " errors";
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
      return unlessInterrupted(new Result(BAG_READ_WHOLE, true, "every chunk of the bag was read"), run);
    }
    String detail = losses.size() + (losses.size() == 1 ? " part" : " parts") + " of the bag unreadable"
        + (allowed ? " (allowed by --allow-damaged-bag)" : "") + ": " + String.join("; ", losses);
    return unlessInterrupted(new Result(BAG_READ_WHOLE, allowed, detail), run);
  }

  static Result evaluate(Scenario.Check c, RunRecord run) {
    Optional<String> vacuous = nothingToCheck(c, run);
    if (vacuous.isPresent()) {
      return Result.skipped(c.describe(), vacuous.get());
    }
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
    if (c instanceof Scenario.EventAfter e) {
      return eventAfter(e, run);
    }
    if (c instanceof Scenario.NoEvent n) {
      for (ProactiveAlert a : run.alerts()) {
        double t = run.seconds(a.audioStampNs());
        if (t >= n.fromS() && t <= n.toS()) {
          return new Result(c.describe(), false, "event at " + fmt(t) + " s (unit " + a.unitIndex() + "): \""
              + a.text() + "\"" + (a.watchId().isEmpty() ? "" : " for watch " + a.watchId()));
        }
      }
      return new Result(c.describe(), true, run.alerts().size() + " events in the run, none in the window");
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
    if (c instanceof Scenario.UserSpeechIn u) {
      List<Double> starts = userSpeechStarts(run);
      Optional<Double> in = starts.stream().filter(t -> t >= u.fromS() && t <= u.toS()).findFirst();
      return new Result(c.describe(), in.isPresent(), in.map(t -> "user speech from " + fmt(t) + " s")
          .orElse("no start in the window; starts at " + starts.stream().map(ScenarioCheck::fmt).toList() + " s"));
    }
    if (c instanceof Scenario.NoUserSpeech u) {
      List<Double> starts = userSpeechStarts(run);
      Optional<Double> in = starts.stream().filter(t -> t >= u.fromS() && t <= u.toS()).findFirst();
      return new Result(c.describe(), in.isEmpty(), in.map(t -> "user speech from " + fmt(t) + " s (of "
          + starts.size() + " starts in the run)").orElse(starts.size() + " starts in the run, none in the window"));
    }
    if (c instanceof Scenario.ModelInput mi) {
      return modelInput(mi, run);
    }
    if (c instanceof Scenario.BargeInNoticeCheck b) {
      List<Double> notices = run.events().stream()
          .filter(e -> e instanceof org.duplexnode.ports.StateUpdate s && s.bargeIn())
          .map(e -> run.seconds(((org.duplexnode.ports.StateUpdate) e).stampNs())).sorted().toList();
      if (notices.isEmpty()) {
        return new Result(c.describe(), false, "no barge-in on ~/state in the run");
      }
      double first = notices.get(0);
      return new Result(c.describe(), first >= b.fromS() && first <= b.toS(), "first at " + fmt(first) + " s (onset), "
          + notices.size() + " in the run");
    }
    Scenario.MaxDrops m = (Scenario.MaxDrops) c;
    long drops = run.droppedUnits();
    return new Result(c.describe(), drops <= m.max(), drops + " dropped");
  }

  private static Result modelInput(Scenario.ModelInput c, RunRecord run) {
    List<UnitRecord> inside = run.units().stream().filter(u -> run.seconds(u.audioStartNs()) >= c.fromS() - 1e-6
        && run.seconds(u.audioEndNs()) <= c.toS() + 1e-6 && !Double.isNaN(u.inputDbfs())).toList();
    if (inside.isEmpty()) {
      return Result.skipped(c.describe(), "no measured unit of the run lies wholly in the window");
    }
    for (UnitRecord u : inside) {
      boolean loud = !Double.isNaN(c.maxDbfs()) && u.inputDbfs() > c.maxDbfs();
      boolean quiet = !Double.isNaN(c.minDbfs()) && u.inputDbfs() < c.minDbfs();
      if (loud || quiet) {
        return new Result(c.describe(), false, "unit " + u.unitIndex() + " (" + fmt(run.seconds(u.audioStartNs()))
            + " s) at " + String.format(Locale.ROOT, "%.1f", u.inputDbfs()) + " dBFS");
      }
    }
    return new Result(c.describe(), true, inside.size() + " units, " + inside.stream().map(u -> String.format(Locale.ROOT,
        "%.1f", u.inputDbfs())).toList() + " dBFS");
  }

  /** Onsets (s) of the user's speech as ~/user_speech started it. */
  private static List<Double> userSpeechStarts(RunRecord run) {
    return run.events().stream()
        .filter(e -> e instanceof org.duplexnode.ports.UserSpeechChange u
            && u.kind() == org.duplexnode.ports.UserSpeechChange.Kind.START)
        .map(e -> run.seconds(((org.duplexnode.ports.UserSpeechChange) e).startNs())).toList();
  }

  private static Result eventAfter(Scenario.EventAfter e, RunRecord run) {
    long afterNs = run.startNs() + Math.round(e.afterS() * 1e9);
    List<UnitRecord> seeing = run.units().stream().filter(u -> u.audioEndNs() >= afterNs).toList();
    if (seeing.isEmpty()) {
      return Result.skipped(e.describe(), "no unit of the run ends at or after " + fmt(e.afterS()) + " s");
    }
    long first = seeing.get(0).unitIndex();
    long last = seeing.get(Math.min(e.withinUnits(), seeing.size()) - 1).unitIndex();
    for (ProactiveAlert a : run.alerts()) {
      if (a.unitIndex() >= first && a.unitIndex() <= last && e.text().matcher(a.text()).find()
          && (e.watch().isEmpty() || e.watch().equals(a.watchId()))) {
        return new Result(e.describe(), true, "event at " + fmt(run.seconds(a.audioStampNs())) + " s, unit "
            + a.unitIndex() + " (" + (a.unitIndex() - first) + " after unit " + first + ", the first to end at or after "
            + fmt(e.afterS()) + " s)" + (a.frameStampNs() < 0 ? "" : ", frame of " + fmt(run.seconds(a.frameStampNs()))
            + " s") + ": \"" + a.text() + "\"");
      }
    }
    return new Result(e.describe(), false, "no matching event in units " + first + "-" + last + "; events: "
        + run.alerts().stream().map(a -> "unit " + a.unitIndex() + " " + fmt(run.seconds(a.audioStampNs())) + " s \""
        + a.text() + "\" (" + (a.watchId().isEmpty() ? "no watch" : a.watchId()) + ")").toList());
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
    if (checked == 0) {
      return Result.skipped(b.describe(), "no force-listen came while speech was playing ("
          + run.forceListens().size() + " force-listens in the run)");
    }
    return new Result(b.describe(), true, checked + " barge-ins during speech checked");
  }

  /** Why a check has nothing to look at in this run, if it has not; barge-ins are decided by {@link #bargeIn}. */
  private static Optional<String> nothingToCheck(Scenario.Check c, RunRecord run) {
    List<UnitRecord> units = run.units();
    if (units.isEmpty()) {
      return Optional.of("the run processed no units");
    }
    if (!(c instanceof Scenario.Windowed w) || c instanceof Scenario.ModelInput) {
      return Optional.empty(); // a model_input window says itself which units lie wholly in it
    }
    double from = w.fromS();
    double to = w.toS();
    for (UnitRecord u : units) {
      if (run.seconds(u.audioStartNs()) <= to && run.seconds(u.audioEndNs()) >= from) {
        return Optional.empty();
      }
    }
    return Optional.of("no unit of the run lies in the window: the units cover ["
        + fmt(run.seconds(units.get(0).audioStartNs())) + ", "
        + fmt(run.seconds(units.get(units.size() - 1).audioEndNs())) + "] s");
  }

  private static String fmt(double s) {
    return String.format(java.util.Locale.ROOT, "%.2f", s);
  }
}
