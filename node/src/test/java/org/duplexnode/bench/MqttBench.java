package org.duplexnode.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.mqtt.MqttBridge;
import org.duplexnode.mqtt.MqttSettings;
import org.duplexnode.mqtt.MqttSink;
import org.duplexnode.mqtt.MqttStatus;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.MosquittoBroker;
import org.duplexnode.testing.RecordingSubscriber;

/**
 * The MQTT bridge under load: events at a fixed rate from one thread (as the model thread makes
 * them) through {@link MqttSink}, the on-disk outbox and Paho MQTT 5 to Debian's mosquitto on
 * loopback, and a subscriber in the same process. Latency is publish-to-receive: from the
 * moment the sink is handed the event to the moment the subscriber's callback has it (one clock,
 * {@link System#nanoTime()}). Also reports how long the sink call itself took (what the model
 * thread pays). Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl node -am test-compile exec:exec@mqtt-bench "-DmqttBench=RATE SECONDS"}
 */
public final class MqttBench {
  private MqttBench() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int total = rate * seconds;
    Path work = Files.createTempDirectory("mqtt-bench");
    try (MosquittoBroker broker = MosquittoBroker.start(work.resolve("broker"), MosquittoBroker.Options.plain());
         RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), "robots/bench/duplex/events",
             false)) {
      MqttBridge bridge = MqttBridge.open(settings(broker.url(), work.resolve("outbox"))).start();
      Await.until("the bridge to connect", Duration.ofSeconds(30), () -> bridge.status().connected());
      MqttSink sink = new MqttSink(bridge, "microphone_link");
      warmUp(sink, dashboard, rate);
      int before = dashboard.messages().size();
      Map<String, Long> sentAt = new HashMap<>(total * 2);
      long[] sinkNs = new long[total];
      long start = System.nanoTime();
      long period = 1_000_000_000L / rate;
      for (int i = 0; i < total; i++) {
        long due = start + i * period;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        ProactiveAlert a = event(i);
        long t0 = System.nanoTime();
        sentAt.put(a.eventId(), t0);
        sink.publish(a);
        sinkNs[i] = System.nanoTime() - t0;
      }
      double producedS = (System.nanoTime() - start) / 1e9;
      Await.until("all events at the subscriber", Duration.ofSeconds(120),
          () -> dashboard.messages().size() - before >= total);
      MqttStatus status = bridge.status();
      bridge.close();

      long[] latency = new long[total];
      int n = 0;
      for (RecordingSubscriber.Message m : dashboard.messages().subList(before, dashboard.messages().size())) {
        Long sent = sentAt.remove(m.json().get("event_id").asText());
        if (sent != null) {
          latency[n++] = m.receivedNs() - sent;
        }
      }
      latency = Arrays.copyOf(latency, n);
      Arrays.sort(latency);
      Arrays.sort(sinkNs);
      System.out.printf(Locale.ROOT, "%d events at %d/s for %d s (produced in %.2f s); %d distinct received, "
          + "%d published, %d dropped, %d reconnects%n%n", total, rate, seconds, producedS, n, status.published(),
          status.dropped(), status.reconnects());
      System.out.println("| measure | p50 | p90 | p99 | max |");
      System.out.println("|---|---|---|---|---|");
      row("publish-to-receive latency (ms)", latency);
      row("sink call on the producer thread (ms)", sinkNs);
    }
  }

  private static void row(String name, long[] sorted) {
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", name, pct(sorted, 0.50), pct(sorted, 0.90),
        pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Two seconds at the rate, not measured: JIT, connections and the outbox's first segment. */
  private static void warmUp(MqttSink sink, RecordingSubscriber dashboard, int rate) {
    int count = 2 * rate;
    for (int i = 0; i < count; i++) {
      sink.publish(event(-1 - i));
      LockSupport.parkNanos(1_000_000_000L / rate);
    }
    Await.until("the warm-up events", Duration.ofSeconds(60), () -> dashboard.messages().size() >= count);
  }

  private static ProactiveAlert event(int i) {
    long stamp = 1_700_000_000_000_000_000L + i * 1_000_000L;
    return new ProactiveAlert("bench-" + i, "utterance", "The traffic light in front of the robot turned green.",
        "light", "the traffic light turns green", i, i, "camera_color_optical_frame", stamp - 40_000_000L, stamp, 0.3);
  }

  private static MqttSettings settings(String url, Path outbox) {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    JsonNodeFactory f = JsonNodeFactory.instance;
    p.set(NodeParameters.MQTT_URL, f.textNode(url), "bench");
    p.set(NodeParameters.MQTT_ROBOT_ID, f.textNode("bench"), "bench");
    p.set(NodeParameters.MQTT_OUTBOX_DIR, f.textNode(outbox.toString()), "bench");
    return MqttSettings.from(p);
  }
}
