package org.duplexnode.mqtt;

/** The outbox's entries in memory, oldest first, in a growable ring; found by sequence number. */
final class EntryRing {
  private OutboxEntry[] ring = new OutboxEntry[64];
  private int head;
  private int count;

  int size() {
    return count;
  }

  OutboxEntry first() {
    return count == 0 ? null : ring[head];
  }

  void addLast(OutboxEntry e) {
    if (count == ring.length) {
      OutboxEntry[] bigger = new OutboxEntry[ring.length * 2];
      for (int i = 0; i < count; i++) {
        bigger[i] = get(i);
      }
      ring = bigger;
      head = 0;
    }
    ring[(head + count) % ring.length] = e;
    count++;
  }

  OutboxEntry removeFirst() {
    OutboxEntry e = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    count--;
    return e;
  }

  /** The first entry whose sequence number is above {@code seq}, or null. Sequence numbers only grow. */
  OutboxEntry firstAfter(long seq) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid).seq() <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < count ? get(lo) : null;
  }

  private OutboxEntry get(int i) {
    return ring[(head + i) % ring.length];
  }
}
