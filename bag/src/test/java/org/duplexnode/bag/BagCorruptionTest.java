package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Damaged bags, through the whole bag layer: opening, info and reading end in a clean error
 * (IOException, BagReadException) or a partial read, never another exception and never a hang.
 */
// The timeout only guards against a hang; the loop takes a few seconds.
@Timeout(300)
@Tag("unit")
class BagCorruptionTest {
  @ParameterizedTest
  @CsvSource({"sqlite3,talker,talker.db3", "sqlite3,wbag,wbag_2.db3", "mcap,talker,talker.mcap",
      "mcap,reindex_multiple_files,multiple_files_2.mcap"})
  void damagedFilesFailCleanly(String storage, String bag, String file, @TempDir Path dir) throws IOException {
    byte[] original = Files.readAllBytes(rosbag2(storage, bag, file));
    for (int seed = 0; seed < 60; seed++) {
      Random random = new Random(seed);
      byte[] bytes;
      if (seed % 3 == 0) {
        bytes = Arrays.copyOf(original, random.nextInt(original.length));
      } else {
        bytes = original.clone();
        int flips = seed % 3 == 1 ? 1 + random.nextInt(4) : 50 + random.nextInt(200);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      Path damaged = dir.resolve(seed + "-" + file);
      Files.write(damaged, bytes);
      try (Bag opened = Bag.open(damaged)) {
        BagInfo.of(opened, false, true).toText();
        opened.topics();
        try (MessageIterator it = opened.messages()) {
          while (it.hasNext()) {
            assertThat(it.next().topic()).isNotNull();
          }
        }
      } catch (IOException | BagReadException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
      Files.delete(damaged);
    }
  }
}
