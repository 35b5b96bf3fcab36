package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording cut short by a crash is a prefix of the finished file. Every such prefix must
 * give back exactly the messages of the chunks that were complete, with a warning.
 */
@Tag("unit")
class McapCrashRecoveryTest {
  @Test
  void everyTruncationKeepsExactlyTheCompleteChunks(@TempDir Path dir) throws IOException {
    Path full = dir.resolve("full.mcap");
    List<McapMessage> written = McapWriterTest.writeSample(full,
        McapWriterOptions.defaults().withChunkSize(2048), 600);
    byte[] bytes = Files.readAllBytes(full);
    List<McapChunkIndex> chunks;
    try (McapReader r = McapReader.open(full)) {
      chunks = r.chunkIndexes();
    }
    assertThat(chunks.size()).isGreaterThan(10);
    Random random = new Random(42);
    Path cut = dir.resolve("cut.mcap");
    for (int trial = 0; trial < 150; trial++) {
      int length = 30 + random.nextInt(bytes.length - 30);
      Files.write(cut, Arrays.copyOf(bytes, length));
      List<String> expected = new ArrayList<>();
      int complete = 0;
      for (McapChunkIndex c : chunks) {
        if (c.chunkStartOffset() + c.chunkLength() <= length) {
          complete++;
        }
      }
      // The sample writes messages in time order, so complete chunks hold a prefix of them.
      int messagesInComplete = countMessages(chunks.subList(0, complete), full);
      for (McapMessage m : written.subList(0, messagesInComplete)) {
        expected.add(key(m));
      }
      try (McapReader r = McapReader.open(cut)) {
        List<String> read = new ArrayList<>();
        r.messages().forEachRemaining(m -> read.add(key(m)));
        assertThat(read).as("cut at %d of %d", length, bytes.length).isEqualTo(expected);
        assertThat(r.usedSummary()).isFalse();
        assertThat(r.warnings()).isNotEmpty();
        assertThat(r.statistics().messageCount()).isEqualTo(messagesInComplete);
      }
    }
  }

  private static int countMessages(List<McapChunkIndex> chunks, Path file) throws IOException {
    int n = 0;
    try (McapReader r = McapReader.open(file)) {
      Set<Long> starts = new HashSet<>();
      chunks.forEach(c -> starts.add(c.chunkStartOffset()));
      for (McapChunkIndex c : r.chunkIndexes()) {
        if (starts.contains(c.chunkStartOffset())) {
          for (long offset : c.messageIndexOffsets().values()) {
            n += messageIndexEntries(file, offset);
          }
        }
      }
    }
    return n;
  }

  private static int messageIndexEntries(Path file, long offset) throws IOException {
    byte[] head = new byte[9 + 2 + 4];
    try (FileChannel channel = FileChannel.open(file)) {
      channel.read(ByteBuffer.wrap(head), offset);
    }
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.get(0)).isEqualTo((byte) McapOpcode.MESSAGE_INDEX);
    return b.getInt(11) / 16;
  }

  static String key(McapMessage m) {
    return m.channelId() + "@" + m.logTime() + ":" + Arrays.hashCode(m.data());
  }
}
