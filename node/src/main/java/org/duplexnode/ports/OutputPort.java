package org.duplexnode.ports;

/**
 * The core's one outbound port: every output event, one method per type. Each adapter (ROS 2,
 * output bag, MQTT, local speaker, console, run record) implements all of them, so a new event type
 * does not compile until every adapter says what it does with it; none is dropped by a forgotten
 * branch. Called from one thread (the outputs thread), in the order the model produced the events.
 */
public interface OutputPort {
  void speech(SpeechChunk chunk);

  void transcript(TranscriptUpdate update);

  void proactive(ProactiveAlert alert);

  void state(StateUpdate update);

  void watches(WatchListChanged change);

  /** The answer to a behaviour's command. */
  void reply(CommandReply reply);

  /** The user started or stopped speaking (published from the ingest thread as the voice detector decides). */
  void userSpeech(UserSpeechChange change);

  /** Hands {@code event} to this port's method for its type. */
  default void publish(OutputEvent event) {
    event.sendTo(this);
  }

  /** A port that hands every event, whatever its type, to {@code each} (recorders, test probes). */
  static OutputPort ofEach(java.util.function.Consumer<OutputEvent> each) {
    return new OutputPort() {
      @Override public void speech(SpeechChunk chunk) { each.accept(chunk); }
      @Override public void transcript(TranscriptUpdate update) { each.accept(update); }
      @Override public void proactive(ProactiveAlert alert) { each.accept(alert); }
      @Override public void state(StateUpdate update) { each.accept(update); }
      @Override public void watches(WatchListChanged change) { each.accept(change); }
      @Override public void reply(CommandReply reply) { each.accept(reply); }
      @Override public void userSpeech(UserSpeechChange change) { each.accept(change); }
    };
  }

  /** This port, then {@code each} with every event (recorders, test probes). */
  default OutputPort andThen(java.util.function.Consumer<OutputEvent> each) {
    return fanOut(this, ofEach(each));
  }

  /** A port that hands each event to every one of {@code ports}, in their order. */
  static OutputPort fanOut(java.util.List<OutputPort> ports) {
    java.util.List<OutputPort> all = java.util.List.copyOf(ports);
    return ofEach(e -> all.forEach(e::sendTo));
  }

  /** As {@link #fanOut(java.util.List)}. */
  static OutputPort fanOut(OutputPort... ports) {
    return fanOut(java.util.List.of(ports));
  }
}
