package org.duplexnode.bag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duplexnode.testing.JavaChild;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk fills while a bag is written: a child JVM writes under a 4-MB file-size limit (above the size of the native libraries unpacked at start)
 * ({@code ulimit -f}; the JVM ignores SIGXFSZ, so the write fails with EFBIG as it would with
 * ENOSPC). The writer fails with an IOException, closing reports its own, nothing else escapes,
 * and the bag reads back intact up to the last complete chunk.
 */
@Tag("integration")
class BagDiskFullTest {
  private static final int LIMIT_KB = 4096;

  @TempDir Path dir;

  @Test
  void aFullDiskGivesACleanErrorAndTheBagReadsUpToItsLastChunk() throws Exception {
    Path bag = dir.resolve("bag");
    String child = String.join(" ", JavaChild.command(FillingBagWriter.class, bag.toString()).stream()
        .map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    ProcessResult r = ProcessResult.run(List.of("bash", "-c", "ulimit -f " + LIMIT_KB + " && exec " + child), Map.of());

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).doesNotContain("Exception");
    List<String> lines = r.stdout().lines().toList();
    String error = lines.stream().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    assertThat(error).containsIgnoringCase("file too large");
    long written = lines.stream().filter(l -> l.startsWith("written ")).count();
    assertThat(written).as("messages written before the disk filled").isBetween(800L, 1100L);

    List<Long> read = new ArrayList<>();
    try (Bag b = Bag.open(bag)) {
      try (MessageIterator it = b.messages()) {
        while (it.hasNext()) {
          BagMessage m = it.next();
          long index = indexOf(m.data());
          assertThat(m.data()).isEqualTo(FillingBagWriter.payload(index));
          read.add(index);
        }
      }
    }
    long perChunk = FillingBagWriter.CHUNK_BYTES / FillingBagWriter.MESSAGE_BYTES + 1;
    assertThat(read).as("messages read back, in order from the first")
        .startsWith(0L, 1L, 2L).isSorted().doesNotHaveDuplicates();
    assertThat(read.get(read.size() - 1)).isEqualTo(read.size() - 1);
    assertThat((long) read.size()).isBetween(written - 2 * perChunk, written);
  }

  private static long indexOf(byte[] data) {
    long i = 0;
    for (int k = 7; k >= 0; k--) {
      i = (i << 8) | (data[k] & 0xff);
    }
    return i;
  }
}
