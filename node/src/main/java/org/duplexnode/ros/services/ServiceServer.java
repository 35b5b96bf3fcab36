package org.duplexnode.ros.services;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.QosProfile;
import org.duplexnode.ros.RosSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.common.Guid;

/**
 * One ROS 2 service of the node in rmw_cyclonedds's layout: requests arrive on
 * {@code rq/<service>Request}, replies leave on {@code rr/<service>Reply} with the request's header
 * (client id and sequence number) in front, which is how a client matches them. The service name
 * is resolved like a topic name (namespace, {@code ~}, remapping).
 *
 * <p>Failure: an undecodable request is dropped and counted by the transport, and so is a request
 * from an rmw_fastrtps client (one that names a related sample identity); a handler that
 * throws answers nothing (the client times out) and the error is logged; a request arriving while
 * {@code executor} is full is dropped and logged. The service goes on either way.
 */
final class ServiceServer<Q, R> {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);
  /** rmw_qos_profile_services_default: reliable, volatile, keep last 10. */
  static final QosProfile SERVICES = new QosProfile("services", QosProfile.Reliability.RELIABLE,
      QosProfile.Durability.VOLATILE, 10);

  /**
   * How long a reply waits for the client's reply reader to be discovered. A client starts
   * calling once it sees the server's endpoints, which can be before the server has seen the
   * client's; a reply written then would reach no one (services are volatile). Counting matched
   * readers is not enough: a client that just left is still counted for a while.
   */
  static final long MATCH_WAIT_MS = 3000;
  /** The reply writer's heartbeat period (Fast-DDS's default is 3 s). */
  static final Duration HEARTBEAT = Duration.ofMillis(50);
  /**
   * How long the client's reply reader must have been matched before a reply is written. A
   * CycloneDDS volatile reader that gets a sample from a writer before it has had a heartbeat
   * from it holds the sample back, and drops it as old when the heartbeat then says it was
   * already written; only a writer's very first sample escapes this, which is why a service's
   * first call always works. Reader and writer exchange a heartbeat within about a second of
   * discovering each other. Measured with NodeServicesInteropTest: waiting 150 ms lost 2 of 13
   * replies, 1.2 s none. Costs a client that calls right after it appeared that wait, once.
   */
  static final Duration READER_SETTLE = Duration.ofMillis(1200);

  private final String name;
  private final Function<Q, R> handler;
  private FastDdsTransport.DdsWriter<ServiceSample<R>> replies;
  private RosSubscription requests;

  private ServiceServer(String name, Function<Q, R> handler) {
    this.name = name;
    this.handler = handler;
  }

  /** Serves {@code serviceName} (e.g. {@code ~/get_parameters}); {@code handler} runs on {@code executor}. */
  static <Q, R> ServiceServer<Q, R> start(FastDdsTransport transport, String serviceName, ServiceType<Q, R> type,
      Function<Q, R> handler, Executor executor) {
    ServiceServer<Q, R> server = new ServiceServer<>(transport.resolve(serviceName), handler);
    server.replies = transport.advertiseDds("rr" + server.name + "Reply", type.responseType(), SERVICES, HEARTBEAT);
    server.requests = transport.subscribeDds("rq" + server.name + "Request", type.requestType(), SERVICES, (request, info) -> {
      if (fromSampleIdentityClient(info.getRelatedSampleIdentity().getGuid())) {
        transport.inputErrors().reject(server.name, "request in rmw_fastrtps's layout",
            "this node answers only rmw_cyclonedds's layout; call it with RMW_IMPLEMENTATION=rmw_cyclonedds_cpp");
        return;
      }
      long clientId = request.clientId;
      long sequence = request.sequence;
      Q body = request.body;
      Guid client = new Guid();
      client.set(info.getSampleIdentity().getGuid()); // the transport reuses its sample info
      try {
        executor.execute(() -> server.answer(client, clientId, sequence, body));
      } catch (RejectedExecutionException e) {
        LOG.warn("service {}: request {} dropped, too many waiting", server.name, sequence);
      }
    });
    LOG.info("serving {} [{}]", server.name, type.rosType());
    return server;
  }

  private void answer(Guid client, long clientId, long sequence, Q body) {
    R response;
    try {
      response = handler.apply(body);
    } catch (RuntimeException e) {
      LOG.error("service {}: request {} failed: {}", name, sequence, e.toString());
      return;
    }
    awaitReplyReader(client);
    if (!replies.publish(new ServiceSample<R>().set(clientId, sequence, response))) {
      LOG.warn("service {}: reply {} could not be sent", name, sequence);
    }
  }

  /**
   * Waits (bounded) until a reply reader in the participant of the request's writer has been
   * matched for {@link #READER_SETTLE}, as rmw_cyclonedds's server waits for the client's reader.
   */
  private void awaitReplyReader(Guid requestWriter) {
    long deadline = System.nanoTime() + MATCH_WAIT_MS * 1_000_000;
    long settled = READER_SETTLE.toNanos();
    while (replies.readerMatchedForNanos(requestWriter) < settled && System.nanoTime() < deadline) {
      sleep(5);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String name() {
    return name;
  }

  /**
   * True when a request names a related sample identity: rmw_fastrtps's clients put the GUID of
   * their reply reader there and expect the reply to name the request's identity the same way,
   * which this node's DDS binding cannot write (docs/interfaces.md, "Services"). rmw_cyclonedds's
   * clients, like any plain DDS writer, leave it unknown (all zero).
   */
  static boolean fromSampleIdentityClient(Guid related) {
    for (byte b : related.getGuidPrefix().getValue()) {
      if (b != 0) {
        return true;
      }
    }
    for (byte b : related.getEntity().getValue()) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }
}
