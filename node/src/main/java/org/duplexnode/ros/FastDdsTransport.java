package org.duplexnode.ros;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsException;
import org.duplexnode.config.RosNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.common.SampleInfo;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.publisher.PublisherListener;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * The production {@link RosTransport}: one DDS participant over Fast-DDS (through ihmc-pub-sub),
 * with ROS 2's topic mangling, explicit QoS on every endpoint, and {@code ros_discovery_info}
 * announcements so that ROS 2 tools list the node.
 */
public final class FastDdsTransport implements RosTransport {
  private static final Logger LOG = LoggerFactory.getLogger(FastDdsTransport.class);

  private final NodeIdentity identity;
  private final List<RosArgs.Remap> remaps;
  private final Domain domain;
  private final Participant participant;
  private final InputErrorCounter inputErrors = new InputErrorCounter();
  private final List<Guid> readers = new CopyOnWriteArrayList<>();
  private final List<Guid> writers = new CopyOnWriteArrayList<>();
  private final List<LocalEndpoint> endpoints = new CopyOnWriteArrayList<>();
  private final int domainId;
  private final List<InetAddress> interfaces;
  private final GraphAnnouncer announcer;
  private final GidLayout gidLayout;
  private volatile boolean closed;

  /**
   * @param domainId the DDS domain (ROS_DOMAIN_ID)
   * @param interfaces addresses to bind to; empty for all interfaces
   */
  public FastDdsTransport(NodeIdentity identity, RosArgs args, int domainId, List<InetAddress> interfaces) {
    this(identity, args, domainId, interfaces, GidLayout.of(""));
  }

  /**
   * As above, announcing the node on {@code ros_discovery_info} in {@code layout} (the robot's ROS
   * distribution's: Humble's 24-byte gids or Iron's 16).
   */
  public FastDdsTransport(NodeIdentity identity, RosArgs args, int domainId, List<InetAddress> interfaces,
                          GidLayout layout) {
    this.identity = identity;
    this.gidLayout = layout;
    this.remaps = args.remaps();
    this.domainId = domainId;
    this.interfaces = List.copyOf(interfaces);
    this.domain = DomainFactory.getDomain(DomainFactory.PubSubImplementation.FAST_RTPS);
    boolean shm = !"true".equalsIgnoreCase(System.getenv("ROS_DISABLE_SHARED_MEMORY_TRANSPORT"));
    ParticipantProfile profile = ParticipantProfiles.udp(domainId, shm, interfaces).name(identity.name());
    try {
      this.participant = domain.createParticipant(profile);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a DDS participant in domain " + domainId + ": " + e.getMessage(), e);
    }
    this.announcer = new GraphAnnouncer(this, identity, participant.getGuid());
    LOG.info("ROS 2 node {} joined DDS domain {} (participant {}; ros_discovery_info with {}-byte gids)",
        identity.fullyQualifiedName(), domainId, participant.getGuid(), layout.bytes());
  }

  /** A transport configured from the environment: ROS_DOMAIN_ID (default 0), all interfaces. */
  public static FastDdsTransport fromEnvironment(NodeIdentity identity, RosArgs args) {
    return new FastDdsTransport(identity, args, domainIdFromEnvironment(), List.of());
  }

