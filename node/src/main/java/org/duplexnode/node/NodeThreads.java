package org.duplexnode.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Every thread the node runs its work on, named, made in one place. The node's threading model
 * (docs/architecture.md):
 * <ul>
 *   <li>transport threads (DDS, the MQTT client, the bag reader, the local microphone) only
 *       decode, copy and hand the record to the {@value #INGEST} thread's queue;</li>
 *   <li>{@value #INGEST}: audio resampling, voice activity (Silero), unit assembly, frames kept;</li>
 *   <li>{@value #MODEL}: the model, one unit after the other, and the outputs stage;</li>
 *   <li>{@value #OUTPUTS}: every adapter's publishing (ROS 2, output bag, MQTT, speaker, console);</li>
 *   <li>{@value #DIAGNOSTICS}: the periodic /diagnostics report;</li>
 *   <li>adapter devices: {@value #SPEAKER}, {@value #MICROPHONE}, {@value #MQTT_LINK},
 *       {@value #QOS_CHECK}.</li>
 * </ul>
 * Helper threads inside one stage (the JPEG decoder's second core, the tokenizer's load) belong
 * to that stage and are named there.
 */
public final class NodeThreads {
  public static final String INGEST = "ingest";
  public static final String MODEL = "model";
  public static final String OUTPUTS = "outputs";
  public static final String DIAGNOSTICS = "diagnostics";
  public static final String SPEAKER = "local-speaker";
  public static final String MICROPHONE = "local-microphone";
  public static final String MQTT_LINK = "mqtt-link";
  public static final String QOS_CHECK = "qos-check";

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
