package org.duplexnode.ros;

import java.util.List;
import java.util.Optional;

/**
 * Watches DDS discovery for the endpoints of other participants, with their QoS. It runs beside
 * the node's transport, off the data path; it must never block its caller nor take the process
 * down.
 *
 * <p>Failure: an observer that cannot watch (library missing, native call failed) says why in
 * {@link #unavailable()} and from then on reports no endpoints.
 */
public interface DiscoveryObserver extends AutoCloseable {

  /** The remote endpoints known now (a snapshot); endpoints that went away are no longer listed. */
  List<RemoteEndpoint> endpoints();

  /** Why the observer cannot see the graph, or empty while it works. */
  Optional<String> unavailable();

  @Override
  void close();
}
