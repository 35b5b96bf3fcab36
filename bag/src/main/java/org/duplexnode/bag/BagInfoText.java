package org.duplexnode.bag;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Renders {@link BagInfo} in the layout of `ros2 bag info` (rosbag2_py format_bag_metadata). */
final class BagInfoText {
  private static final int INDENT = 19;
  private static final String SERVICE_INFO = "Service information: ";
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("MMM ppd yyyy HH:mm:ss", Locale.ENGLISH);

  private BagInfoText() {}

  static String render(BagInfo info, ZoneId zone) {
    StringBuilder out = new StringBuilder("\n");
    out.append("Files:             ");
    lines(out, info.files(), INDENT);
    out.append("Bag size:          ").append(size(info.bagSizeBytes())).append('\n');
    out.append("Storage id:        ").append(info.storage()).append('\n');
    out.append("ROS Distro:        ").append(info.rosDistro().isEmpty() ? "unknown" : info.rosDistro()).append('\n');
    out.append("Duration:          ").append(seconds(info.durationNs())).append("s\n");
    out.append("Start:             ").append(timePoint(info.startNs(), zone)).append('\n');
    out.append("End:               ").append(timePoint(info.endNs(), zone)).append('\n');
    out.append("Messages:          ").append(info.topicMessageCount()).append('\n');
    out.append("Topic information: ");
    lines(out, info.topics().stream().map(BagInfoText::topic).toList(), INDENT);
    out.append("Service:           ").append(info.services().size()).append('\n');
    out.append(SERVICE_INFO);
    lines(out, info.services().stream().map(BagInfoText::service).toList(), SERVICE_INFO.length());
    for (String warning : info.warnings()) {
      out.append("Warning:           ").append(warning).append('\n');
    }
    return out.toString();
  }

  private static void lines(StringBuilder out, List<String> lines, int indent) {
    if (lines.isEmpty()) {
      out.append('\n');
      return;
    }
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        out.append(" ".repeat(indent));
      }
      out.append(lines.get(i)).append('\n');
    }
  }

  private static String topic(BagInfo.Topic t) {
    return "Topic: " + t.name() + " | Type: " + t.type() + " | Count: " + t.messageCount() + " | "
        + (t.sizeBytes() == null ? "" : "Size Contribution: " + size(t.sizeBytes()) + " | ")
        + "Serialization Format: " + t.serializationFormat();
  }

  private static String service(BagInfo.Service s) {
    return "Service: " + s.name() + " | Type: " + s.type() + " | Request Count: " + s.requestCount()
        + " | Response Count: " + s.responseCount() + " | "
        + (s.sizeBytes() == null ? "" : "Size Contribution: " + size(s.sizeBytes()) + " | ")
        + "Serialization Format: " + s.serializationFormat();
  }

  /** 1024-based, no decimals for bytes, one decimal otherwise (as rosbag2). */
  static String size(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double size = bytes;
    int unit = 0;
    while (size >= 1024 && unit < units.length - 1) {
      size /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", size, units[unit]);
  }

  static String seconds(long ns) {
    return Math.floorDiv(ns, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(ns, 1_000_000_000L));
  }

  static String timePoint(long ns, ZoneId zone) {
    Instant t = Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L));
    return DATE.format(t.atZone(zone)) + "." + String.format("%09d", Math.floorMod(ns, 1_000_000_000L))
        + " (" + seconds(ns) + ")";
  }
}
