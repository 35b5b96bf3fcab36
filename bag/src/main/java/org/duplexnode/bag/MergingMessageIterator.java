package org.duplexnode.bag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the time-ordered messages of several storage files into one time-ordered stream. A
 * file is opened only when the stream reaches its start time, so split bags read one file
 * after another; files that overlap in time interleave. Equal log times keep file order.
 */
final class MergingMessageIterator implements MessageIterator {
  /** Opens the messages of one file. */
  interface Source {
    MessageIterator open() throws IOException;
  }

  private record Pending(long startNs, int order, Source source) {}

  private record Head(BagMessage message, int order, MessageIterator iterator) {}

  private final List<Pending> pending = new ArrayList<>();
  private final PriorityQueue<Head> heads = new PriorityQueue<>(
      Comparator.<Head>comparingLong(h -> h.message().logTimeNs() ^ Long.MIN_VALUE)
          .thenComparingInt(Head::order));
  private final List<MessageIterator> opened = new ArrayList<>();
  private int next;

  /** @param starts each source's first log time (Long.MAX_VALUE when it has no messages) */
  MergingMessageIterator(List<Source> sources, List<Long> starts) {
    for (int i = 0; i < sources.size(); i++) {
      pending.add(new Pending(starts.get(i), i, sources.get(i)));
    }
    pending.sort(Comparator.<Pending>comparingLong(p -> p.startNs() ^ Long.MIN_VALUE)
        .thenComparingInt(Pending::order));
  }

  @Override
  public boolean hasNext() {
    while (next < pending.size() && (heads.isEmpty()
        || Long.compareUnsigned(pending.get(next).startNs(), heads.peek().message().logTimeNs()) <= 0)) {
      Pending p = pending.get(next++);
      MessageIterator it;
      try {
        it = p.source().open();
      } catch (IOException e) {
        throw new BagReadException(e);
      }
      opened.add(it);
      advance(it, p.order());
    }
    return !heads.isEmpty();
  }

  @Override
  public BagMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Head head = heads.poll();
    advance(head.iterator(), head.order());
    return head.message();
  }

  private void advance(MessageIterator it, int order) {
    if (it.hasNext()) {
      heads.add(new Head(it.next(), order, it));
    } else {
      it.close();
    }
  }

  @Override
  public void close() {
    for (MessageIterator it : opened) {
      it.close();
    }
    heads.clear();
    next = pending.size();
  }
}
