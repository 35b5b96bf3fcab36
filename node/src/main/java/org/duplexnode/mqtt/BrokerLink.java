package org.duplexnode.mqtt;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own thread: keeps a connection to the broker and empties the {@link Outbox} into it.
 *
 * <pre>
 *   producers ─▶ Outbox (disk) ─▶ link thread ─▶ BrokerClient ─▶ broker
 *                                   ▲   │ PUBACK (in order) ─▶ Outbox.acknowledge
 *   latest values (state, watches) ─┘   └ on connect: status "online", subscriptions, latest values
 * </pre>
 *
 * <p>Delivery: up to {@link #WINDOW} messages are in flight; the outbox forgets a message only when
 * it and every earlier one were acknowledged. When the connection fails, the client is closed, the
 * link waits ({@link Backoff}) and connects a fresh one, then sends again from the first
 * unacknowledged message: each message reaches the broker at least once, and the first copies
 * arrive in outbox order (the broker receives a prefix of each connection's stream).
 *
 * <p>Latest values (retained state and watch list) are not queued: the newest of each is sent when
 * it changes and again after every connect.
 *
 * <p>Failure: connect errors are logged when they change and retried forever with backoff; a
 * message the broker refuses (MQTT 5 reason code) is counted as refused and not retried.
 */
public final class BrokerLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerLink.class);
  /**
   * Outbox messages in flight. MQTT 5 clients may not exceed the broker's receive maximum
   * (mosquitto: 20) with all their publishes together; this leaves room for replies, state and status.
   */
  static final int WINDOW = 10;
  private static final long SYNC_PERIOD_MS = 200;

  /** Makes a fresh client per connection attempt. */
  public interface ClientFactory {
    BrokerClient create() throws BrokerClient.BrokerException;
  }

  private record Latest(byte[] payload, int qos) {}

  private final ClientFactory factory;
  private final Outbox outbox;
  private final BrokerClient.Will will;
  private final String statusTopic;
  private final byte[] online;
  private final byte[] offline;
  private final Backoff backoff;
  private final String url;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Long> inflight = new ArrayDeque<>();
  private final Set<Long> completed = new HashSet<>();
  private final Map<String, Latest> latest = new LinkedHashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private final Thread thread;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile List<String> subscriptions = List.of();
  private volatile BrokerClient.InboundHandler inbound = (t, p) -> { };
  private volatile BrokerClient client;
  private volatile boolean running = true;
  private volatile String lastError = "";
  private boolean lost;
  private long generation;
  private long cursor;
  private boolean everConnected;

  public BrokerLink(ClientFactory factory, Outbox outbox, String statusTopic, byte[] online, byte[] offline,
                    Backoff backoff, String url) {
    this.factory = factory;
    this.outbox = outbox;
    this.statusTopic = statusTopic;
    this.online = online;
    this.offline = offline;
    this.will = new BrokerClient.Will(statusTopic, offline);
    this.backoff = backoff;
    this.url = url;
    this.thread = new Thread(this::run, "mqtt-link");
    this.thread.setDaemon(true);
    outbox.onAppend(this::wake);
  }

  /** Subscribes these topics on every connect; call before {@link #start()}. */
  public void subscribe(List<String> topics, BrokerClient.InboundHandler handler) {
    this.subscriptions = List.copyOf(topics);
    this.inbound = handler;
  }

  public BrokerLink start() {
    thread.start();
    return this;
  }

  /** Sets the newest value of a retained topic; sent now if connected, else after the next connect. */
  public void setLatest(String topic, byte[] payload, int qos) {
    lock.lock();
    try {
      latest.put(topic, new Latest(payload, qos));
      dirty.add(topic);
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Publishes now, not through the outbox (replies to commands); false when not connected. */
  public boolean publishNow(String topic, byte[] payload, int qos) {
    BrokerClient c = client;
    if (c == null || !c.isConnected()) {
      return false;
    }
    c.publish(topic, payload, qos, false);
    return true;
  }

  public boolean connected() {
    BrokerClient c = client;
    return c != null && c.isConnected();
  }

  public long published() {
    return published.get();
  }

  public long refused() {
    return refused.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public String lastError() {
    return lastError;
  }

  public String url() {
    return url;
  }

  private void wake() {
    lock.lock();
    try {
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long lastSync = System.nanoTime();
    while (running) {
      try {
        if (client == null && !connect()) {
          continue;
        }
        List<Map.Entry<String, Latest>> toSend = List.of();
        lock.lock();
        try {
          while (running && !lost && dirty.isEmpty() && (inflight.size() >= WINDOW || outbox.after(cursor) == null)
              && System.nanoTime() - lastSync < SYNC_PERIOD_MS * 1_000_000) {
            changed.await(SYNC_PERIOD_MS, TimeUnit.MILLISECONDS);
          }
          if (lost) {
            lost = false;
            dropClient("connection lost");
            continue;
          }
          if (!dirty.isEmpty()) {
            toSend = latest.entrySet().stream().filter(e -> dirty.contains(e.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
            dirty.clear();
          }
        } finally {
          lock.unlock();
        }
        for (Map.Entry<String, Latest> e : toSend) {
          client.publish(e.getKey(), e.getValue().payload(), e.getValue().qos(), true);
        }
        sendWindow();
        if (System.nanoTime() - lastSync >= SYNC_PERIOD_MS * 1_000_000) {
          outbox.sync();
          lastSync = System.nanoTime();
        }
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.error("mqtt link: unexpected {}; reconnecting", e.toString(), e);
        dropClient(e.toString());
      }
    }
  }

  private void sendWindow() {
    while (true) {
      OutboxEntry e;
      long gen;
      lock.lock();
      try {
        if (lost || inflight.size() >= WINDOW || (e = outbox.after(cursor)) == null) {
          return;
        }
        inflight.addLast(e.seq());
        cursor = e.seq();
        gen = generation;
      } finally {
        lock.unlock();
      }
      long seq = e.seq();
      CompletableFuture<Void> f = client.publish(e.topic(), e.payload(), e.qos(), false);
      f.whenComplete((v, err) -> completed(gen, seq, err));
    }
  }

  private void completed(long gen, long seq, Throwable err) {
    lock.lock();
    try {
      if (gen != generation) {
        return; // a completion from a connection already given up
      }
      Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
      if (cause instanceof BrokerClient.BrokerException b && b.permanent()) {
        refused.incrementAndGet();
        LOG.warn("{}; the message (outbox #{}) is dropped", b.getMessage(), seq);
      } else if (cause != null) {
        lost = true;
        changed.signal();
        return;
      } else {
        published.incrementAndGet();
      }
      completed.add(seq);
      long last = -1;
      while (!inflight.isEmpty() && completed.remove(inflight.peekFirst())) {
        last = inflight.pollFirst();
      }
      if (last >= 0) {
        outbox.acknowledge(last);
      }
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private boolean connect() throws InterruptedException {
    BrokerClient c = null;
    try {
      c = factory.create();
      c.connect(will, this::onLost);
      if (!subscriptions.isEmpty()) {
        c.subscribe(subscriptions, inbound);
      }
      c.publish(statusTopic, online, 1, true);
    } catch (BrokerClient.BrokerException e) {
      if (c != null) {
        c.close();
      }
      if (!running) {
        return false; // interrupted by close()
      }
      if (!e.getMessage().equals(lastError)) {
        LOG.warn("mqtt: {}; retrying with backoff", e.getMessage());
      }
      lastError = e.getMessage();
      long delay = backoff.nextDelayMs() * (e.permanent() ? 4 : 1);
      lock.lock();
      try {
        if (running) {
          changed.await(delay, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
      return false;
    }
    lock.lock();
    try {
      generation++;
      inflight.clear();
      completed.clear();
      lost = false;
      cursor = outbox.doneSeq();
      dirty.addAll(latest.keySet());
      client = c;
    } finally {
      lock.unlock();
    }
    backoff.reset();
    if (everConnected) {
      reconnects.incrementAndGet();
    }
    everConnected = true;
    lastError = "";
    LOG.info("mqtt: connected to {}; {} messages waiting in the outbox", url, outbox.size());
    return true;
  }

  private void onLost() {
    lock.lock();
    try {
      lost = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  private void dropClient(String why) {
    BrokerClient c = client;
    client = null;
    lock.lock();
    try {
      generation++;
      inflight.clear();
      completed.clear();
    } finally {
      lock.unlock();
    }
    if (c != null) {
      LOG.warn("mqtt: {} ({}); reconnecting", why, url);
      lastError = why;
      c.close();
    }
  }

  /**
   * Stops: waits up to {@code drainMs} for the outbox to empty if connected, publishes "offline"
   * (the will is only for unexpected loss), disconnects and syncs the outbox.
   */
  public void close(long drainMs) {
    long deadline = System.nanoTime() + drainMs * 1_000_000;
    while (connected() && outbox.size() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    BrokerClient c = client;
    client = null;
    if (c != null) {
      if (c.isConnected()) {
        try {
          c.publish(statusTopic, offline, 1, true).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
          LOG.debug("mqtt: offline status not confirmed: {}", e.toString());
        }
        c.disconnect(2000);
      }
      c.close();
    }
    outbox.sync();
  }

  @Override
  public void close() {
    close(1000);
  }
}
