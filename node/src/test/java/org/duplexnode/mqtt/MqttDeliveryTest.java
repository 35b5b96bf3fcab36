package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.MosquittoBroker;
import org.duplexnode.testing.RecordingSubscriber;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery through broker and node restarts: every event id reaches a subscriber
 * with a persistent session, and the first copies arrive in the order the node made them.
 */
@Tag("interop")
class MqttDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String EVENTS = "robots/r1/duplex/events";

  @TempDir Path dir;

  /** The event ids in the order of their first arrival; duplicates (at least once) are allowed. */
  private static List<String> firstArrivals(RecordingSubscriber s) {
    Set<String> seen = new LinkedHashSet<>();
    for (RecordingSubscriber.Message m : s.on(EVENTS)) {
      seen.add(m.json().get("event_id").asText());
    }
    return new ArrayList<>(seen);
  }

  private static List<String> ids(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("ev-" + i);
    }
    return out;
  }

  @Test
  void theBrokerStoppedAndRestartedMidStreamLosesNoEvent() throws Exception {
    int total = 600;
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.plain());
         RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), EVENTS, true)) {
      MqttBridge bridge = MqttBridge.open(MqttTestSettings.of(broker.url(), dir.resolve("outbox")).build()).start();
      try {
        Await.until("the bridge to connect", WAIT, () -> bridge.status().connected());
        MqttSink sink = new MqttSink(bridge, "mic");
        for (int i = 0; i < total; i++) {
          sink.publish(MqttBridgeTest.alert(i));
          if (i == 200) {
            Await.until("some events through", WAIT, () -> dashboard.on(EVENTS).size() >= 50);
            broker.stop();
          }
          if (i == 400) {
            assertThat(bridge.status().connected()).isFalse();
            broker.start();
          }
          Thread.sleep(1);
        }
        Await.until("all " + total + " events", WAIT, () -> firstArrivals(dashboard).size() >= total);
        assertThat(firstArrivals(dashboard)).as("every id, first copies in order").isEqualTo(ids(0, total));
        Await.until("the outbox to empty", WAIT, () -> bridge.status().queued() == 0);
        assertThat(bridge.status().reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(bridge.status().dropped()).isZero();
      } finally {
        bridge.close();
      }
    }
  }

  @Test
  void eventsQueuedBeforeANodeRestartAreDeliveredAfterIt() throws Exception {
    MosquittoBroker broker = MosquittoBroker.prepare(dir.resolve("broker"), MosquittoBroker.Options.plain());
    try {
      MqttTestSettings settings = MqttTestSettings.of(broker.url(), dir.resolve("outbox"));
      try (MqttBridge down = MqttBridge.open(settings.build()).start()) {
        MqttSink sink = new MqttSink(down, "mic");
        for (int i = 0; i < 100; i++) {
          sink.publish(MqttBridgeTest.alert(i));
        }
        assertThat(down.status().connected()).isFalse();
        assertThat(down.status().queued()).isEqualTo(100);
      }
      broker.start();
      try (RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), EVENTS, false);
           MqttBridge restarted = MqttBridge.open(settings.build()).start()) {
        assertThat(restarted.status().queued()).as("read back from the disk").isEqualTo(100);
        new MqttSink(restarted, "mic").publish(MqttBridgeTest.alert(100));
        Await.until("101 events", WAIT, () -> firstArrivals(dashboard).size() >= 101);
        assertThat(firstArrivals(dashboard)).isEqualTo(ids(0, 101));
        assertThat(dashboard.on(EVENTS).get(100).json().get("seq").asLong()).as("numbering goes on").isEqualTo(101);
        Await.until("the outbox to empty", WAIT, () -> restarted.status().queued() == 0);
      }
      try (MqttBridge third = MqttBridge.open(settings.build())) {
        assertThat(third.status().queued()).as("delivered messages are not sent again").isZero();
      }
    } finally {
      broker.close();
    }
  }
}
