package org.duplexnode.ingest.echo;

import org.duplexnode.ingest.audio.AudioStreamSink;

/** What comes out of an echo cancel stage, sample by sample from the stream's start, into {@code out}. */
final class CollectingSink implements AudioStreamSink {
  private final float[] out;
  private int at;

  CollectingSink(float[] out) {
    this.out = out;
  }

  @Override public void streamStarted(long anchorNanos) { }

  @Override
  public void samples(float[] s, int off, int len) {
    System.arraycopy(s, off, out, at, len);
    at += len;
  }

  @Override public void streamEnded() { }
}
