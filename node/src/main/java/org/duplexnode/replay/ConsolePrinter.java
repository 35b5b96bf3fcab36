package org.duplexnode.replay;

import java.util.Locale;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;

/** Prints what the node says and decides, one line per unit, for people watching a run. */
public final class ConsolePrinter implements OutputPort {
  private final ConsoleLines out;
  private final long startNs;

  public ConsolePrinter(ConsoleLines out, long startNs) {
    this.out = out;
    this.startNs = startNs;
  }

  private String t(long ns) {
    return String.format(Locale.ROOT, "%7.2f s", (ns - startNs) / 1e9);
  }

  @Override
  public void state(StateUpdate s) {
    if (s.bargeIn()) {
      out.line(String.format("%s  barge-in: the user's voice over the robot's speech (~/state barge_in)", t(s.stampNs())));
      return;
    }
    out.line(String.format(Locale.ROOT, "%s  unit %3d  %-9s  compute %6.1f ms of %4.0f ms  queue %d  dropped %d", t(s.stampNs()),
        s.unitIndex(), s.speaking() ? "speaking" : s.muted() ? "muted" : "listening", s.computeS() * 1000, s.budgetS() * 1000, s.queueDepth(),
        s.droppedUnits()));
  }

  @Override
  public void transcript(TranscriptUpdate tr) {
    if (!tr.text().isEmpty() || tr.isFinal()) {
      out.line(String.format("%s  transcript [%d]%s%s: \"%s\"", t(tr.stampNs()), tr.utteranceId(), tr.isFinal() ? " final" : "",
          tr.interrupted() ? " interrupted" : "", tr.isFinal() ? tr.textSoFar() : tr.text()));
    }
  }

  @Override
  public void proactive(ProactiveAlert a) {
    out.line(String.format("%s  EVENT %s%s: \"%s\"", t(a.audioStampNs()), a.kind(),
        a.watchId().isEmpty() ? "" : " (watch " + a.watchId() + ")", a.text()));
  }

  @Override
  public void watches(WatchListChanged w) {
    out.line(String.format("%s  watches: %s", t(w.stampNs()),
        w.watches().stream().map(x -> x.id() + " \"" + x.condition() + "\"").toList()));
  }

  @Override
  public void reply(CommandReply r) {
    out.line(String.format("%s  %s %s%s: %s", t(r.stampNs()), r.command(), r.accepted() ? "accepted" : "refused",
        r.requestId().isEmpty() ? "" : " (" + r.requestId() + ")", r.reason().isEmpty() ? r.message()
            : r.reason() + ", " + r.message()));
  }

  @Override
  public void userSpeech(UserSpeechChange c) {
    out.line(c.kind() == UserSpeechChange.Kind.START ? String.format("%s  user speaking", t(c.stampNs()))
        : String.format(Locale.ROOT, "%s  user stopped speaking (%.2f s)", t(c.stampNs()),
            (c.endNs() - c.startNs()) / 1e9));
  }

  @Override
  public void speech(SpeechChunk c) {
    // a person watching reads the transcript; the audio goes to the speaker and the topics
  }
}
