package org.duplexnode.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The node's own threads, named and made in one place, and owned by {@link NodeAssembly}: the
 * threading model of docs/architecture.md.
 * <ul>
 *   <li>transport threads (DDS, the MQTT client, the bag reader, the local microphone) only
 *       decode, copy and hand the record to the {@value #INGEST} thread's queue;</li>
 *   <li>{@value #INGEST}: audio resampling, voice activity (Silero), unit assembly, frames kept;</li>
 *   <li>{@value #MODEL}: the model, one unit after the other, and the outputs stage;</li>
 *   <li>{@value #OUTPUTS}: every adapter's publishing (ROS 2, output bag, MQTT, speaker, console).</li>
 * </ul>
 * An adapter's device and timer threads (the speaker's player, the microphone's reader, the MQTT
 * link, the /diagnostics timer, the QoS check's poller) belong to the adapter, which names, starts
 * and stops them with the device; a stage's helpers (the JPEG decoder's second core, the
 * tokenizer's load) belong to that stage. None of them runs the core's work.
 */
public final class NodeThreads {
  public static final String INGEST = "ingest";
  public static final String MODEL = "model";
  public static final String OUTPUTS = "outputs";

  private final List<Thread> made = new ArrayList<>();

  /**
   * A factory of threads with this name. The model thread is not a daemon (a JVM does not end
   * under a unit in progress); the others are, and the node stops them in order when it closes.
   */
  public ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(!MODEL.equals(name));
      synchronized (made) {
        made.add(t);
      }
      return t;
    };
  }

  /** The names of the threads made so far that are still alive (for tests and diagnostics). */
  public List<String> alive() {
    synchronized (made) {
      return made.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
  }
}
