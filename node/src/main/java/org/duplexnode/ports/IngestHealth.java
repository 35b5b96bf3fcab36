package org.duplexnode.ports;

import java.util.Map;

/**
 * What the ingest stage dropped or found missing, for /diagnostics: the camera frames and audio
 * messages it rejected (after the transport delivered them) and the gaps in the audio timeline.
 *
 * @param rejected {@code "audio | <reason>"} or {@code "image | <reason>"} to count, nonzero only
 * @param audioGapsFilled gaps in the stamps of a continuous audio stream, filled with silence:
 *     messages that never arrived (lost in transport or never sent)
 * @param audioGapNanos audio time those gaps covered
 * @param audioRestartsAfterGap gaps longer than the ingest fills, after which the stream restarted
 */
public record IngestHealth(Map<String, Long> rejected, long audioGapsFilled, long audioGapNanos,
                           long audioRestartsAfterGap) {
  public IngestHealth {
    rejected = Map.copyOf(rejected);
  }

  public static IngestHealth none() {
    return new IngestHealth(Map.of(), 0, 0, 0);
  }


  /** This health with more rejected records counted ({@code "audio | reason"} to count). */
  public IngestHealth plusRejected(Map<String, Long> more) {
    Map<String, Long> all = new java.util.TreeMap<>(rejected);
    more.forEach((k, v) -> {
      if (v > 0) {
        all.merge(k, v, Long::sum);
      }
    });
    return new IngestHealth(all, audioGapsFilled, audioGapNanos, audioRestartsAfterGap);
  }
}