  public static int domainIdFromEnvironment() {
    String v = System.getenv("ROS_DOMAIN_ID");
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      int id = Integer.parseInt(v.trim());
      if (id < 0 || id > 232) {
        throw new RosArgsException("ROS_DOMAIN_ID must be 0..232, got " + v);
      }
      return id;
    } catch (NumberFormatException e) {
      throw new RosArgsException("ROS_DOMAIN_ID must be an integer, got '" + v + "'");
    }
  }

  @Override
  public NodeIdentity identity() {
    return identity;
  }

  @Override
  public String resolve(String topicName) {
    return RosNames.resolve(topicName, identity.namespace(), identity.name(), remaps);
  }

  @Override
  public InputErrorCounter inputErrors() {
    return inputErrors;
  }

  @Override
  public GidLayout gidLayout() {
    return gidLayout;
  }

  /** rmw's gid of this node's participant (its 16 GUID bytes). */
  byte[] participantGid() {
    rmw_dds_common.msg.dds.Gid gid = new rmw_dds_common.msg.dds.Gid();
    GraphAnnouncer.copy(participant.getGuid(), gid);
    return gid.getData().clone();
  }

  /** The DDS domain the node joined. */
  public int domainId() {
    return domainId;
  }

  /** The addresses DDS is limited to; empty for all interfaces. */
  public List<InetAddress> interfaces() {
    return interfaces;
  }

  /** The GUID of the node's participant, 32 hex digits (as {@link RemoteEndpoint} spells GUIDs). */
  public String participantGuid() {
    return java.util.HexFormat.of().formatHex(participantGid());
  }

  /** Every DDS endpoint the node has created so far, with its wire topic name and QoS. */
  public List<LocalEndpoint> localEndpoints() {
    return List.copyOf(endpoints);
  }

  List<Guid> readerGuids() {
    return List.copyOf(readers);
  }

  List<Guid> writerGuids() {
    return List.copyOf(writers);
  }

  @Override
  public <T> RosPublisher<T> advertise(TopicSpec<T> spec) {
    RosPublisher<T> p = createPublisher(spec);
    announcer.announce();
    return p;
  }

  /** A publisher that is not listed in the node's graph entities (used for ros_discovery_info itself). */
  <T> RosPublisher<T> createPublisher(TopicSpec<T> spec) {
    String topic = spec.ddsName() ? spec.name() : resolve(spec.name());
    TopicDataType<T> type = register(spec.type());
    PublisherAttributes attrs = PublisherAttributes.create();
    qos(attrs, spec, topic, type);
    DdsPublisher<T> pub = new DdsPublisher<>(topic);
    try {
      pub.publisher = domain.createPublisher(participant, attrs, pub);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot advertise " + topic + " [" + spec.rosType() + "]: " + e.getMessage(), e);
    }
    if (!spec.ddsName()) {
      writers.add(pub.publisher.getGuid());
    }
    endpoints.add(new LocalEndpoint(attrs.getTopicName(), type.getName(), EndpointKind.WRITER, EndpointQos.of(spec.qos())));
    LOG.debug("advertised {} [{}] qos {}", topic, spec.rosType(), spec.qos());
    return pub;
  }

  @Override
  public <T> RosSubscription subscribe(TopicSpec<T> spec, MessageHandler<T> handler) {
    String topic = spec.ddsName() ? spec.name() : resolve(spec.name());
    TopicDataType<T> type = register(spec.type());
    SubscriberAttributes attrs = SubscriberAttributes.create();
    qos(attrs, spec, topic, type);
    OversizeGuard.apply(attrs);
    DdsSubscription<T> sub = new DdsSubscription<>(topic, type.createData(), handler, null);
    try {
      sub.subscriber = domain.createSubscriber(participant, attrs, sub);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot subscribe " + topic + " [" + spec.rosType() + "]: " + e.getMessage(), e);
    }
    endpoints.add(new LocalEndpoint(attrs.getTopicName(), type.getName(), EndpointKind.READER, EndpointQos.of(spec.qos())));
    if (!spec.ddsName()) {
      readers.add(sub.subscriber.getGuid());
      announcer.announce();
    }
    LOG.debug("subscribed {} [{}] qos {}", topic, spec.rosType(), spec.qos());
    return sub;
  }

  /**
   * A writer on a DDS topic named in full, with a type written by hand rather than generated
   * from a .msg file: the reply half of a service ({@code rr/...Reply}). Listed in the node's
   * graph entities like a topic's writer.
   *
   * @param heartbeat how often the writer announces its sequence numbers to reliable readers
   */
  public <T> DdsWriter<T> advertiseDds(String ddsTopic, TopicDataType<T> type, QosProfile qos,
      java.time.Duration heartbeat) {
    registerType(type);
    PublisherAttributes attrs = PublisherAttributes.create();
    qos(attrs, qos, ddsTopic, type);
    attrs.heartBeatPeriod(new us.ihmc.pubsub.common.Time((int) heartbeat.getSeconds(), heartbeat.getNano()));
    DdsPublisher<T> pub = new DdsPublisher<>(ddsTopic);
    try {
      pub.publisher = domain.createPublisher(participant, attrs, pub);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot advertise " + ddsTopic + " [" + type.getName() + "]: " + e.getMessage(), e);
    }
    writers.add(pub.publisher.getGuid());
    endpoints.add(new LocalEndpoint(ddsTopic, type.getName(), EndpointKind.WRITER, EndpointQos.of(qos)));
    announcer.announce();
    return pub;
  }

  /**
   * The reading counterpart of {@link #advertiseDds}: the request half of a service
   * ({@code rq/...Request}); the handler also gets each sample's info (who wrote it).
   */
  public <T> RosSubscription subscribeDds(String ddsTopic, TopicDataType<T> type, QosProfile qos,
      DdsSampleHandler<T> handler) {
    registerType(type);
    SubscriberAttributes attrs = SubscriberAttributes.create();
    qos(attrs, qos, ddsTopic, type);
    OversizeGuard.apply(attrs);
    DdsSubscription<T> sub = new DdsSubscription<>(ddsTopic, type.createData(), null, handler);
    try {
      sub.subscriber = domain.createSubscriber(participant, attrs, sub);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot subscribe " + ddsTopic + " [" + type.getName() + "]: " + e.getMessage(), e);
    }
    readers.add(sub.subscriber.getGuid());
    endpoints.add(new LocalEndpoint(ddsTopic, type.getName(), EndpointKind.READER, EndpointQos.of(qos)));
    announcer.announce();
    return sub;
  }

  private void registerType(TopicDataType<?> type) {
    synchronized (participant) {
      if (domain.getRegisteredType(participant, type.getName()) == null) {
        domain.registerType(participant, type);
      }
    }
  }

  private <T> TopicDataType<T> register(Class<T> messageClass) {
    TopicDataType<T> type = pubSubType(messageClass);
    synchronized (participant) {
      if (domain.getRegisteredType(participant, type.getName()) == null) {
        domain.registerType(participant, type);
      }
    }
    return type;
  }

  /** The generated {@code <Type>PubSubType} beside a generated message class. */
  @SuppressWarnings("unchecked")
  static <T> TopicDataType<T> pubSubType(Class<T> messageClass) {
    String name = messageClass.getName() + "PubSubType";
    try {
      return (TopicDataType<T>) Class.forName(name, true, messageClass.getClassLoader())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(messageClass.getName() + " is not a generated message class (no " + name + ")", e);
    }
  }

  private static <A extends CommonAttributes<A>> void qos(A attrs, TopicSpec<?> spec, String topic, TopicDataType<?> type) {
    qos(attrs, spec.qos(), spec.ddsName() ? topic : RosNames.ddsTopic(topic), type);
  }

  private static <A extends CommonAttributes<A>> void qos(A attrs, QosProfile q, String ddsTopic, TopicDataType<?> type) {
    attrs.topicDataType(type);
    attrs.topicName(ddsTopic);
    attrs.reliabilityKind(q.reliability() == QosProfile.Reliability.RELIABLE
        ? ReliabilityQosKindPolicyType.RELIABLE : ReliabilityQosKindPolicyType.BEST_EFFORT);
    attrs.durabilityKind(q.durability() == QosProfile.Durability.TRANSIENT_LOCAL
        ? DurabilityQosKindPolicyType.TRANSIENT_LOCAL : DurabilityQosKindPolicyType.VOLATILE);
    attrs.historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST);
    attrs.historyDepth(q.depth());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    domain.removeParticipant(participant);
    LOG.info("ROS 2 node {} left the DDS domain", identity.fullyQualifiedName());
  }

  /** A writer that can tell how long a given remote participant has had a reader matched to it. */
  public interface DdsWriter<T> extends RosPublisher<T> {
    /**
     * Nanoseconds since a reader in the participant of {@code remote} (any endpoint's GUID) was
     * matched, or -1 when none is.
     */
    long readerMatchedForNanos(Guid remote);
  }

  /**
   * Receives samples with their sample info (the writer's sample identity, the related one), on
   * the transport's thread; the info is reused for the next sample.
   */
  @FunctionalInterface
  public interface DdsSampleHandler<T> {
    void onSample(T sample, SampleInfo info) throws Exception;
  }

  private final class DdsPublisher<T> implements DdsWriter<T>, PublisherListener {
    private final String topic;
    private final AtomicInteger matched = new AtomicInteger();
    private final java.util.Map<Guid, Long> matchedReaders = new java.util.concurrent.ConcurrentHashMap<>();
    private Publisher publisher;

    DdsPublisher(String topic) {
      this.topic = topic;
    }

    @Override
    public synchronized boolean publish(T message) {
      if (closed) {
        return false;
      }
      try {
        publisher.write(message);
        return true;
      } catch (IOException | RuntimeException e) {
        inputErrors.reject(topic, "publish failed", String.valueOf(e.getMessage()));
        return false;
      }
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public int matchedReaders() {
      return matched.get();
    }

    @Override
    public long readerMatchedForNanos(Guid remote) {
      long now = System.nanoTime();
      return matchedReaders.entrySet().stream()
          .filter(e -> e.getKey().getGuidPrefix().equals(remote.getGuidPrefix()))
          .mapToLong(e -> now - e.getValue()).max().orElse(-1);
    }

    @Override
    public void onPublicationMatched(Publisher p, MatchingInfo info) {
      boolean matching = info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING;
      matched.updateAndGet(n -> Math.max(0, n + (matching ? 1 : -1)));
      Guid reader = new Guid();
      reader.set(info.getGuid());
      if (matching) {
        matchedReaders.put(reader, System.nanoTime());
      } else {
        matchedReaders.remove(reader);
      }
    }
  }

  private final class DdsSubscription<T> implements RosSubscription, SubscriberListener<T> {
    private final String topic;
    private final T sample;
    private final SampleInfo info = new SampleInfo();
    private final MessageHandler<T> handler;
    private final DdsSampleHandler<T> withWriter;
    private final AtomicInteger matched = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private Subscriber<T> subscriber;

    DdsSubscription(String topic, T sample, MessageHandler<T> handler, DdsSampleHandler<T> withWriter) {
      this.topic = topic;
      this.sample = sample;
      this.handler = handler;
      this.withWriter = withWriter;
    }

    // Runs on a native Fast-DDS thread: nothing may escape, or the JVM goes down with it.
    @Override
    public void onNewDataMessage(Subscriber<T> s) {
      synchronized (this) {
        boolean taken;
        try {
          taken = s.takeNextData(sample, info);
        } catch (Throwable t) {
          inputErrors.reject(topic, "undecodable sample", t.getClass().getSimpleName() + ": " + t.getMessage());
          return;
        }
        if (!taken) {
          return;
        }
        received.incrementAndGet();
        try {
          if (withWriter != null) {
            withWriter.onSample(sample, info);
          } else {
            handler.onMessage(sample);
          }
        } catch (Throwable t) {
          inputErrors.reject(topic, "handler failed", t.getClass().getSimpleName() + ": " + t.getMessage());
        }
      }
    }

    @Override
    public void onSubscriptionMatched(Subscriber<T> s, MatchingInfo i) {
      matched.updateAndGet(n -> Math.max(0, n + (i.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING ? 1 : -1)));
    }

    @Override
    public String topic() {
      return topic;
    }

    @Override
    public int matchedWriters() {
      return matched.get();
    }

    @Override
    public long received() {
      return received.get();
    }
  }

}
