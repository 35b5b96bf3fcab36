package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's chunk size limit: a chunk that declares more uncompressed bytes than
 * {@link McapReadOptions#maxChunkBytes()} is never allocated; the lenient reader skips it with a
 * warning and keeps the chunks within the limit, the strict one refuses.
 */
@Tag("unit")
class McapChunkLimitTest {
  @TempDir Path dir;

  @Test
  void aChunkAboveTheLimitIsSkippedWithAWarningAndNeverAllocated() throws Exception {
    Path file = dir.resolve("chunks.mcap");
    // One small chunk, then one of ~64 KB (a single large message), uncompressed.
    try (McapWriter w = McapWriter.create(file, McapWriterOptions.defaults()
        .withCompression(McapCompression.NONE).withChunkSize(1024))) {
      int schema = w.addSchema("std_msgs/msg/String", "ros2msg", "string data".getBytes());
      int channel = w.addChannel(schema, "/t", "cdr", Map.of());
      w.writeMessage(channel, 0, 1, 1, new byte[100]);
      w.flushChunk();
      w.writeMessage(channel, 1, 2, 2, new byte[64 * 1024]);
    }
    McapReadOptions limited = McapReadOptions.defaults().withMaxChunkBytes(16 * 1024);

    List<Long> times = new ArrayList<>();
    try (McapReader reader = McapReader.open(file, limited)) {
      reader.messages().forEachRemaining(m -> times.add(m.logTime()));
      assertThat(reader.warnings()).anyMatch(w -> w.contains("limit of " + 16 * 1024));
    }
    assertThat(times).containsExactly(1L);

    assertThatThrownBy(() -> {
      try (McapReader reader = McapReader.open(file, limited.withStrict(true))) {
        reader.messages().forEachRemaining(m -> { });
      }
    }).hasMessageContaining("limit of " + 16 * 1024);
  }
}
