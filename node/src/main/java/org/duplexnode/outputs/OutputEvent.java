package org.duplexnode.outputs;

/** Everything the outputs stage emits; sinks switch on the record type. */
public sealed interface OutputEvent
    permits SpeechChunk, TranscriptUpdate, ProactiveAlert, StateUpdate, WatchListChanged {}
