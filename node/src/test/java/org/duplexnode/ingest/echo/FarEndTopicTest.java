package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.duplexnode.ports.RawAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** audio/far_end into the echo reference: at the stamps, joined across a player's jitter, only S16LE mono. */
@Tag("unit")
class FarEndTopicTest {
  private static final long S = 1_000_000_000L;
  private final FarEndReference reference = new FarEndReference();
  private long clock = 50 * S;
  private final FarEndTopic topic = new FarEndTopic(reference, () -> clock);

  private static RawAudio tone(long stampNs, int rate, int from, int n, String format, int channels) {
    ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + n; i++) {
      b.putShort((short) Math.round(10_000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return new RawAudio(stampNs, "speaker_link", rate, channels, format, b.array());
  }

  @Test
  void messagesPlayAtTheirStampsAndAJitteredOneContinuesTheOneBefore() {
    topic.accept(tone(10 * S, 24_000, 0, 2400, "S16LE", 1));
    topic.accept(tone(10 * S + 107_000_000L, 24_000, 2400, 2400, "S16LE", 1)); // stamped 7 ms late
    assertThat(reference.playingUntilNanos()).as("joined: ends 200 ms after the first stamp")
        .isEqualTo(10 * S + 200_000_000L);
    float[] read = new float[1600];
    reference.read(10 * S + 50_000_000L, read, read.length); // across the join
    FarEndReference whole = new FarEndReference(); // the same tone played as one piece
    short[] pcm = new short[4800];
    ByteBuffer.wrap(tone(0, 24_000, 0, 4800, "S16LE", 1).data()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
    whole.played(10 * S, 24_000, pcm, 0, pcm.length);
    float[] want = new float[1600];
    whole.read(10 * S + 50_000_000L, want, want.length);
    double err = 0;
    double sig = 0;
    for (int i = 0; i < read.length; i++) {
      err += (read[i] - want[i]) * (read[i] - want[i]);
      sig += want[i] * want[i];
    }
    assertThat(10 * Math.log10(sig / err)).as("one continuous tone, SNR dB").isGreaterThan(30);

    topic.accept(tone(12 * S, 24_000, 0, 2400, "S16LE", 1)); // a new sound after a pause
    assertThat(reference.playingUntilNanos()).isEqualTo(12 * S + 100_000_000L);
    topic.accept(tone(0, 24_000, 0, 2400, "S16LE", 1)); // no stamp: now
    assertThat(reference.playingUntilNanos()).isEqualTo(50 * S + 100_000_000L);
    assertThat(topic.accepted()).isEqualTo(4);
    assertThat(topic.refused()).isZero();
  }

  @Test
  void audioItCannotReadIsRefusedAndCountedNotGuessedAt() {
    topic.accept(tone(10 * S, 24_000, 0, 2400, "S16LE", 2));
    topic.accept(tone(10 * S, 24_000, 0, 2400, "F32LE", 1));
    topic.accept(tone(10 * S, 96_000, 0, 2400, "S16LE", 1));
    topic.accept(new RawAudio(10 * S, "speaker_link", 24_000, 1, "S16LE", new byte[4801]));
    assertThat(topic.refused()).isEqualTo(4);
    assertThat(topic.accepted()).isZero();
    assertThat(topic.lastRefusal()).contains("odd byte count 4801");
    assertThat(reference.playingUntilNanos()).as("nothing played").isEqualTo(Long.MIN_VALUE);
  }
}
