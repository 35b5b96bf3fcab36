package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;

/**
 * Messages of chunked files in log-time order. Chunks are taken by start time and merged through
 * a queue, so only chunks whose time ranges overlap are in memory together. Equal log times keep
 * file order.
 */
final class McapIndexedMessageIterator implements Iterator<McapMessage> {
  private record Pending(McapMessage message, int chunk, int position) {}

  private static final Comparator<Pending> ORDER =
      Comparator.<Pending>comparingLong(p -> p.message().logTime() ^ Long.MIN_VALUE)
          .thenComparingInt(Pending::chunk)
          .thenComparingInt(Pending::position);

  private final McapChunkLoader loader;
  private final IntPredicate channels;
  private final List<McapChunkRef> chunks = new ArrayList<>();
  private final PriorityQueue<Pending> queue = new PriorityQueue<>(ORDER);
  private int nextChunk;

  McapIndexedMessageIterator(McapFileSource source, List<McapChunkRef> allChunks,
      McapReadOptions options, McapProblems problems, IntPredicate channels) {
    this.loader = new McapChunkLoader(source, options, problems);
    this.channels = channels;
    for (McapChunkRef chunk : allChunks) {
      if (chunk.channelIds() == null || chunk.channelIds().stream().anyMatch(channels::test)) {
        this.chunks.add(chunk);
      }
    }
    this.chunks.sort(Comparator.<McapChunkRef>comparingLong(c -> c.startTime() ^ Long.MIN_VALUE)
        .thenComparingLong(McapChunkRef::offset));
  }

  @Override
  public boolean hasNext() {
    fill();
    return !queue.isEmpty();
  }

  @Override
  public McapMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return queue.poll().message();
  }

  private void fill() {
    while (nextChunk < chunks.size()
        && (queue.isEmpty() || Long.compareUnsigned(chunks.get(nextChunk).startTime(),
            queue.peek().message().logTime()) <= 0)) {
      try {
        load(nextChunk, chunks.get(nextChunk));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      nextChunk++;
    }
  }

  private void load(int ordinal, McapChunkRef ref) throws IOException {
    McapChunk chunk = loader.read(ref);
    if (chunk == null) {
      return;
    }
    int position = 0;
    for (McapRecord record : loader.records(chunk, ref.offset(), ref.messageIndexOffsets())) {
      if (record instanceof McapMessage m && channels.test(m.channelId())) {
        queue.add(new Pending(m, ordinal, position++));
      }
    }
  }
}
