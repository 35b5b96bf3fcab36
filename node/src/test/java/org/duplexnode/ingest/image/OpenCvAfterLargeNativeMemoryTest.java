package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OpenCV loads in a process that already holds far more native memory than its Java heap, as the
 * node does after opening a full-width model package: a child JVM with a 64 MB heap touches
 * 400 MB of direct memory, then loads OpenCV. JavaCPP's own limit (4 times the heap) would refuse.
 */
@Tag("integration")
class OpenCvAfterLargeNativeMemoryTest {
  /** The child: touch {@code args[0]} MB of direct memory, then load OpenCV; prints the version. */
  public static void main(String[] args) {
    ByteBuffer big = ByteBuffer.allocateDirect(Integer.parseInt(args[0]) << 20);
    for (int i = 0; i < big.capacity(); i += 4096) {
      big.put(i, (byte) 1);
    }
    System.out.println("opencv " + OpenCvNatives.load() + " after " + big.capacity() / (1 << 20) + " MB");
  }

  @Test
  void loadsAfterTheModelHasTakenGigabytes() throws Exception {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(javaBin.toString(), "-Xmx64m", "-XX:MaxDirectMemorySize=1g", "-cp",
        System.getProperty("java.class.path"), OpenCvAfterLargeNativeMemoryTest.class.getName(), "400"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("opencv 4.").contains("after 400 MB");
  }
}
