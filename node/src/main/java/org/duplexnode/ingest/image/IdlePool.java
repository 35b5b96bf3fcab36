package org.duplexnode.ingest.image;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Native workspaces kept for the next frame: up to a limit stay idle, the rest are freed at once,
 * so concurrent callers each get their own without the pool growing past what they last needed.
 * Thread-safe.
 */
final class IdlePool<T> {
  private final int limit;
  private final Consumer<T> free;
  private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();

  IdlePool(int limit, Consumer<T> free) {
    this.limit = limit;
    this.free = free;
  }

  /** An idle workspace, or null when there is none. */
  T poll() {
    T item = idle.poll();
    if (item != null) {
      count.decrementAndGet();
    }
    return item;
  }

  /** Keeps the workspace for reuse, or frees it when enough are idle. */
  void giveBack(T item) {
    if (count.incrementAndGet() <= limit) {
      idle.add(item);
    } else {
      count.decrementAndGet();
      free.accept(item);
    }
  }
}
