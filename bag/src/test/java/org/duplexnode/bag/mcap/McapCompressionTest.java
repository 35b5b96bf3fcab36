package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("unit")
class McapCompressionTest {
  private static final byte[] TEXT = "the same words, the same words, the same words".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(McapCompression.class)
  void roundTripsAndChecksTheDeclaredSize(McapCompression c) throws Exception {
    ByteBuffer packed = ByteBuffer.wrap(c.compress(TEXT, TEXT.length, 3));
    assertThat(c.decompress(packed, TEXT.length, 1 << 20)).isEqualTo(TEXT);
    assertThatThrownBy(() -> c.decompress(packed, TEXT.length + 1, 1 << 20)).isInstanceOf(McapFormatException.class);
    assertThatThrownBy(() -> c.decompress(packed, 1L << 40, 1 << 20)).hasMessageContaining("more than the limit");
    assertThat(McapCompression.fromWireName(c.wireName())).isEqualTo(c);
  }

  @Test
  void zstdChunksMayHoldSeveralFrames() throws Exception {
    byte[] first = Zstd.compress("hello ".getBytes(StandardCharsets.UTF_8), 3);
    byte[] second = Zstd.compress("world".getBytes(StandardCharsets.UTF_8), 3);
    ByteBuffer both = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
    assertThat(new String(McapCompression.ZSTD.decompress(both, 11, 1 << 20), StandardCharsets.UTF_8))
        .isEqualTo("hello world");
    assertThatThrownBy(() -> McapCompression.ZSTD.decompress(both, 1 << 19, 1 << 20))
        .hasMessageContaining("zstd frames hold 11 bytes");
    assertThatThrownBy(() -> McapCompression.ZSTD.decompress(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}), 6, 1 << 20))
        .isInstanceOf(McapFormatException.class).hasMessageContaining("invalid");
    assertThatThrownBy(() -> McapCompression.fromWireName("bz2")).hasMessageContaining("unsupported chunk compression");
  }
}
