package org.duplexnode.session;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between the sensor callbacks (producer) and the model thread (consumer).
 * With {@link QueuePolicy#DROP_OLDEST} {@link #put} never waits: when full the oldest unit is
 * discarded and counted. With {@link QueuePolicy#BLOCK} {@link #put} waits for space.
 * {@link #close()} ends the stream: later puts are refused, consumers drain what is queued and then
 * get null.
 *
 * @param <T> the unit type
 */
public final class UnitQueue<T> {

  private final int capacity;
  private final QueuePolicy policy;
  private final ArrayDeque<T> items;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private boolean closed;
  private long accepted;
  private long droppedOldest;
  private long refused;

  public UnitQueue(int capacity, QueuePolicy policy) {
    if (capacity < 1 || capacity > 100_000) {
      throw new IllegalArgumentException("capacity must be in [1, 100000]: " + capacity);
    }
    this.capacity = capacity;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.items = new ArrayDeque<>(capacity);
  }

  /**
   * Adds a unit. Returns false, and counts it in {@link #refused()}, if the queue is closed or (BLOCK
   * only) the waiting thread is interrupted; the interrupt flag is then kept set for the caller.
   */
  public boolean put(T item) {
    Objects.requireNonNull(item, "item");
    lock.lock();
    try {
      if (policy == QueuePolicy.BLOCK) {
        while (items.size() == capacity && !closed) {
          try {
            notFull.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refused++;
            return false;
          }
        }
      }
      if (closed) {
        refused++;
        return false;
      }
      if (items.size() == capacity) {
        items.removeFirst();
        droppedOldest++;
      }
      items.addLast(item);
      accepted++;
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the next unit; null once the queue is closed and empty. */
  public T take() throws InterruptedException {
    lock.lock();
    try {
      while (items.isEmpty() && !closed) {
        notEmpty.await();
      }
      return removeFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to the timeout for the next unit; null on timeout or once closed and empty. */
  public T poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      while (items.isEmpty() && !closed) {
        if (nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      return removeFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Closed and every unit taken: {@link #poll} will never return one again. */
  public boolean drained() {
    lock.lock();
    try {
      return closed && items.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Refuses further puts and wakes every waiting thread. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private T removeFirst() {
    T item = items.pollFirst();
    if (item != null) {
      notFull.signal();
    }
    return item;
  }

  public int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return capacity;
  }

  public QueuePolicy policy() {
    return policy;
  }

  /** Units accepted by {@link #put}. */
  public long accepted() {
    return read(0);
  }

  /** Units discarded from the head because the queue was full (DROP_OLDEST). */
  public long droppedOldest() {
    return read(1);
  }

  /** Units refused because the queue was closed or the producer was interrupted. */
  public long refused() {
    return read(2);
  }

  private long read(int which) {
    lock.lock();
    try {
      return which == 0 ? accepted : which == 1 ? droppedOldest : refused;
    } finally {
      lock.unlock();
    }
  }
}
