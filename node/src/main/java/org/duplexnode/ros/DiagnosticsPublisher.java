package org.duplexnode.ros;

import diagnostic_msgs.msg.dds.DiagnosticArray;
import diagnostic_msgs.msg.dds.DiagnosticStatus;
import diagnostic_msgs.msg.dds.KeyValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.duplexnode.ports.ConversationHealth;
import org.duplexnode.ports.IngestHealth;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes /diagnostics (diagnostic_msgs/DiagnosticArray) for the node: one status for its
 * inputs (matched publishers, messages, rejected samples by topic and reason, those the transport
 * rejected and those the ingest did, and audio lost in gaps of the stream) that turns WARN when an
 * input has had no publisher for longer than the configured time, or while rejections or audio
 * gaps are recent (within {@link #RECENT_S} s of the last rise). A missing publisher is the usual sign of a wrong topic name or of a QoS
 * the node cannot match; the latter gets its own status (key {@value #INCOMPATIBLE_QOS}) when the
 * incompatible-QoS check runs.
 */
public final class DiagnosticsPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosticsPublisher.class);
  /** The key of the incompatible-QoS entry (docs/interfaces.md). */
  public static final String INCOMPATIBLE_QOS = "incompatible_qos";
  /** How long rejections and audio gaps keep the inputs status WARN after their count last rose. */
  public static final double RECENT_S = 10;
  /** How long the conversation must keep up before "falling behind" clears ({@link KeepingUp}). */
  public static final double CATCH_UP_S = 5;

  /** Keys of the inputs status for audio lost in gaps (docs/interfaces.md). */
  public static final String AUDIO_GAPS = "audio gaps filled";
  public static final String AUDIO_LOST_S = "audio lost (s)";
  public static final String AUDIO_RESTARTS = "audio restarts after a gap";

  private final RosPublisher<DiagnosticArray> publisher;
  private final RosTransport transport;
  private final NodeClock clock;
  private final Supplier<List<InputHealth>> inputs;
  private final double noPublisherWarningS;
  private volatile Supplier<ConversationHealth> conversation;
  private final List<Supplier<StatusReport>> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile IncompatibleQosMonitor qosCheck;
  private volatile Supplier<IngestHealth> ingest = IngestHealth::none;
  private final LongSupplier monotonicNanos;
  private final RecentRises rejections = new RecentRises((long) (RECENT_S * 1e9));
  private final RecentRises audioGaps = new RecentRises((long) (RECENT_S * 1e9));
  private final KeepingUp keepingUp = new KeepingUp((long) (CATCH_UP_S * 1e9));
  private long lastFailed;
  private boolean warnedSilent;
  private boolean warnedAudioLoss;

  public DiagnosticsPublisher(RosTransport transport, NodeClock clock, Supplier<List<InputHealth>> inputs,
                              double noPublisherWarningS) {
    this(transport, clock, inputs, noPublisherWarningS, System::nanoTime);
  }

  /** @param monotonicNanos the clock that ages warnings (not the node clock, which sim time may stop) */
  public DiagnosticsPublisher(RosTransport transport, NodeClock clock, Supplier<List<InputHealth>> inputs,
                              double noPublisherWarningS, LongSupplier monotonicNanos) {
    this.monotonicNanos = monotonicNanos;
    this.transport = transport;
    this.publisher = transport.advertise(NodeTopics.DIAGNOSTICS);
    this.clock = clock;
    this.inputs = inputs;
    this.noPublisherWarningS = noPublisherWarningS;
  }

  /** Adds the conversation's status (compute against budget, queue, drops, latencies) to each report. */
  public void reportConversation(Supplier<ConversationHealth> health) {
    this.conversation = health;
  }

  /** Adds what the ingest stage rejected and the audio it found missing to the inputs status. */
  public void reportIngest(Supplier<IngestHealth> health) {
    this.ingest = health;
  }

  /** Adds a status of another part of the node (the MQTT bridge, the local audio) to each report. */
  public void report(Supplier<StatusReport> part) {
    parts.add(part);
  }

  /**
   * Adds the incompatible-QoS check to each report: a status whose key {@value #INCOMPATIBLE_QOS}
   * lists the remote endpoints whose QoS cannot match the node's (WARN while there are any), or
   * says why the check is unavailable.
   */
  public void reportQosCheck(IncompatibleQosMonitor monitor) {
    this.qosCheck = monitor;
  }

  /** Builds and publishes one report; returns it for logging and tests. */
  public synchronized DiagnosticArray publishOnce() {
    DiagnosticArray array = new DiagnosticArray();
    Stamps.set(array.getHeader().getStamp(), clock.nowNanos());
    DiagnosticStatus s = array.getStatus().add();
    s.setName(transport.identity().name() + ": inputs");
    s.setHardwareId(transport.identity().fullyQualifiedName());

    StringBuilder problems = new StringBuilder();
    for (InputHealth h : inputs.get()) {
      add(s, h.topic() + " publishers", Integer.toString(h.matchedPublishers()));
      add(s, h.topic() + " messages", Long.toString(h.received()));
      if (h.silentForS() >= noPublisherWarningS && h.matchedPublishers() == 0) {
        problems.append(problems.length() == 0 ? "" : "; ").append("no publisher on ").append(h.topic());
      }
    }
    long now = monotonicNanos.getAsLong();
    IngestHealth ingested = ingest.get();
    Map<String, Long> rejected = new TreeMap<>(transport.inputErrors().snapshot());
    rejected.putAll(ingested.rejected());
    rejected.forEach((k, v) -> add(s, "rejected: " + k, Long.toString(v)));
    List<RecentRises.Rise> recent = rejections.update(rejected, now);
    if (!recent.isEmpty()) {
      problems.append(problems.length() == 0 ? "" : "; ").append(recent.stream().mapToLong(RecentRises.Rise::recent)
          .sum()).append(" input samples rejected recently (").append(recent.stream()
          .map(r -> r.key() + ": " + r.recent()).collect(Collectors.joining(", "))).append(")");
    }
    audioLoss(s, ingested, now, problems);

    if (problems.length() == 0) {
      s.setLevel(DiagnosticStatus.OK);
      s.setMessage("inputs ok");
      warnedSilent = false;
    } else {
      s.setLevel(DiagnosticStatus.WARN);
      s.setMessage(truncate(problems.toString(), 1000));
      if (!warnedSilent && problems.indexOf("no publisher") >= 0) {
        LOG.warn("{} (check the topic names and that the publisher's QoS is compatible)", problems);
        warnedSilent = true;
      }
    }
    Supplier<ConversationHealth> c = conversation;
    if (c != null) {
      conversationStatus(array.getStatus().add(), c.get());
    }
    for (Supplier<StatusReport> part : parts) {
      partStatus(array.getStatus().add(), part.get());
    }
    IncompatibleQosMonitor q = qosCheck;
    if (q != null) {
      qosStatus(array.getStatus().add(), q);
    }
    publisher.publish(array);
    return array;
  }

  /** Gaps in the audio stream's stamps: audio that never arrived. WARN while recent. */
  private void audioLoss(DiagnosticStatus s, IngestHealth h, long now, StringBuilder problems) {
    add(s, AUDIO_GAPS, Long.toString(h.audioGapsFilled()));
    add(s, AUDIO_LOST_S, String.format(Locale.ROOT, "%.3f", h.audioGapNanos() / 1e9));
    add(s, AUDIO_RESTARTS, Long.toString(h.audioRestartsAfterGap()));
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(AUDIO_GAPS, h.audioGapsFilled());
    counts.put(AUDIO_LOST_S, h.audioGapNanos());
    counts.put(AUDIO_RESTARTS, h.audioRestartsAfterGap());
    Map<String, Long> recent = new LinkedHashMap<>();
    audioGaps.update(counts, now).forEach(r -> recent.put(r.key(), r.recent()));
    if (recent.containsKey(AUDIO_GAPS) || recent.containsKey(AUDIO_RESTARTS)) {
      String message = String.format(Locale.ROOT,
          "audio lost recently: %d gaps in the stream (%.3f s), %d restarts after a longer gap",
          recent.getOrDefault(AUDIO_GAPS, 0L), recent.getOrDefault(AUDIO_LOST_S, 0L) / 1e9,
          recent.getOrDefault(AUDIO_RESTARTS, 0L));
      problems.append(problems.length() == 0 ? "" : "; ").append(message);
      if (!warnedAudioLoss) {
        LOG.warn("{} (audio messages missing from the stream's stamps: lost in transport, best effort, or never sent)",
            message);
        warnedAudioLoss = true;
      }
    } else {
      warnedAudioLoss = false;
    }
  }

  private void conversationStatus(DiagnosticStatus s, ConversationHealth h) {
    s.setName(transport.identity().name() + ": conversation");
    s.setHardwareId(transport.identity().fullyQualifiedName());
    add(s, "units", Long.toString(h.units()));
    add(s, "speaking", Boolean.toString(h.speaking()));
    add(s, "last unit compute (s)", String.format(java.util.Locale.ROOT, "%.3f", h.lastComputeS()));
    add(s, "max unit compute (s)", String.format(java.util.Locale.ROOT, "%.3f", h.maxComputeS()));
    add(s, "budget (s)", String.format(java.util.Locale.ROOT, "%.3f", h.budgetS()));
    add(s, "units over budget", Long.toString(h.overBudgetUnits()));
    add(s, "queue depth", Integer.toString(h.queueDepth()));
    add(s, "dropped units", Long.toString(h.droppedUnits()));
    add(s, "failed units", Long.toString(h.failedUnits()));
    add(s, "kv cache tokens", Integer.toString(h.cacheTokens()));
    add(s, "time to first speech (s)", h.firstSpeechLatencyS() < 0 ? "n/a"
        : String.format(java.util.Locale.ROOT, "%.3f", h.firstSpeechLatencyS()));
    add(s, "barge-in stop time (s)", h.bargeInStopS() < 0 ? "n/a"
        : String.format(java.util.Locale.ROOT, "%.3f", h.bargeInStopS()));
    add(s, "timed out units", Long.toString(h.timedOutUnits()));
    add(s, "unit time limit (s)", String.format(java.util.Locale.ROOT, "%.1f", h.unitTimeoutS()));
    add(s, "stuck on current unit (s)", String.format(java.util.Locale.ROOT, "%.1f", h.stuckS()));
    add(s, "failed units in a row", Long.toString(h.failedInARow()));
    add(s, "last unit failure", h.lastFailure());
    add(s, "model failure", h.modelFailure());
    add(s, "refused watches", Long.toString(h.refusedWatches()));
    ConversationStatus status = ConversationStatus.of(h, lastFailed, keepingUp.behind(h, monotonicNanos.getAsLong()));
    s.setLevel(status.level());
    s.setMessage(truncate(status.message(), 1000));
    lastFailed = h.failedUnits();
  }

  private void qosStatus(DiagnosticStatus s, IncompatibleQosMonitor monitor) {
    s.setName(transport.identity().name() + ": qos");
    s.setHardwareId(transport.identity().fullyQualifiedName());
    java.util.Optional<String> unavailable = monitor.unavailable();
    if (unavailable.isPresent()) {
      add(s, INCOMPATIBLE_QOS, "unavailable: " + unavailable.get());
      s.setLevel(DiagnosticStatus.OK);
      s.setMessage(truncate("incompatible-QoS check unavailable: " + unavailable.get(), 1000));
      return;
    }
    List<QosIncompatibility> found = monitor.check();
    add(s, INCOMPATIBLE_QOS, found.isEmpty() ? "none"
        : found.stream().map(QosIncompatibility::describe).collect(java.util.stream.Collectors.joining("; ")));
    add(s, INCOMPATIBLE_QOS + " endpoints", Integer.toString(found.size()));
    add(s, INCOMPATIBLE_QOS + " warnings", Long.toString(monitor.warnings()));
    if (found.isEmpty()) {
      s.setLevel(DiagnosticStatus.OK);
      s.setMessage("no incompatible QoS");
    } else {
      s.setLevel(DiagnosticStatus.WARN);
      s.setMessage(truncate("incompatible QoS on " + found.stream().map(QosIncompatibility::topic).distinct()
          .collect(java.util.stream.Collectors.joining(", ")) + ": nothing is delivered between those endpoints", 1000));
    }
  }

  private void partStatus(DiagnosticStatus s, StatusReport r) {
    s.setName(transport.identity().name() + ": " + r.name());
    s.setHardwareId(r.hardwareId().isEmpty() ? transport.identity().fullyQualifiedName() : r.hardwareId());
    for (StatusReport.Value v : r.values()) {
      add(s, v.key(), v.value());
    }
    s.setLevel(switch (r.level()) {
      case OK -> DiagnosticStatus.OK;
      case WARN -> DiagnosticStatus.WARN;
      case ERROR -> DiagnosticStatus.ERROR;
    });
    s.setMessage(truncate(r.message(), 1000));
  }

  private static void add(DiagnosticStatus s, String key, String value) {
    if (s.getValues().size() >= 128) {
      return;
    }
    KeyValue kv = s.getValues().add();
    kv.setKey(truncate(key, 256));
    kv.setValue(truncate(value, 4096));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
