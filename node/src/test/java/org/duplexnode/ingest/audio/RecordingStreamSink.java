package org.duplexnode.ingest.audio;

import java.util.ArrayList;
import java.util.List;

/** Records what an {@link AudioIngest} hands its sink, one stream per list entry. */
final class RecordingStreamSink implements AudioStreamSink {

  record Stream(long anchorNanos, List<Float> samples, boolean[] ended) {
    float[] array() {
      float[] a = new float[samples.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = samples.get(i);
      }
      return a;
    }

    boolean isEnded() {
      return ended[0];
    }
  }

  final List<Stream> streams = new ArrayList<>();

  @Override
  public void streamStarted(long anchorNanos) {
    streams.add(new Stream(anchorNanos, new ArrayList<>(), new boolean[1]));
  }

  @Override
  public void samples(float[] samples, int off, int len) {
    Stream s = streams.get(streams.size() - 1);
    if (s.isEnded()) {
      throw new AssertionError("samples after the stream ended");
    }
    for (int i = off; i < off + len; i++) {
      s.samples().add(samples[i]);
    }
  }

  @Override
  public void streamEnded() {
    streams.get(streams.size() - 1).ended()[0] = true;
  }
}
