package org.duplexnode.ports;

/** Everything the outputs stage emits; sinks switch on the record type. */
public sealed interface OutputEvent
    permits SpeechChunk, TranscriptUpdate, ProactiveAlert, StateUpdate, WatchListChanged, CommandReply,
        UserSpeechChange {
  /** Hands this event to the port's method for its type. */
  void sendTo(OutputPort port);
}
