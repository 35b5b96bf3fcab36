package org.duplexnode.bag.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class Lz4FrameDecoderTest {
  @Test
  void linkedBlocksMayReferToEarlierBlocks() throws Exception {
    byte[] frame = linkedFrame(false);
    assertThat(new String(Lz4FrameDecoder.decode(frame, 25), StandardCharsets.US_ASCII))
        .isEqualTo("hello world hello world !");
  }

  @Test
  void framesFromLz4JavaDecode() throws Exception {
    byte[] data = new byte[300_000];
    Random random = new Random(3);
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 1000 < 500 ? i % 7 : random.nextInt(4));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
        data.length, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
        LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
      lz4.write(data);
    }
    assertThat(Lz4FrameDecoder.decode(bytes.toByteArray(), data.length)).isEqualTo(data);
  }

  @Test
  void damageIsReportedNotThrownAsSomethingElse() throws Exception {
    byte[] good = linkedFrame(true);
    assertThatThrownBy(() -> Lz4FrameDecoder.decode(good, 24)).hasMessageContaining("more than the declared");
    assertThatThrownBy(() -> Lz4FrameDecoder.decode(good, 26)).hasMessageContaining("expected 26");
    byte[] badChecksum = good.clone();
    badChecksum[badChecksum.length - 1] ^= 1;
    assertThatThrownBy(() -> Lz4FrameDecoder.decode(badChecksum, 25)).hasMessageContaining("content checksum");
    byte[] badOffset = linkedFrame(false);
    badOffset[7 + 4 + 13 + 4 + 1] = 40;
    assertThatThrownBy(() -> Lz4FrameDecoder.decode(badOffset, 25)).hasMessageContaining("reaches before the output");
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(good, cut);
      assertThatThrownBy(() -> Lz4FrameDecoder.decode(truncated, 25)).isInstanceOf(McapFormatException.class);
    }
  }

  /** Block 1: literals "hello world "; block 2: a 12-byte match back into block 1, then "!". */
  private static byte[] linkedFrame(boolean contentChecksum) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    write32(f, 0x184D2204);
    int flags = 0x40 | (contentChecksum ? 0x04 : 0);
    byte[] descriptor = {(byte) flags, 0x40};
    f.writeBytes(descriptor);
    f.write((XXHashFactory.safeInstance().hash32().hash(descriptor, 0, 2, 0) >>> 8) & 0xff);
    byte[] first = new byte[13];
    first[0] = (byte) 0xC0;
    System.arraycopy("hello world ".getBytes(StandardCharsets.US_ASCII), 0, first, 1, 12);
    write32(f, first.length);
    f.writeBytes(first);
    byte[] second = {0x08, 12, 0, 0x10, '!'};
    write32(f, second.length);
    f.writeBytes(second);
    write32(f, 0);
    if (contentChecksum) {
      byte[] content = "hello world hello world !".getBytes(StandardCharsets.US_ASCII);
      write32(f, XXHashFactory.safeInstance().hash32().hash(content, 0, content.length, 0));
    }
    return f.toByteArray();
  }

  private static void write32(ByteArrayOutputStream out, int v) {
    for (int i = 0; i < 4; i++) {
      out.write(v >>> (8 * i));
    }
  }
}
