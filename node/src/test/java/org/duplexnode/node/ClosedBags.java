package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.MessageIterator;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.duplexnode.bag.mcap.McapReader;

/** What every run that stopped early must leave: an output bag that was closed in order. */
final class ClosedBags {
  private ClosedBags() {}

  /**
   * metadata.yaml written, each MCAP file ends with its footer and summary, a strict reader opens
   * the bag without warnings and its message count matches the metadata. Returns that count.
   */
  static long assertClosed(Path bag) throws Exception {
    assertThat(bag.resolve("metadata.yaml")).isRegularFile();
    List<Path> files;
    try (var list = Files.list(bag)) {
      files = list.filter(f -> f.toString().endsWith(".mcap")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      try (McapReader reader = McapReader.open(file, McapReadOptions.defaults().withStrict(true))) {
        assertThat(reader.footer()).isPresent();
        assertThat(reader.usedSummary()).isTrue();
      }
    }
    long messages = 0;
    try (Bag b = Bag.open(bag, McapReadOptions.defaults().withStrict(true)); MessageIterator it = b.messages()) {
      assertThat(b.warnings()).isEmpty();
      while (it.hasNext()) {
        it.next();
        messages++;
      }
      assertThat(b.metadata()).isPresent();
      assertThat(b.metadata().get().messageCount()).isEqualTo(messages);
    }
    return messages;
  }
}
