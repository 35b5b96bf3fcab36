package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.duplexnode.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link's delivery rules over a scripted client: resend from the first unacknowledged, skip refusals. */
@Tag("unit")
class MqttLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;

  /** A client whose publishes succeed unless {@code fails} or {@code refuses} says otherwise; records them. */
  static final class ScriptedClient implements BrokerClient {
    final List<String> published = new CopyOnWriteArrayList<>();
    private final Predicate<String> fails;
    private final Predicate<String> refuses;
    private volatile boolean connected;
    private volatile Runnable onLost = () -> { };

    ScriptedClient(Predicate<String> fails, Predicate<String> refuses) {
      this.fails = fails;
      this.refuses = refuses;
    }

    @Override
    public void connect(Will will, Runnable lost) {
      connected = true;
      onLost = lost;
    }

    @Override
    public boolean isConnected() {
      return connected;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
      String text = new String(payload, StandardCharsets.UTF_8);
      published.add(text);
      if (refuses.test(text)) {
        return CompletableFuture.failedFuture(new BrokerException("refused " + text, true, null));
      }
      if (fails.test(text)) {
        connected = false;
        onLost.run();
        return CompletableFuture.failedFuture(new BrokerException("lost at " + text, false, null));
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void subscribe(List<String> topics, InboundHandler handler) { }

    @Override
    public void disconnect(long timeoutMs) {
      connected = false;
    }

    @Override
    public void close() {
      connected = false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void afterALostConnectionSendingResumesAtTheFirstUnacknowledgedMessage() throws Exception {
    List<ScriptedClient> clients = new CopyOnWriteArrayList<>();
    try (Outbox outbox = Outbox.open(dir, 1000, 1 << 20)) {
      BrokerLink link = new BrokerLink(() -> {
        ScriptedClient c = new ScriptedClient(clients.isEmpty() ? t -> t.equals("m3") : t -> false, t -> false);
        clients.add(c);
        return c;
      }, outbox, "s", utf8("online"), utf8("offline"), new Backoff(0.01, 0.02, () -> 0.5), "scripted");
      for (int i = 1; i <= 6; i++) {
        int n = i;
        outbox.append("t", 1, seq -> utf8("m" + n));
      }
      link.start();
      Await.until("all acknowledged", WAIT, () -> outbox.size() == 0);
      link.close(0);
      assertThat(clients).hasSizeGreaterThanOrEqualTo(2);
      assertThat(clients.get(0).published).startsWith("online", "m1", "m2", "m3");
      assertThat(clients.get(1).published).as("m1 and m2 were acknowledged; m3 is sent again first")
          .startsWith("online", "m3", "m4", "m5", "m6");
      assertThat(link.published()).isGreaterThanOrEqualTo(6);
      assertThat(link.reconnects()).isEqualTo(1);
    }
  }

  @Test
  void aMessageTheBrokerRefusesIsCountedAndDoesNotBlockTheRest() throws Exception {
    ScriptedClient client = new ScriptedClient(t -> false, t -> t.equals("forbidden"));
    try (Outbox outbox = Outbox.open(dir, 1000, 1 << 20)) {
      BrokerLink link = new BrokerLink(() -> client, outbox, "s", utf8("online"), utf8("offline"),
          new Backoff(0.01, 0.02, () -> 0.5), "scripted");
      outbox.append("t", 1, seq -> utf8("a"));
      outbox.append("t", 1, seq -> utf8("forbidden"));
      outbox.append("t", 1, seq -> utf8("b"));
      link.start();
      Await.until("the outbox to empty", WAIT, () -> outbox.size() == 0);
      link.close(0);
      assertThat(client.published).containsSubsequence("a", "forbidden", "b");
      assertThat(client.published).filteredOn(t -> t.equals("forbidden")).hasSize(1);
      assertThat(link.refused()).isEqualTo(1);
      assertThat(link.published()).isEqualTo(2);
    }
  }

  @Test
  void latestValuesAreSentRetainedAgainAfterEachConnect() throws Exception {
    List<ScriptedClient> clients = new CopyOnWriteArrayList<>();
    try (Outbox outbox = Outbox.open(dir, 1000, 1 << 20)) {
      BrokerLink link = new BrokerLink(() -> {
        ScriptedClient c = new ScriptedClient(clients.isEmpty() ? t -> t.equals("boom") : t -> false, t -> false);
        clients.add(c);
        return c;
      }, outbox, "s", utf8("online"), utf8("offline"), new Backoff(0.01, 0.02, () -> 0.5), "scripted");
      link.setLatest("state", utf8("state-1"), 0);
      link.start();
      Await.until("the first state", WAIT, () -> !clients.isEmpty() && clients.get(0).published.contains("state-1"));
      link.setLatest("state", utf8("state-2"), 0);
      outbox.append("t", 1, seq -> utf8("boom"));
      Await.until("a second connection with the newest state", WAIT,
          () -> clients.size() >= 2 && clients.get(1).published.contains("state-2"));
      link.close(0);
      assertThat(clients.get(1).published).doesNotContain("state-1");
    }
  }
}
