package org.duplexnode.bag;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.duplexnode.bag.mcap.McapAttachmentIndex;
import org.duplexnode.bag.mcap.McapMessage;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.duplexnode.bag.mcap.McapReader;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the two bag readers with whole files: an MCAP file read by {@link McapReader} (lenient
 * with its index, then strict by a full scan) and through {@link Bag}; a rosbag2 sqlite3 file
 * through {@link Bag}. Every message, metadata record and attachment is read.
 *
 * <p>Allowed failures: {@link IOException} (the readers' format exceptions) from opening and
 * {@link UncheckedIOException} ({@link BagReadException}) from iterating. Regression inputs:
 * {@code BagFuzzTestInputs/<method>/}.
 */
@Tag("fuzz")
class BagFuzzTest {
  private static final Path DIR = tempDir();
  private static final Path MCAP = DIR.resolve("fuzz.mcap");
  private static final Path DB3 = DIR.resolve("fuzz.db3");

  @FuzzTest(maxDuration = "2m")
  void mcapFiles(byte[] input) throws IOException {
    Files.write(MCAP, input);
    readMcap(McapReadOptions.defaults());
    readMcap(McapReadOptions.defaults().withStrict(true).withUseSummary(false));
    readBag(MCAP);
  }

  @FuzzTest(maxDuration = "2m")
  void sqliteFiles(byte[] input) throws IOException {
    Files.deleteIfExists(DIR.resolve("fuzz.db3-journal"));
    Files.write(DB3, input);
    readBag(DB3);
  }

  private static void readMcap(McapReadOptions options) {
    try (McapReader reader = McapReader.open(MCAP, options)) {
      reader.metadata();
      for (McapAttachmentIndex index : reader.attachmentIndexes()) {
        reader.readAttachment(index);
      }
      long bytes = 0;
      for (Iterator<McapMessage> it = reader.messages(); it.hasNext(); ) {
        bytes += it.next().data().length;
      }
      reader.warnings();
    } catch (IOException | UncheckedIOException expected) {
      // McapFormatException, BagReadException: documented failures
    }
  }

  private static void readBag(Path file) {
    try (Bag bag = Bag.open(file)) {
      bag.topics().forEach(t -> bag.definition(t.type()));
      bag.timeRange();
      bag.embeddedMetadata();
      try (MessageIterator it = bag.messages()) {
        while (it.hasNext()) {
          it.next();
        }
      }
      bag.warnings();
    } catch (IOException | UncheckedIOException expected) {
      // BagFormatException, McapFormatException, SqliteFormatException, BagReadException
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("bag-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
