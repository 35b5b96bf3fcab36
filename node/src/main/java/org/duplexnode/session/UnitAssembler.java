package org.duplexnode.session;

import java.util.Objects;
import java.util.function.Consumer;
import org.duplexnode.ingest.audio.AudioStreamSink;

/**
 * The unit clock: cuts the contiguous 16 kHz stream from the audio ingest into {@link AudioUnit}s
 * following a {@link UnitSchedule}. Time is the stream's sample count from its anchor stamp, never
 * the wall clock, so a replayed bag yields the same units as the live run. Gaps, overlaps and
 * restarts are settled upstream (see {@link org.duplexnode.ingest.audio.AudioTimeline}); here a
 * stream is simply contiguous samples.
 *
 * <p>When a stream ends inside a unit that holds at least one audio sample, the unit is completed
 * with zeros and emitted (so the end of an utterance is not lost); a unit holding only its pad is
 * discarded. Units go to the downstream consumer on the caller's thread as soon as they are full.
 * Not thread-safe: the ingest serialises calls.
 */
public final class UnitAssembler implements AudioStreamSink {

  private final UnitSchedule schedule;
  private final Consumer<AudioUnit> downstream;

  private long nextIndex;
  private long streamIndex = -1;
  private boolean open;
  private long anchorNanos;
  private int indexInStream;
  private long unitFirstSample;
  private float[] current;
  private int filled;
  private int pad;
  private long unitsEmitted;
  private long unitsPadded;

  public UnitAssembler(UnitSchedule schedule, Consumer<AudioUnit> downstream) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
  }

  @Override
  public void streamStarted(long anchorNanos) {
    if (open) {
      streamEnded();
    }
    open = true;
    streamIndex++;
    this.anchorNanos = anchorNanos;
    indexInStream = 0;
    unitFirstSample = 0;
    beginUnit();
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    if (!open) {
      throw new IllegalStateException("samples outside a stream");
    }
    int pos = off;
    int end = off + len;
    while (pos < end) {
      int n = Math.min(end - pos, current.length - filled);
      System.arraycopy(samples, pos, current, filled, n);
      filled += n;
      pos += n;
      if (filled == current.length) {
        emit(0);
      }
    }
  }

  @Override
  public void streamEnded() {
    if (open && filled > pad) {
      unitsPadded++;
      emit(current.length - filled);
    }
    open = false;
    current = null;
  }

  /** Units emitted so far. */
  public long unitsEmitted() {
    return unitsEmitted;
  }

  /** Units completed with zeros because their stream ended early. */
  public long unitsPadded() {
    return unitsPadded;
  }

  private void beginUnit() {
    pad = indexInStream == 0 ? schedule.firstUnitLeftPad() : 0;
    current = new float[indexInStream == 0 ? schedule.firstUnitSamples() : schedule.unitSamples()];
    filled = pad;
  }

  private void emit(int trailingPad) {
    int audio = current.length - pad;
    long start = anchorNanos + unitFirstSample * UnitSchedule.NANOS_PER_SAMPLE;
    long end = start + audio * UnitSchedule.NANOS_PER_SAMPLE;
    AudioUnit unit = new AudioUnit(nextIndex++, streamIndex, indexInStream, start, end, current, pad, trailingPad);
    unitsEmitted++;
    unitFirstSample += audio;
    indexInStream++;
    beginUnit();
    downstream.accept(unit);
  }
}
