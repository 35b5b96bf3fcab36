package org.duplexnode.ros;

import com.eprosima.xmlschemas.fastrtps_profiles.DurabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryMemoryPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.HistoryQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.ReliabilityQosKindPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.SubscriberProfileType;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import us.ihmc.pubsub.Domain;
import us.ihmc.pubsub.DomainFactory;
import us.ihmc.pubsub.DomainFactory.PubSubImplementation;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.attributes.CommonAttributes;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.attributes.PublisherAttributes;
import us.ihmc.pubsub.attributes.SubscriberAttributes;
import us.ihmc.pubsub.common.Guid;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.participant.Participant;
import us.ihmc.pubsub.publisher.Publisher;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;
import us.ihmc.ros2.ROS2NodeInterface;

/**
 * The Java half of the interop test: one Fast-DDS participant through ihmc-pub-sub on loopback,
 * with DDS topic names given already mangled (rt/...).
 *
 * <p>It uses ihmc-pub-sub directly because {@code us.ihmc.ros2.ROS2Node} cannot be constructed
 * without ros2-common-interfaces on the class path: its helper ROS2TopicNameTools refers to
 * geometry_msgs classes of that jar and fails verification with NoClassDefFoundError.
 *
 * <p>Readers are made safe against oversized samples (see {@link #rejectOversizedSamples}).
 */
final class FastDdsTestParticipant implements AutoCloseable {
  /** Reliability, durability and keep-last depth of a Java writer or reader. */
  record Qos(boolean reliable, boolean transientLocal, int depth) {
    static Qos reliable(int depth) {
      return new Qos(true, false, depth);
    }

    <A extends CommonAttributes<A>> A applyTo(A attributes) {
      return attributes
          .reliabilityKind(reliable ? ReliabilityQosKindPolicyType.RELIABLE : ReliabilityQosKindPolicyType.BEST_EFFORT)
          .durabilityKind(transientLocal ? DurabilityQosKindPolicyType.TRANSIENT_LOCAL
              : DurabilityQosKindPolicyType.VOLATILE)
          .historyQosPolicyKind(HistoryQosKindPolicyType.KEEP_LAST)
          .historyDepth(depth);
    }
  }

  private final Domain domain = DomainFactory.getDomain(PubSubImplementation.FAST_RTPS);
  private final Participant participant;

  private FastDdsTestParticipant(Participant participant) {
    this.participant = participant;
  }

  static FastDdsTestParticipant create(int domainId, String name) throws IOException {
    ParticipantProfile profile = ROS2NodeInterface.createParticipantAttributes(domainId, false,
        InetAddress.getByName("127.0.0.1"));
    profile.name(name);
    return new FastDdsTestParticipant(DomainFactory.getDomain(PubSubImplementation.FAST_RTPS)
        .createParticipant(profile));
  }

  Guid guid() {
    return participant.getGuid();
  }

  <T> Writer<T> writer(TopicDataType<T> type, String ddsTopic, Qos qos) throws IOException {
    register(type);
    MatchCounter matches = new MatchCounter();
    PublisherAttributes attributes = qos.applyTo(PublisherAttributes.create().topicDataType(type).topicName(ddsTopic));
    Publisher publisher = domain.createPublisher(participant, attributes, (pub, info) -> matches.update(info));
    return new Writer<>(publisher, matches);
  }

