package org.duplexnode.outputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.duplexnode.ingest.vad.UserSpeech;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.Watch;

/**
 * Turns each processed unit into output events, keeping the utterance state between units.
 *
 * <p>Rules (docs/interfaces.md says the same):
 * <ul>
 *   <li>An utterance starts at the first speaking unit after listening and gets the next id. It
 *       ends at the unit that ends the model's turn, or at a forced listen (force-listen,
 *       barge-in from a behaviour): then its last transcript and speech chunk say
 *       {@code interrupted}, so players flush at once.</li>
 *   <li>An utterance is proactive when it is not an answer to what the user just said: either
 *       the user was not heard in the {@code proactiveWindowNs} of input time before it started
 *       (voice activity over the microphone), or, in the middle of a conversation, its text so far
 *       is about an armed watch ({@link WatchAttribution}'s evidence: "hey, floor 16" while the
 *       user makes small talk and "tell me when we reach floor 16" is armed). The unit where it is
 *       found proactive gives an early {@link ProactiveAlert} with the text so far; the unit that
 *       ends it gives the final one, same id, with the whole text. The watch is attributed once,
 *       at the early event (or, for an unprompted utterance whose first words named none, at the
 *       final one), by {@link WatchBook}'s rules.</li>
 *   <li>An utterance is also marked interrupted when it ends by the model's own turn end while the
 *       user was heard during it (model-driven barge-in).</li>
 * </ul>
 * Not thread-safe: the model thread owns it.
 */
public final class OutputComposer {
  private final UserSpeech userSpeech;
  private final WatchBook watches;
  private final KindRules kinds;
  private final long proactiveWindowNs;
  private final LongSupplier clockNs;

  private long nextUtteranceId = 1;
  private long utteranceId;
  private long firstUnitEndNs;
  private boolean proactive;
  /** The utterance is a text a behaviour told the node to say (~/say): never proactive. */
  private boolean said;
  private boolean nextUnitSaid;
  private ProactiveAlert early;
  private Optional<Watch> alertWatch = Optional.empty();
  private final StringBuilder soFar = new StringBuilder();
  private boolean open;

  public OutputComposer(UserSpeech userSpeech, WatchBook watches, KindRules kinds, double proactiveWindowS,
                        LongSupplier clockNs) {
    this.userSpeech = userSpeech;
    this.watches = watches;
    this.kinds = kinds;
    this.proactiveWindowNs = (long) (proactiveWindowS * 1e9);
    this.clockNs = clockNs;
  }

  public boolean speaking() {
    return open;
  }

  public long currentUtteranceId() {
    return open ? utteranceId : 0;
  }

  /**
   * The next unit to compose speaks a text a behaviour asked for (~/say): an utterance it starts
   * answers the behaviour, so it is neither proactive nor attributed to a watch.
   */
  public void nextUnitIsSaid() {
    nextUnitSaid = true;
  }

  /** The events of one unit, in the order sinks should publish them. */
  public List<OutputEvent> compose(UnitOutcome u) {
    try {
      return composeUnit(u);
    } finally {
      nextUnitSaid = false;
    }
  }

  private List<OutputEvent> composeUnit(UnitOutcome u) {
    List<OutputEvent> out = new ArrayList<>();
    if (open && u.forcedListen()) {
      out.add(new SpeechChunk(utteranceId, u.unitIndex(), u.audioEndNs(), new short[0], false, true, true));
      out.add(new TranscriptUpdate(utteranceId, u.unitIndex(), u.audioEndNs(), "", soFar.toString(), true,
          proactive, true, u.audioStartNs(), u.audioEndNs()));
      finalAlert(u).ifPresent(out::add);
      open = false;
      return out;
    }
    boolean speaks = !u.listening() && (!u.text().isEmpty() || u.speech().length > 0);
    if (!open && !speaks) {
      return out;
    }
    boolean started = false;
    if (!open) {
      open = true;
      started = true;
      utteranceId = nextUtteranceId++;
      firstUnitEndNs = u.audioEndNs();
      soFar.setLength(0);
      early = null;
      alertWatch = Optional.empty();
      said = nextUnitSaid;
      proactive = !said && !userSpeech.heardBetween(u.audioStartNs() - proactiveWindowNs, u.audioEndNs());
    }
    soFar.append(u.text());
    if (!proactive && !said && WatchAttribution.best(soFar.toString(), watches.armedAt(u.audioEndNs())).isPresent()) {
      proactive = true; // an interruption about a watch, in the middle of a conversation
    }
    boolean ending = u.endOfTurn() || u.listening();
    // The user's question may overlap the first unit; speech after it means they talked over us.
    boolean bargedIn = ending && u.audioEndNs() > firstUnitEndNs
        && userSpeech.heardBetween(firstUnitEndNs, u.audioEndNs());
    out.add(new SpeechChunk(utteranceId, u.unitIndex(), u.audioEndNs(), toPcm(u.speech()), started, ending, bargedIn));
    out.add(new TranscriptUpdate(utteranceId, u.unitIndex(), u.audioEndNs(), u.text(), soFar.toString(), ending,
        proactive, bargedIn, u.audioStartNs(), u.audioEndNs()));
    if (proactive && early == null) {
      alertWatch = watches.attribute(soFar.toString(), u.audioEndNs());
      early = alert(UUID.randomUUID().toString(), u, false);
      if (!ending) {
        out.add(early);
      }
    }
    if (ending) {
      finalAlert(u).ifPresent(out::add);
      open = false;
    }
    return out;
  }

  /** The final event of a proactive utterance that ends at unit {@code u}. */
  private Optional<ProactiveAlert> finalAlert(UnitOutcome u) {
    if (!proactive || early == null) {
      return Optional.empty();
    }
    if (alertWatch.isEmpty()) {
      alertWatch = watches.attribute(soFar.toString(), u.audioEndNs()); // the first words named no watch; the whole may
    }
    return Optional.of(alert(early.eventId(), u, true));
  }

  private ProactiveAlert alert(String eventId, UnitOutcome u, boolean isFinal) {
    String text = soFar.toString();
    double latency = (clockNs.getAsLong() - u.audioEndNs()) / 1e9;
    return new ProactiveAlert(eventId, kinds.kindOf(text), text, alertWatch.map(Watch::id).orElse(""),
        alertWatch.map(Watch::condition).orElse(""), utteranceId, u.unitIndex(), u.frameId(), u.frameStampNs(),
        u.audioEndNs(), latency, isFinal);
  }

  /** 24 kHz float samples to S16LE values, clipped. */
  static short[] toPcm(float[] speech) {
    short[] pcm = new short[speech.length];
    for (int i = 0; i < speech.length; i++) {
      float v = Float.isFinite(speech[i]) ? Math.max(-1f, Math.min(1f, speech[i])) : 0f;
      pcm[i] = (short) Math.round(v * 32767f);
    }
    return pcm;
  }
}
