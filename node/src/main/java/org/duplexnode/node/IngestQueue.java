package org.duplexnode.node;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.duplexnode.logging.RateLimitedLog;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.slf4j.LoggerFactory;

/**
 * The node's input port as transports see it: each record is queued, in arrival order, for the
 * ingest thread, which runs the ingest stage (resampling, voice activity, unit assembly). A
 * transport's callback thus only decodes, copies and enqueues.
 *
 * <p>Audio and frames are bounded by count and by bytes. Live ({@link WhenFull#DROP}) a record that
 * does not fit is dropped at once and counted (a DDS callback never waits); in a replay
 * ({@link WhenFull#WAIT}) the reader waits, so nothing is lost and outputs are the same at any
 * rate. Watch requests and force-listen are never dropped for space. A record whose ingest throws
 * is counted and logged, and the thread goes on.
 */
public final class IngestQueue implements InputPort {
  /** What a full queue does to the transport that offers one more record. */
  public enum WhenFull { DROP, WAIT }

  /** Reasons under which records are counted (as "audio | reason" or "image | reason"). */
  public static final String QUEUE_FULL = "ingest queue full";
  public static final String FAILED = "ingest failed";
  public static final String STOPPED = "input stopped";

  private record Item(String kind, int kib, boolean bounded, Runnable action) {}

  private static final Item END = new Item("end", 0, false, () -> { });

  private final InputPort next;
  private final Runnable forceListenArrived;
  private final WhenFull whenFull;
  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final Semaphore slots;
  private final Semaphore kib;
  private final int maxKib;
  private final Thread thread;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final RateLimitedLog errors = RateLimitedLog.errors(LoggerFactory.getLogger(IngestQueue.class));
  private volatile boolean taking = true;

  /**
   * @param capacity audio messages and frames queued at most
   * @param maxBytes their payload bytes queued at most (one larger record still passes an empty queue)
   * @param forceListenArrived told on the caller's thread when a force-listen arrives
   */
  public IngestQueue(InputPort next, int capacity, long maxBytes, WhenFull whenFull, ThreadFactory threads,
                     Runnable forceListenArrived) {
    this.next = next;
    this.forceListenArrived = forceListenArrived;
    this.whenFull = whenFull;
    this.slots = new Semaphore(capacity);
    this.maxKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, maxBytes / 1024));
    this.kib = new Semaphore(maxKib);
    this.thread = threads.newThread(this::run);
    thread.start();
  }

  @Override
  public void onImage(RawImage image) {
    offer("image", image.data().length, () -> next.onImage(image));
  }

  @Override
  public void onCompressedImage(RawCompressedImage image) {
    offer("image", image.data().length, () -> next.onCompressedImage(image));
  }

  @Override
  public void onAudio(RawAudio audio) {
    offer("audio", audio.data().length, () -> next.onAudio(audio));
  }

  @Override
  public void onFarEnd(RawAudio audio) {
    offer("far end", audio.data().length, () -> next.onFarEnd(audio));
  }

  @Override
  public void onWatchRequest(WatchRequest request) {
    command("watch", () -> next.onWatchRequest(request));
  }

  @Override
  public void onControl(ConversationControl control) {
    command(control.command(), () -> next.onControl(control));
  }

  @Override
  public void onCommandRefused(CommandReply reply) {
    command(reply.command(), () -> next.onCommandRefused(reply));
  }

  @Override
  public void onForceListen(long stampNanos, String reason) {
    forceListenArrived.run();
    command("force_listen", () -> next.onForceListen(stampNanos, reason));
  }

  @Override
  public void onMute(MuteRequest request) {
    command("mute", () -> next.onMute(request));
  }

  private void offer(String kind, int bytes, Runnable action) {
    if (!taking) {
      count(kind, STOPPED);
      return;
    }
    int need = Math.min(maxKib, (bytes + 1023) / 1024);
    if (whenFull == WhenFull.DROP) {
      if (!slots.tryAcquire()) {
        count(kind, QUEUE_FULL);
        return;
      }
      if (!kib.tryAcquire(need)) {
        slots.release();
        count(kind, QUEUE_FULL);
        return;
      }
    } else {
      try {
        slots.acquire();
        kib.acquire(need);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        count(kind, STOPPED);
        return;
      }
    }
    queue.add(new Item(kind, need, true, action));
  }

  private void command(String kind, Runnable action) {
    if (!taking) {
      count(kind, STOPPED);
      return;
    }
    queue.add(new Item(kind, 0, false, action));
  }

  private void run() {
    while (true) {
      Item item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == END) {
        return;
      }
      if (item.bounded()) {
        kib.release(item.kib());
        slots.release();
      }
      try {
        item.action().run();
      } catch (RuntimeException e) {
        count(item.kind(), FAILED);
        errors.log(item.kind() + " ingest failed", item.kind() + " record dropped: ingest failed: " + e);
      }
    }
  }

  /** Takes no more records (counted as {@value #STOPPED}); what is queued is still ingested. */
  public void stopTaking() {
    taking = false;
  }

  /** Ingests everything queued, then ends the ingest thread and returns. */
  public void finish() throws InterruptedException {
    stopTaking();
    queue.add(END);
    thread.join();
  }

  /** As {@link #finish()}, waiting at most {@code timeoutMs}; false when the ingest thread is still busy. */
  public boolean finish(long timeoutMs) throws InterruptedException {
    stopTaking();
    queue.add(END);
    thread.join(Math.max(1, timeoutMs));
    return !thread.isAlive();
  }

  /** Records queued and not yet ingested. */
  public int depth() {
    return queue.size();
  }

  /** What was not ingested, as "kind | reason" to count (nonzero only). */
  public Map<String, Long> notIngested() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void count(String kind, String reason) {
    counts.computeIfAbsent(kind + " | " + reason, k -> new LongAdder()).increment();
  }

  /** Stops the ingest thread without waiting for the queue (the node is closing). */
  void close() throws InterruptedException {
    stopTaking();
    thread.interrupt();
    thread.join(TimeUnit.SECONDS.toMillis(5));
  }
}
