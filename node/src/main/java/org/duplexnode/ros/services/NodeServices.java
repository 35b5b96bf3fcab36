package org.duplexnode.ros.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.services.TriggerServiceType.Response;

/**
 * The node's ROS 2 services: the parameter services ({@code ~/list_parameters},
 * {@code ~/get_parameters}, {@code ~/set_parameters}, {@code ~/describe_parameters},
 * {@code ~/get_parameter_types}) and, once the node offers one, {@code ~/reset}
 * (std_srvs/Trigger). Requests are answered one at a time on a thread of their own, never on
 * the DDS thread; at most {@value #QUEUE} wait, more are dropped (the client times out).
 * The services end with the transport.
 */
public final class NodeServices implements AutoCloseable {
  static final int QUEUE = 64;

  private final FastDdsTransport transport;
  private final ExecutorService executor;
  private final List<ServiceServer<?, ?>> servers = new ArrayList<>();

  private NodeServices(FastDdsTransport transport, ExecutorService executor) {
    this.transport = transport;
    this.executor = executor;
  }

  /**
   * Serves the parameter services over {@code params}.
   *
   * @param changeable parameters that may change while the node runs, each with what applies a
   *     new value; every other parameter is read-only and set_parameters refuses it with the reason
   */
  public static NodeServices start(FastDdsTransport transport, ParameterSet params,
      Map<String, Consumer<Object>> changeable) {
    ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "ros-services");
          t.setDaemon(true);
          return t;
        });
    NodeServices services = new NodeServices(transport, executor);
    try {
      ParameterServices p = new ParameterServices(params, changeable);
      services.serve("~/list_parameters", ParameterServiceTypes.LIST, p::list);
      services.serve("~/get_parameters", ParameterServiceTypes.GET, p::get);
      services.serve("~/set_parameters", ParameterServiceTypes.SET, p::set);
      services.serve("~/describe_parameters", ParameterServiceTypes.DESCRIBE, p::describe);
      services.serve("~/get_parameter_types", ParameterServiceTypes.TYPES, p::types);
    } catch (RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
    return services;
  }

  /**
   * Serves {@code ~/reset} (std_srvs/Trigger): calls {@code reset}, answers success with the
   * message it returns, or failure with the message of what it threw.
   */
  public synchronized void serveReset(Supplier<String> reset) {
    serve("~/reset", TriggerServiceType.TRIGGER, request -> {
      try {
        return new Response(true, reset.get());
      } catch (RuntimeException e) {
        return new Response(false, String.valueOf(e.getMessage()));
      }
    });
  }

  private synchronized <Q, R> void serve(String name, ServiceType<Q, R> type, java.util.function.Function<Q, R> handler) {
    servers.add(ServiceServer.start(transport, name, type, handler, executor));
  }

  /** The fully resolved names of the services served so far. */
  public synchronized List<String> names() {
    return servers.stream().map(ServiceServer::name).toList();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
