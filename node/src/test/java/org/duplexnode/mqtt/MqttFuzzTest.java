package org.duplexnode.mqtt;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes what the MQTT bridge reads from outside: inbound command payloads (any bytes, on the
 * watch, force-listen, mute, say, context and reset topics; the first byte picks the topic) and
 * the outbox's segment files after a crash (any bytes in a segment and in the delivery mark, recovered on open).
 *
 * <p>Allowed failures: {@link CommandRejected} (a counted, answered rejection) and, for the outbox,
 * {@link IOException}. Regression inputs: {@code MqttFuzzTestInputs/<method>/}.
 */
@Tag("fuzz")
class MqttFuzzTest {
  private static final CommandCodec CODEC = new CommandCodec(16 * 1024);
  private static final String[] COMMANDS = {CommandCodec.WATCH, CommandCodec.FORCE_LISTEN, CommandCodec.MUTE,
      CommandCodec.SAY, CommandCodec.CONTEXT, CommandCodec.RESET};

  @FuzzTest(maxDuration = "2m")
  void commandPayloads(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String command = COMMANDS[(input[0] & 0xff) % COMMANDS.length];
    byte[] payload = java.util.Arrays.copyOfRange(input, 1, input.length);
    try {
      InboundCommand c = CODEC.decode(command, payload);
      if (c.requestId() == null || c.requestId().length() > CommandCodec.MAX_REQUEST_ID_CHARS) {
        throw new IllegalStateException("accepted a command with request id " + c.requestId());
      }
    } catch (CommandRejected expected) {
      // documented rejection: answered on cmd/error and counted
    }
  }

  /** The first 16 bytes (as text) are the delivery mark, the rest one segment file. */
  @FuzzTest(maxDuration = "2m")
  void outboxSegments(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("outbox-fuzz");
    try {
      int mark = Math.min(16, input.length);
      Files.write(dir.resolve("done"), java.util.Arrays.copyOfRange(input, 0, mark));
      Files.write(dir.resolve(String.format("%020d.seg", 1)), java.util.Arrays.copyOfRange(input, mark, input.length));
      try (Outbox o = Outbox.open(dir, 1000, 1 << 20)) {
        OutboxEntry e = o.after(o.doneSeq());
        long seen = 0;
        while (e != null && seen++ < 10_000) {
          e = o.after(e.seq());
        }
      } catch (IOException expected) {
        // a segment the node cannot read is reported when the bridge starts
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }
}
