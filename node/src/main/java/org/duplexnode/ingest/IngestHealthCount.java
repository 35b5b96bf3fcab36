package org.duplexnode.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.duplexnode.ingest.audio.IngestCounters;
import org.duplexnode.ingest.audio.StreamResetReason;
import org.duplexnode.ports.IngestHealth;

/** The ingest's counters as the {@link IngestHealth} it reports. */
public final class IngestHealthCount {
  private IngestHealthCount() {}

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
