package org.duplexnode.ingest.audio;

import java.util.Objects;

/**
 * The microphone ingest: turns audio messages from any source (ROS subscription, bag, test) into a
 * contiguous 16 kHz mono stream for an {@link AudioStreamSink}.
 *
 * <pre>
 *  accept(AudioChunk) ─▶ validate ─▶ AudioTimeline ─▶ PcmDecoder ─▶ StreamingResampler ─▶ sink
 *                        (reject,     (gap: silence,   (mono, NaN     (any rate to
 *                         counted)     overlap: trim,   counted)       16 kHz)
 *                                      restart)
 * </pre>
 *
 * <p>Failure handling: a bad message never throws; it is dropped and counted by
 * {@link RejectReason} in {@link #counters()}. Non-finite samples become 0 (counted). Stream
 * restarts (see {@link AudioTimeline}) flush the resampler, end the sink's stream and start a new one
 * anchored at the restarting message (counted by {@link StreamResetReason}).
 *
 * <p>{@link #accept} does a bounded amount of work proportional to the message and returns; it
 * blocks only if the sink does (a replay sink with a BLOCK queue). Calls are serialised.
 */
public final class AudioIngest {

  private static final int SILENCE_BLOCK = 4096;

  private final AudioIngestConfig config;
  private final AudioStreamSink sink;
  private final AudioTimeline timeline;
  private final IngestCounters counters = new IngestCounters();
  private StreamingResampler resampler;
  private boolean streamOpen;

  public AudioIngest(AudioIngestConfig config, AudioStreamSink sink) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.timeline = new AudioTimeline(config.timeline());
  }

  public IngestCounters counters() {
    return counters;
  }

  /** Ingests one message; returns false if it was dropped whole (the reason is counted). */
  public synchronized boolean accept(AudioChunk chunk) {
    RejectReason invalid = validate(chunk);
    if (invalid != null) {
      counters.reject(invalid);
      return false;
    }
    int frames = chunk.frames();
    AudioTimeline.Placement placement = timeline.place(chunk.stampNanos(), chunk.sampleRate(), frames);
    int skip = 0;
    if (placement instanceof AudioTimeline.Drop drop) {
      counters.reject(drop.reason());
      return false;
    } else if (placement instanceof AudioTimeline.Start start) {
      endStream();
      if (start.reason() != null) {
        counters.restarted(start.reason());
      }
      if (resampler == null || resampler.inputRate() != chunk.sampleRate()) {
        resampler = new StreamingResampler(chunk.sampleRate());
      }
      sink.streamStarted(chunk.stampNanos());
      streamOpen = true;
    } else if (placement instanceof AudioTimeline.Append append) {
      if (append.silenceFrames() > 0) {
        counters.gapFilled(AudioTimeline.nanosOf(append.silenceFrames(), chunk.sampleRate()));
        feedSilence(append.silenceFrames());
      }
      skip = append.skipFrames();
      if (skip > 0) {
        counters.overlapTrimmed(AudioTimeline.nanosOf(skip, chunk.sampleRate()));
      }
    }
    PcmDecoder.Decoded decoded = PcmDecoder.decode(chunk.pcm(), chunk.channels());
    if (decoded.nonFinite() > 0) {
      counters.nonFinite(decoded.nonFinite());
    }
    counters.accepted(frames);
    emit(resampler.process(decoded.mono(), skip, frames - skip));
    return true;
  }

  /**
   * Counts a message the transport could not turn into an {@link AudioChunk}, e.g.
   * {@link RejectReason#UNKNOWN_FORMAT} for audio bytes before any AudioInfo arrived.
   */
  public void rejectedUpstream(RejectReason reason) {
    counters.reject(Objects.requireNonNull(reason, "reason"));
  }

  /**
   * Ends the input (end of a bag, shutdown): flushes the resampler's look-ahead and ends the
   * sink's stream. A later message starts a new stream without a reset being counted.
   */
  public synchronized void finish() {
    endStream();
    timeline.clear();
  }

  private RejectReason validate(AudioChunk chunk) {
    if (chunk.sampleRate() < StreamingResampler.MIN_RATE || chunk.sampleRate() > StreamingResampler.MAX_RATE) {
      return RejectReason.BAD_SAMPLE_RATE;
    }
    if (chunk.channels() < 1 || chunk.channels() > AudioIngestConfig.MAX_CHANNELS) {
      return RejectReason.BAD_CHANNELS;
    }
    int samples = chunk.pcm().sampleCount();
    if (samples == 0) {
      return RejectReason.EMPTY;
    }
    int frames = chunk.frames();
    if (frames < 0) {
      return RejectReason.TRUNCATED;
    }
    if (AudioTimeline.nanosOf(frames, chunk.sampleRate()) > config.maxMessageNanos()) {
      return RejectReason.TOO_LONG;
    }
    return null;
  }

  private void feedSilence(int frames) {
    int left = frames;
    while (left > 0) {
      int n = Math.min(left, SILENCE_BLOCK);
      emit(resampler.processSilence(n));
      left -= n;
    }
  }

  private void endStream() {
    if (streamOpen) {
      emit(resampler.flush());
      sink.streamEnded();
      streamOpen = false;
    }
  }

  private void emit(float[] out) {
    if (out.length > 0) {
      sink.samples(out, 0, out.length);
    }
  }
}
