package org.duplexnode.bag.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CdrReaderWriterTest {
  @Test
  void littleEndianValuesAlignRelativeToTheEndOfTheHeader() throws CdrFormatException {
    byte[] bytes = new CdrWriter(CdrEncapsulation.CDR_LE)
        .writeUint8(7).writeInt16(-2).writeInt64(0x0102030405060708L).writeString("hi").writeFloat32(1.5f)
        .toByteArray();
    // header 00 01 00 00 | u8 @0 | pad @1 | i16 @2 | pad @4..8 | i64 @8 | len @16 | "hi\0" @20 | pad @23 | f32 @24
    assertThat(bytes).hasSize(4 + 28);
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(bytes[1]).isEqualTo((byte) 1);
    assertThat(bytes[4 + 8]).isEqualTo((byte) 0x08);
    assertThat(bytes[4 + 16]).isEqualTo((byte) 3);
    CdrReader in = new CdrReader(bytes);
    assertThat(in.encapsulation()).isEqualTo(CdrEncapsulation.CDR_LE);
    assertThat(in.readUint8()).isEqualTo(7);
    assertThat(in.readInt16()).isEqualTo(-2);
    assertThat(in.readInt64()).isEqualTo(0x0102030405060708L);
    assertThat(in.readString()).isEqualTo("hi");
    assertThat(in.readFloat32()).isEqualTo(1.5f);
    assertThat(in.remaining()).isZero();
  }

  @Test
  void bigEndianWritesMostSignificantByteFirst() throws CdrFormatException {
    byte[] bytes = new CdrWriter(CdrEncapsulation.CDR_BE).writeUint32(0x01020304L).writeFloat64(-2.25)
        .writeUint16(0xfffe).toByteArray();
    assertThat(bytes).startsWith(0, 0, 0, 0, 1, 2, 3, 4);
    CdrReader in = new CdrReader(bytes);
    assertThat(in.encapsulation().littleEndian()).isFalse();
    assertThat(in.readUint32()).isEqualTo(0x01020304L);
    assertThat(in.readFloat64()).isEqualTo(-2.25);
    assertThat(in.readUint16()).isEqualTo(0xfffe);
  }

  @Test
  void xcdr2AlignsEightByteValuesToFour() throws CdrFormatException {
    byte[] bytes = new CdrWriter(CdrEncapsulation.CDR2_LE).writeUint32(1).writeInt64(-1).toByteArray();
    assertThat(bytes).hasSize(4 + 12);
    CdrReader in = new CdrReader(bytes);
    assertThat(in.readUint32()).isEqualTo(1);
    assertThat(in.readInt64()).isEqualTo(-1);
  }

  @Test
  void emptyStringsAreReadWithOrWithoutTheirTerminator() throws CdrFormatException {
    assertThat(new CdrReader(new byte[] {0, 1, 0, 0, 1, 0, 0, 0, 0}).readString()).isEmpty();
    assertThat(new CdrReader(new byte[] {0, 1, 0, 0, 0, 0, 0, 0}).readString()).isEmpty();
  }

  @Test
  void unsupportedEncapsulationsAndOverrunsAreNamed() {
    assertThatThrownBy(() -> new CdrReader(new byte[] {0, 3, 0, 0})).isInstanceOf(CdrFormatException.class)
        .hasMessageContaining("parameter-list");
    assertThatThrownBy(() -> new CdrReader(new byte[] {0, 1})).hasMessageContaining("no encapsulation header");
    assertThatThrownBy(() -> new CdrReader(new byte[] {0, 1, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0}).readString())
        .isInstanceOf(CdrFormatException.class).hasMessageContaining("string");
    assertThatThrownBy(() -> new CdrReader(new byte[] {0, 1, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f})
        .readSequenceLength(4)).isInstanceOf(CdrFormatException.class).hasMessageContaining("cannot fit");
    assertThatThrownBy(() -> new CdrReader(new byte[] {0, 1, 0, 0, 1, 2}).readInt32())
        .isInstanceOf(CdrFormatException.class).hasMessageContaining("int32");
  }
}
