package org.duplexnode.node;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.LongAdder;
import org.duplexnode.logging.RateLimitedLog;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.WatchListChanged;
import org.slf4j.LoggerFactory;

/**
 * The model's output port: events are handed, in order, to the outputs thread, which publishes
 * them to every adapter, so that no transport's send runs on the model thread. A full queue makes
 * the model wait (no output is dropped); an adapter that throws is counted and logged, and the
 * others still get the event.
 */
public final class OutputQueue implements OutputPort {
  private static final Object END = new Object();

  private final java.util.List<OutputPort> adapters;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  private final LongAdder failed = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final RateLimitedLog errors = RateLimitedLog.errors(LoggerFactory.getLogger(OutputQueue.class));

  public OutputQueue(java.util.List<OutputPort> adapters, int capacity, ThreadFactory threads) {
    this.adapters = java.util.List.copyOf(adapters);
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  @Override public void speech(SpeechChunk chunk) { put(chunk); }
  @Override public void transcript(TranscriptUpdate update) { put(update); }
  @Override public void proactive(ProactiveAlert alert) { put(alert); }
  @Override public void state(StateUpdate update) { put(update); }
  @Override public void watches(WatchListChanged change) { put(change); }
  @Override public void reply(CommandReply reply) { put(reply); }
  @Override public void userSpeech(UserSpeechChange change) { put(change); }

  private void put(OutputEvent e) {
    try {
      queue.put(e);
    } catch (InterruptedException stopping) {
      // the node is closing under the model: the event cannot be published any more
      Thread.currentThread().interrupt();
      lost.increment();
      errors.log("output lost", e.getClass().getSimpleName() + " not published: the node is closing");
    }
  }

  private void run() {
    while (true) {
      Object o;
      try {
        o = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (o == END) {
        return;
      }
      OutputEvent e = (OutputEvent) o;
      for (OutputPort adapter : adapters) {
        try {
          e.sendTo(adapter);
        } catch (RuntimeException x) {
          failed.increment();
          errors.log("output failed", "publishing " + e.getClass().getSimpleName() + " to "
              + adapter.getClass().getSimpleName() + " failed: " + x);
        }
      }
    }
  }

  /** Publishes everything queued, then ends the outputs thread and returns. */
  public void finish() throws InterruptedException {
    if (!thread.isAlive()) {
      return;
    }
    queue.put(END);
    thread.join();
  }

  /** Events an adapter failed to publish. */
  public long failedEvents() {
    return failed.sum();
  }

  /** Events the model produced while the node was closing under it. */
  public long lostEvents() {
    return lost.sum();
  }
}
