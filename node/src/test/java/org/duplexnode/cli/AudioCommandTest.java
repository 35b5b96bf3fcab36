package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code duplex-node audio check}'s configuration errors, found before any device is opened. */
@Tag("unit")
class AudioCommandTest {
  @TempDir Path dir;

  @Test
  void aRecordingThatDoesNotExistIsBadInput() {
    assertThat(DuplexNodeCommand.execute("audio", "check", "--bag", dir.resolve("none").toString()))
        .isEqualTo(ExitCode.BAD_INPUT.code());
  }

  @Test
  void aBagWithoutTheSpeakersFarEndIsBadInput() {
    // The demo's sample bag has a microphone but no /audio/far_end: nothing to check the echo of.
    assertThat(DuplexNodeCommand.execute("audio", "check", "--bag", Path.of("src/demo/sample-bag").toString()))
        .isEqualTo(ExitCode.BAD_INPUT.code());
  }

  @Test
  void aFolderThatHoldsARecordingIsNotOverwritten() throws Exception {
    Files.createDirectories(dir.resolve("out/bag"));
    assertThat(DuplexNodeCommand.execute("audio", "check", "--out", dir.resolve("out").toString()))
        .isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(dir.resolve("out/bag")).isEmptyDirectory();
  }

  @Test
  void aRoomTimeOutOfRangeIsBadInput() {
    assertThat(DuplexNodeCommand.execute("audio", "check", "--room-s", "0.1", "--out", dir.toString()))
        .isEqualTo(ExitCode.BAD_INPUT.code());
  }
}
