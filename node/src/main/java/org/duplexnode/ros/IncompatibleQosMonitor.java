package org.duplexnode.ros;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the node's own endpoints with the remote endpoints a {@link DiscoveryObserver} sees and
 * reports those whose QoS cannot match (same topic and type, opposite sides, the writer's offer
 * short of the reader's request). Each (topic, remote endpoint) pair is logged once as a warning
 * and counted; it leaves {@link #check()}'s answer when the remote endpoint goes away, and is
 * warned about again if it comes back. Endpoints of the node's own participant are ignored.
 *
 * <p>Called from the diagnostics timer; the comparison is over lists of tens of endpoints.
 *
 * <p>Failure: an observer that is unavailable gives no incompatibilities; {@link #unavailable()}
 * says why, for /diagnostics.
 */
public final class IncompatibleQosMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncompatibleQosMonitor.class);

  private final Supplier<List<LocalEndpoint>> local;
  private final DiscoveryObserver observer;
  private final String ownParticipant;
  private final Function<String, Optional<String>> nodeOfEndpoint;
  private final Set<String> warned = new HashSet<>();
  private long warnings;

  /**
   * @param ownParticipant the GUID of the node's participant (32 hex digits), whose endpoints are skipped
   * @param nodeOfEndpoint the ROS node (namespace/name) owning an endpoint GUID, when known
   */
  public IncompatibleQosMonitor(Supplier<List<LocalEndpoint>> local, DiscoveryObserver observer, String ownParticipant,
                                Function<String, Optional<String>> nodeOfEndpoint) {
    this.local = local;
    this.observer = observer;
    this.ownParticipant = ownParticipant;
    this.nodeOfEndpoint = nodeOfEndpoint;
  }

  /** The node's own transport against an observer of its domain. */
  public static IncompatibleQosMonitor of(FastDdsTransport transport, DiscoveryObserver observer,
                                          Function<String, Optional<String>> nodeOfEndpoint) {
    return new IncompatibleQosMonitor(transport::localEndpoints, observer, transport.participantGuid(), nodeOfEndpoint);
  }

  /** The incompatibilities now, logging each new one once. */
  public synchronized List<QosIncompatibility> check() {
    Map<String, QosIncompatibility> found = new LinkedHashMap<>();
    List<LocalEndpoint> mine = local.get();
    for (RemoteEndpoint r : observer.endpoints()) {
      if (r.participantGuid().equalsIgnoreCase(ownParticipant)) {
        continue;
      }
      for (LocalEndpoint l : mine) {
        if (l.kind() == r.kind() || !l.ddsTopic().equals(r.ddsTopic()) || !l.typeName().equals(r.typeName())) {
          continue;
        }
        List<QosCompatibility.Mismatch> m = r.kind() == EndpointKind.WRITER
            ? QosCompatibility.mismatches(r.qos(), l.qos())
            : QosCompatibility.mismatches(l.qos(), r.qos());
        if (!m.isEmpty()) {
          QosIncompatibility i = new QosIncompatibility(QosIncompatibility.rosTopic(l.ddsTopic()), l, r,
              nodeOfEndpoint.apply(r.guid()), m);
          found.putIfAbsent(i.key(), i);
        }
      }
    }
    for (QosIncompatibility i : found.values()) {
      if (warned.add(i.key())) {
        warnings++;
        LOG.warn("incompatible QoS on {}", i.describe());
      }
    }
    warned.retainAll(found.keySet());
    return new ArrayList<>(found.values());
  }

  /** How many incompatibilities have been warned about since the start (each pair once per appearance). */
  public synchronized long warnings() {
    return warnings;
  }

  public Optional<String> unavailable() {
    return observer.unavailable();
  }

  @Override
  public void close() {
    observer.close();
  }
}