  /**
   * Subscribes {@code ddsTopic}; each sample is taken into one preallocated message and turned
   * into a value by {@code snapshot}. A sample that fails to deserialize is counted, not thrown.
   */
  <T, R> Inbox<R> subscribe(TopicDataType<T> type, String ddsTopic, Qos qos, Function<T, R> snapshot)
      throws IOException {
    register(type);
    Inbox<R> inbox = new Inbox<>();
    T scratch = type.createData();
    SubscriberAttributes attributes = rejectOversizedSamples(
        qos.applyTo(SubscriberAttributes.create().topicDataType(type).topicName(ddsTopic)));
    domain.createSubscriber(participant, attributes, new SubscriberListener<T>() {
      @Override
      public void onNewDataMessage(Subscriber<T> subscriber) {
        try {
          // One sample per callback: ihmc calls back once per sample.
          if (subscriber.takeNextData(scratch, null)) {
            inbox.samples.add(snapshot.apply(scratch));
          }
        } catch (RuntimeException e) {
          // A field beyond its bound inside a payload that fits the type size: the generated
          // reader throws (IndexOutOfBoundsException) after the native copy succeeded.
          inbox.rejected.incrementAndGet();
        }
      }

      @Override
      public void onSubscriptionMatched(Subscriber<T> subscriber, MatchingInfo info) {
        inbox.matches.update(info);
      }
    });
    return inbox;
  }

  /**
   * Makes Fast-DDS drop, before they reach ihmc's native wrapper, samples larger than the type's
   * maximum serialized size. Without it such a sample is copied past the end of the Java
   * subscriber's direct buffer: ihmc-pub-sub 0.20.0 RawTopicDataType::deserialize assigns the
   * length before comparing it, the check compiles away, and memcpy overruns native memory
   * (SIGSEGV in libc under NativeSubscriberImpl_takeNextData; no Java exception to catch).
   * With PREALLOCATED the reader history refuses any payload above the type size. Its cost:
   * (depth + 1) payloads of the type size reserved per reader (virtual memory, touched as used).
   * SubscriberAttributes has no setter for it, hence the reflection.
   */
  static SubscriberAttributes rejectOversizedSamples(SubscriberAttributes attributes) throws IOException {
    try {
      var field = SubscriberAttributes.class.getDeclaredField("subscriberProfile");
      field.setAccessible(true);
      ((SubscriberProfileType) field.get(attributes)).setHistoryMemoryPolicy(HistoryMemoryPolicyType.PREALLOCATED);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set historyMemoryPolicy on ihmc SubscriberAttributes", e);
    }
    String xml = attributes.marshall("check");
    if (!xml.contains("<historyMemoryPolicy>PREALLOCATED</historyMemoryPolicy>")) {
      throw new IllegalStateException("historyMemoryPolicy missing from the reader profile:\n" + xml);
    }
    return attributes;
  }

  private void register(TopicDataType<?> type) {
    if (domain.getRegisteredType(participant, type.getName()) == null) {
      domain.registerType(participant, type);
    }
  }

  @Override
  public void close() {
    domain.removeParticipant(participant);
  }

  /** A Java writer and the number of readers it has matched. */
  record Writer<T>(Publisher publisher, MatchCounter matches) {
    void write(T message) throws IOException {
      publisher.write(message);
    }
  }

  /** What a Java reader received: snapshots, failed samples and matched writers. */
  static final class Inbox<R> {
    private final BlockingQueue<R> samples = new LinkedBlockingQueue<>();
    private final AtomicLong rejected = new AtomicLong();
    private final MatchCounter matches = new MatchCounter();

    R await(Duration timeout) throws InterruptedException {
      R sample = samples.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (sample == null) {
        throw new AssertionError("no sample within " + timeout.toMillis() + " ms (rejected so far: "
            + rejected.get() + ", matched writers: " + matches.current() + ")");
      }
      return sample;
    }

    int pending() {
      return samples.size();
    }

    long rejected() {
      return rejected.get();
    }

    MatchCounter matches() {
      return matches;
    }
  }

  /** Counts matched remote endpoints; waits are bounded. */
  static final class MatchCounter {
    private int current;

    synchronized void update(MatchingInfo info) {
      current += info.getStatus() == MatchingInfo.MatchingStatus.MATCHED_MATCHING ? 1 : -1;
      notifyAll();
    }

    synchronized int current() {
      return current;
    }

    synchronized void await(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (current < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("matched " + current + " of " + count + " within " + timeout.toMillis() + " ms");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }
}
