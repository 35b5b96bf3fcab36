package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk outbox: order, acknowledgement, bounds, and what a restart finds. */
@Tag("unit")
class MqttOutboxTest {
  @TempDir Path dir;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> drain(Outbox o) {
    List<String> out = new ArrayList<>();
    long cursor = o.doneSeq();
    for (OutboxEntry e = o.after(cursor); e != null; e = o.after(e.seq())) {
      out.add(e.topic() + "=" + new String(e.payload(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void keepsOrderAndForgetsWhatIsAcknowledged() throws IOException {
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      long a = o.append("t/a", 1, seq -> text("a" + seq));
      long b = o.append("t/b", 1, seq -> text("b" + seq));
      long c = o.append("t/a", 1, seq -> text("c" + seq));
      assertThat(List.of(a, b, c)).containsExactly(1L, 2L, 3L);
      assertThat(drain(o)).containsExactly("t/a=a1", "t/b=b2", "t/a=c3");
      o.acknowledge(b);
      assertThat(drain(o)).containsExactly("t/a=c3");
      assertThat(o.size()).isEqualTo(1);
      assertThat(o.after(0).seq()).isEqualTo(3);
    }
  }

  @Test
  void aRestartDeliversWhatWasNotAcknowledgedAndContinuesTheSequence() throws IOException {
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      for (int i = 0; i < 5; i++) {
        o.append("t", 1, seq -> text("m" + seq));
      }
      o.acknowledge(2);
    }
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      assertThat(drain(o)).containsExactly("t=m3", "t=m4", "t=m5");
      assertThat(o.append("t", 1, seq -> text("m" + seq))).isEqualTo(6);
      o.acknowledge(6);
      o.sync();
      assertThat(o.size()).isZero();
    }
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      assertThat(drain(o)).isEmpty();
      assertThat(o.append("t", 1, seq -> text("m" + seq))).as("numbers are never reused").isEqualTo(7);
    }
  }

  @Test
  void whatWasWrittenSurvivesACrashWithoutClose() throws IOException {
    Outbox crashed = Outbox.open(dir, 100, 1 << 20);
    crashed.append("t", 1, seq -> text("kept"));
    // no close(), no sync(): the process died here
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      assertThat(drain(o)).containsExactly("t=kept");
    }
  }

  @Test
  void whenFullTheOldestIsDroppedAndCounted() throws IOException {
    try (Outbox o = Outbox.open(dir, 3, 1 << 20)) {
      for (int i = 1; i <= 5; i++) {
        o.append("t", 1, seq -> text("m" + seq));
      }
      assertThat(drain(o)).containsExactly("t=m3", "t=m4", "t=m5");
      assertThat(o.dropped()).isEqualTo(2);
      assertThat(o.appended()).isEqualTo(5);
    }
    try (Outbox o = Outbox.open(dir, 3, 1 << 20)) {
      assertThat(drain(o)).as("dropped messages stay dropped after a restart").containsExactly("t=m3", "t=m4", "t=m5");
    }
  }

  @Test
  void theByteBoundDropsTheOldestToo() throws IOException {
    byte[] kb = new byte[1000];
    try (Outbox o = Outbox.open(dir, 1000, 65536)) {
      for (int i = 0; i < 100; i++) {
        o.append("t", 1, seq -> kb);
      }
      assertThat(o.bytes()).isLessThanOrEqualTo(65536);
      assertThat(o.size()).isBetween(60, 65);
      assertThat(o.dropped()).isEqualTo(100 - o.size());
      assertThat(o.after(0).seq()).isEqualTo(100 - o.size() + 1);
    }
  }

  @Test
  void aTornLastRecordIsIgnoredAndTheRestRead() throws IOException {
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      o.append("t", 1, seq -> text("one"));
      o.append("t", 1, seq -> text("two"));
    }
    Path segment;
    try (Stream<Path> s = Files.list(dir)) {
      segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      assertThat(drain(o)).containsExactly("t=one", "t=two");
      assertThat(o.append("t", 1, seq -> text("three"))).isEqualTo(3);
    }
  }

  @Test
  void aCorruptedRecordEndsItsSegmentButNotTheOutbox() throws IOException {
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      o.append("t", 1, seq -> text("one"));
      o.append("t", 1, seq -> text("two"));
    }
    Path segment;
    try (Stream<Path> s = Files.list(dir)) {
      segment = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(segment);
    b[b.length - 1] ^= 0x55; // last payload byte of "two": its CRC no longer matches
    Files.write(segment, b);
    try (Outbox o = Outbox.open(dir, 100, 1 << 20)) {
      assertThat(drain(o)).containsExactly("t=one");
    }
  }

  @Test
  void finishedSegmentsAreDeleted() throws IOException {
    byte[] kb = new byte[4000];
    try (Outbox o = Outbox.open(dir, 100_000, 1 << 20)) {
      long last = 0;
      for (int i = 0; i < 100; i++) { // 400 kB: several 128 kB segments
        last = o.append("t", 1, seq -> kb);
      }
      assertThat(segments()).isGreaterThan(2);
      o.acknowledge(last);
      o.sync();
      assertThat(segments()).as("only the segment being written stays").isEqualTo(1);
    }
  }

  private long segments() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".seg")).count();
    }
  }
}
