package org.duplexnode.bag.mcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntPredicate;

/**
 * Messages in file order, by walking the data section: for files with messages outside chunks
 * or without chunk positions. Stops at the data limit or at the first record that does not fit.
 */
final class McapLinearMessageIterator implements Iterator<McapMessage> {
  private final McapRecordWalker walker;
  private final McapChunkLoader loader;
  private final McapProblems problems;
  private final IntPredicate channels;
  private final ArrayDeque<McapMessage> buffer = new ArrayDeque<>();
  private boolean done;

  McapLinearMessageIterator(McapFileSource source, long dataStart, long dataLimit,
      McapReadOptions options, McapProblems problems, IntPredicate channels) {
    this.walker = new McapRecordWalker(source, dataStart, dataLimit, problems);
    this.loader = new McapChunkLoader(source, options, problems);
    this.problems = problems;
    this.channels = channels;
  }

  @Override
  public boolean hasNext() {
    try {
      while (buffer.isEmpty() && !done) {
        advance();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return !buffer.isEmpty();
  }

  @Override
  public McapMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.poll();
  }

  private void advance() throws IOException {
    McapLocatedRecord located = walker.next();
    if (located == null || located.opcode() == McapOpcode.DATA_END
        || located.opcode() == McapOpcode.FOOTER) {
      done = true;
      return;
    }
    if (located.opcode() != McapOpcode.MESSAGE && located.opcode() != McapOpcode.CHUNK) {
      return;
    }
    McapRecord record;
    try {
      record = located.parse();
    } catch (McapFormatException e) {
      if (located.opcode() == McapOpcode.CHUNK) {
        problems.chunkLost(new McapChunkLoss(located.offset(), e.getMessage(), -1));
      } else {
        problems.report(e.getMessage() + "; record skipped", e);
      }
      return;
    }
    if (record instanceof McapMessage m) {
      offer(m);
    } else if (record instanceof McapChunk chunk) {
      for (McapRecord inner : loader.records(chunk, located.offset(), Map.of())) {
        if (inner instanceof McapMessage m) {
          offer(m);
        }
      }
    }
  }

  private void offer(McapMessage m) {
    if (channels.test(m.channelId())) {
      buffer.add(m);
    }
  }
}
