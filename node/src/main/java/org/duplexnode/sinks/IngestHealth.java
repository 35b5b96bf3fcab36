package org.duplexnode.sinks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.duplexnode.ingest.audio.IngestCounters;
import org.duplexnode.ingest.audio.StreamResetReason;

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

  /** From the audio ingest's counters and the image ingest's rejections by reason. */
  public static IngestHealth of(IngestCounters audio, Map<? extends Enum<?>, Long> imageRejections) {
    Map<String, Long> rejected = new TreeMap<>();
    audio.rejectedByReason().forEach((reason, n) -> {
      if (n > 0) {
        rejected.put("audio | " + text(reason), n);
      }
    });
    imageRejections.forEach((reason, n) -> {
      if (n > 0) {
        rejected.put("image | " + text(reason), n);
      }
    });
    return new IngestHealth(rejected, audio.gapsFilled(), audio.gapFillNanos(),
        audio.resets(StreamResetReason.GAP_TOO_LONG));
  }

  private static String text(Enum<?> reason) {
    return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
