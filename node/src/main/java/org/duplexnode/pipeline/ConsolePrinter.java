package org.duplexnode.pipeline;

import java.util.Locale;
import java.util.function.Consumer;
import org.duplexnode.outputs.OutputEvent;
import org.duplexnode.outputs.ProactiveAlert;
import org.duplexnode.outputs.StateUpdate;
import org.duplexnode.outputs.TranscriptUpdate;
import org.duplexnode.outputs.WatchListChanged;

/** Prints what the node says and decides, one line per unit, for people watching a run. */
final class ConsolePrinter implements Consumer<OutputEvent> {
  private final ConsoleLines out;
  private final long startNs;

  ConsolePrinter(ConsoleLines out, long startNs) {
    this.out = out;
    this.startNs = startNs;
  }

  private String t(long ns) {
    return String.format(Locale.ROOT, "%7.2f s", (ns - startNs) / 1e9);
  }

  @Override
  public synchronized void accept(OutputEvent e) {
    if (e instanceof StateUpdate s) {
      out.line(String.format(Locale.ROOT, "%s  unit %3d  %-9s  compute %6.1f ms of %4.0f ms  queue %d  dropped %d", t(s.stampNs()),
          s.unitIndex(), s.speaking() ? "speaking" : "listening", s.computeS() * 1000, s.budgetS() * 1000, s.queueDepth(),
          s.droppedUnits()));
    } else if (e instanceof TranscriptUpdate tr && (!tr.text().isEmpty() || tr.isFinal())) {
      out.line(String.format("%s  transcript [%d]%s%s: \"%s\"", t(tr.stampNs()), tr.utteranceId(), tr.isFinal() ? " final" : "",
          tr.interrupted() ? " interrupted" : "", tr.isFinal() ? tr.textSoFar() : tr.text()));
    } else if (e instanceof ProactiveAlert a) {
      out.line(String.format("%s  EVENT %s%s: \"%s\"", t(a.audioStampNs()), a.kind(),
          a.watchId().isEmpty() ? "" : " (watch " + a.watchId() + ")", a.text()));
    } else if (e instanceof WatchListChanged w) {
      out.line(String.format("%s  watches: %s", t(w.stampNs()),
          w.watches().stream().map(x -> x.id() + " \"" + x.condition() + "\"").toList()));
    }
  }
}
