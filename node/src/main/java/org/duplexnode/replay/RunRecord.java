package org.duplexnode.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.RunLog;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UnitRecord;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;

/**
 * Everything a run produced, in order: units, output events, and the force-listen commands it
 * was given (input time). Thread-safe appends; the report and the scenario checks read it after
 * the run.
 *
 * @see HtmlReport
 * @see ScenarioCheck
 */
public final class RunRecord implements RunLog {
  private static final short[] AUDIO_MARK = new short[1];
  private final List<UnitRecord> units = new ArrayList<>();
  private final List<OutputEvent> events = new ArrayList<>();
  private final List<Long> forceListens = new ArrayList<>();
  private final List<String> bagLosses = new ArrayList<>();
  private long startNs = Long.MIN_VALUE;
  private String interruption;

  /** The input time that "0 s" in reports and scenarios refers to (the bag's start). */
  public synchronized void start(long startNs) {
    this.startNs = startNs;
  }

  public synchronized long startNs() {
    if (startNs == Long.MIN_VALUE) {
      return units.isEmpty() ? 0 : units.get(0).audioStartNs();
    }
    return startNs;
  }

  /**
   * Marks the run as cut short (a termination signal stopped it before the whole input was fed):
   * its record holds only part of the input, so no scenario verdict on it can be trusted.
   */
  public synchronized void interrupted(String reason) {
    this.interruption = reason;
  }

  /** Why the run was cut short, if it was. */
  public synchronized Optional<String> interruption() {
    return Optional.ofNullable(interruption);
  }

  @Override
  public synchronized void unit(UnitRecord u) {
    units.add(u);
  }

  /** Keeps an output (see {@link #speech(SpeechChunk)}). */
  public void event(OutputEvent e) {
    e.sendTo(this);
  }

  /**
   * Keeps speech without its samples (the output bag has them): a chunk that carried audio keeps
   * one silent sample, so "was the robot speaking then" stays answerable while the record of an
   * hours-long replay stays small.
   */
  @Override
  public synchronized void speech(SpeechChunk c) {
    events.add(c.pcm().length > 1
        ? new SpeechChunk(c.utteranceId(), c.unitIndex(), c.stampNs(), AUDIO_MARK, c.first(), c.last(), c.interrupted())
        : c);
  }

  @Override
  public synchronized void transcript(TranscriptUpdate update) {
    events.add(update);
  }

  @Override
  public synchronized void proactive(ProactiveAlert alert) {
    events.add(alert);
  }

  @Override
  public synchronized void state(StateUpdate update) {
    events.add(update);
  }

  @Override
  public synchronized void watches(WatchListChanged change) {
    events.add(change);
  }

  @Override
  public synchronized void reply(CommandReply reply) {
    events.add(reply);
  }

  @Override
  public synchronized void userSpeech(UserSpeechChange change) {
    events.add(change);
  }

  @Override
  public synchronized void forceListen(long stampNs) {
    forceListens.add(stampNs);
  }

  /** Recorded input the run could not read (a damaged chunk, a file left out), one line each. */
  public synchronized void bagLoss(String description) {
    bagLosses.add(description);
  }

  public synchronized List<String> bagLosses() {
    return List.copyOf(bagLosses);
  }

  public synchronized List<UnitRecord> units() {
    return List.copyOf(units);
  }

  public synchronized List<OutputEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<Long> forceListens() {
    return List.copyOf(forceListens);
  }

  /**
   * One entry per proactive event, in the order they were raised: the final event's text, kind
   * and watch, at the unit, frame and time of the early one (when the event was raised).
   */
  public List<ProactiveAlert> alerts() {
    java.util.Map<String, ProactiveAlert> byId = new java.util.LinkedHashMap<>();
    for (OutputEvent e : events()) {
      if (e instanceof ProactiveAlert a) {
        byId.merge(a.eventId(), a, (raised, later) -> new ProactiveAlert(raised.eventId(), later.kind(), later.text(),
            later.watchId(), later.watchCondition(), raised.utteranceId(), raised.unitIndex(), raised.frameId(),
            raised.frameStampNs(), raised.audioStampNs(), raised.latencyS(), later.isFinal()));
      }
    }
    return List.copyOf(byId.values());
  }

  public List<SpeechChunk> speech() {
    return events().stream().filter(e -> e instanceof SpeechChunk).map(e -> (SpeechChunk) e).toList();
  }

  public List<TranscriptUpdate> transcripts() {
    return events().stream().filter(e -> e instanceof TranscriptUpdate).map(e -> (TranscriptUpdate) e).toList();
  }

  public long droppedUnits() {
    List<UnitRecord> u = units();
    return u.isEmpty() ? 0 : u.get(u.size() - 1).droppedUnits();
  }

  /** Seconds from the run's start. */
  public double seconds(long stampNs) {
    return (stampNs - startNs()) / 1e9;
  }
}
