package org.duplexnode.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import javax.net.SocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bridge assembled from its settings: the on-disk {@link Outbox}, a {@link BrokerLink}
 * with Paho's MQTT 5 or 3.1.1 client (TLS from PEM files when the URL is ssl://), the JSON
 * {@link PayloadCodec} and the counters. {@code sinks.MqttSink} feeds it; {@code
 * sources.MqttCommandSource} takes commands from it.
 *
 * <p>Failure: bad TLS files or an unusable outbox folder stop start-up with a message naming them;
 * once started, nothing the broker does reaches the caller (see {@link BrokerLink}).
 */
public final class MqttBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);

  private final MqttSettings settings;
  private final Outbox outbox;
  private final BrokerLink link;
  private final PayloadCodec codec;
  private final AtomicLong inboundAccepted = new AtomicLong();
  private final Map<String, LongAdder> inboundRejected = new ConcurrentHashMap<>();

  private MqttBridge(MqttSettings settings, Outbox outbox, BrokerLink link, PayloadCodec codec) {
    this.settings = settings;
    this.outbox = outbox;
    this.link = link;
    this.codec = codec;
  }

  /** Opens the outbox and prepares the connection; nothing is sent before {@link #start()}. */
  public static MqttBridge open(MqttSettings s) throws IOException {
    SocketFactory sockets = s.tls() ? TlsContexts.socketFactory(s.caFile(), s.certFile(), s.keyFile()) : null;
    Outbox outbox = Outbox.open(s.outboxDir(), s.outboxMaxEvents(), s.outboxMaxBytes());
    PayloadCodec codec = new PayloadCodec(s.robotId());
    BrokerLink.ClientFactory clients = () -> s.protocol() == 3 ? new Paho3Client(s, sockets, BrokerLink.WINDOW + 10)
        : new Paho5Client(s, sockets);
    BrokerLink link = new BrokerLink(clients, outbox, s.topics().status(), codec.status(true), codec.status(false),
        new Backoff(s.reconnectMinS(), s.reconnectMaxS(), () -> ThreadLocalRandom.current().nextDouble()), s.url());
    return new MqttBridge(s, outbox, link, codec);
  }

  /** Subscribes the command topics on every connect; call before {@link #start()}. */
  public void onCommands(List<String> topics, BrokerClient.InboundHandler handler) {
    link.subscribe(topics, handler);
  }

  public MqttBridge start() {
    LOG.info("mqtt bridge: {}", settings);
    link.start();
    return this;
  }

  public MqttSettings settings() {
    return settings;
  }

  public MqttTopics topics() {
    return settings.topics();
  }

  public PayloadCodec codec() {
    return codec;
  }

  /** Queues a message (events, transcripts) at the configured QoS; never blocks on the broker. */
  public long enqueue(String topic, LongFunction<byte[]> payload) {
    return outbox.append(topic, settings.qos(), payload);
  }

  /** The newest value of a retained topic (state, watch list). */
  public void setLatest(String topic, byte[] payload, int qos) {
    link.setLatest(topic, payload, qos);
  }

  /** A reply or error for a command, at QoS 1, if connected (commands only arrive while connected). */
  public void answer(String topic, byte[] payload) {
    link.publishNow(topic, payload, 1);
  }

  public void countAccepted() {
    inboundAccepted.incrementAndGet();
  }

  public void countRejected(String reason) {
    inboundRejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
  }

  public MqttStatus status() {
    Map<String, Long> rejected = new TreeMap<>();
    inboundRejected.forEach((k, v) -> rejected.put(k, v.sum()));
    return new MqttStatus(settings.url(), link.connected(), link.published(), outbox.size(), outbox.bytes(),
        outbox.dropped(), link.refused(), outbox.writeErrors(), link.reconnects(), inboundAccepted.get(), rejected,
        link.lastError());
  }

  /** Sends what it can within a second, says "offline", disconnects; the rest waits in the outbox. */
  @Override
  public void close() {
    link.close(1000);
    outbox.close();
    LOG.info("{}", status().summary());
  }
}
