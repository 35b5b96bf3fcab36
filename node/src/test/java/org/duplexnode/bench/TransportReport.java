package org.duplexnode.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Markdown table of {@link TransportBench}: per stream and receiver the messages sent and
 * delivered, the delivered rate, latency percentiles and the receiver's CPU, then the node/C
 * ratios. Percentiles are nearest-rank over the delivered messages.
 */
final class TransportReport {
  private final double seconds;
  private final int imageBytes;

  TransportReport(double seconds, int imageBytes) {
    this.seconds = seconds;
    this.imageBytes = imageBytes;
  }

  void print(PrintStream out, TransportBench.Sent cSent, TransportBench.Received c, TransportBench.Sent nodeSent,
      TransportBench.Received node) {
    out.println("| stream | receiver | sent | delivered | drops | rate (Hz) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) |"
        + " receiver CPU (s/s) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    String image = String.format(Locale.ROOT, "1080p rgb8 (%.1f MB)", imageBytes / 1e6);
    row(out, image, "C (CycloneDDS)", cSent.images(), c.imageNs(), c);
    row(out, image, "node", nodeSent.images(), node.imageNs(), node);
    row(out, "audio 10 ms S16", "C (CycloneDDS)", cSent.audio(), c.audioNs(), c);
    row(out, "audio 10 ms S16", "node", nodeSent.audio(), node.audioNs(), node);
    out.println();
    out.println("| stream | delivered node/C | p50 node/C | p99 node/C | max node/C |");
    out.println("|---|---|---|---|---|");
    ratios(out, "image", cSent.images(), c.imageNs(), nodeSent.images(), node.imageNs());
    ratios(out, "audio", cSent.audio(), c.audioNs(), nodeSent.audio(), node.audioNs());
    out.printf(Locale.ROOT, "%nreceiver CPU node/C: %.2f (node %.3f s/s, C %.3f s/s); wrong-size samples: C %d, node %d;"
            + " publisher: send errors %d/%d, latest wake-up %.1f/%.1f ms (C run/node run)%n",
        cpuPerSecond(node) / cpuPerSecond(c), cpuPerSecond(node), cpuPerSecond(c), c.wrongSize(), node.wrongSize(),
        cSent.errors(), nodeSent.errors(), cSent.maxLateUs() / 1e3, nodeSent.maxLateUs() / 1e3);
  }

  private void row(PrintStream out, String stream, String receiver, long sent, long[] ns, TransportBench.Received r) {
    long[] sorted = ns.clone();
    Arrays.sort(sorted);
    out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f | %s | %s | %s | %s | %.3f |%n", stream, receiver, sent,
        sorted.length, sent - sorted.length, sorted.length / seconds, ms(sorted, 0.50), ms(sorted, 0.90),
        ms(sorted, 0.99), ms(sorted, 1.0), cpuPerSecond(r));
  }

  private static void ratios(PrintStream out, String stream, long cSent, long[] c, long nodeSent, long[] node) {
    long[] cs = c.clone();
    long[] ns = node.clone();
    Arrays.sort(cs);
    Arrays.sort(ns);
    out.printf(Locale.ROOT, "| %s | %.3f | %s | %s | %s |%n", stream,
        ((double) ns.length / nodeSent) / ((double) cs.length / cSent), ratio(ns, cs, 0.50), ratio(ns, cs, 0.99),
        ratio(ns, cs, 1.0));
  }

  private static String ratio(long[] node, long[] c, double q) {
    if (node.length == 0 || c.length == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", (double) percentile(node, q) / percentile(c, q));
  }

  /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
  static long percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String ms(long[] sorted, double q) {
    return sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", percentile(sorted, q) / 1e6);
  }

  private static double cpuPerSecond(TransportBench.Received r) {
    return r.cpuNs() / (double) r.wallNs();
  }
}
