package org.duplexnode.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PcmDecoderTest {

  @Test
  void s16leStereoIsAveraged() {
    byte[] data = le(8).putShort((short) 16384).putShort((short) -16384)
        .putShort((short) 32767).putShort((short) 32767).array();
    PcmDecoder.Decoded d = PcmDecoder.decode(new Pcm.Bytes(SampleFormat.S16LE, data), 2);
    assertThat(d.mono()).containsExactly(0f, 32767f / 32768f);
    assertThat(d.nonFinite()).isZero();
  }

  @Test
  void s16leMonoScalesByFullScale() {
    byte[] data = le(6).putShort((short) -32768).putShort((short) 0).putShort((short) 8192).array();
    assertThat(PcmDecoder.decode(new Pcm.Bytes(SampleFormat.S16LE, data), 1).mono())
        .containsExactly(-1f, 0f, 0.25f);
  }

  @Test
  void s32leThreeChannels() {
    byte[] data = le(12).putInt(Integer.MIN_VALUE).putInt(1 << 30).putInt(1 << 30).array();
    assertThat(PcmDecoder.decode(new Pcm.Bytes(SampleFormat.S32LE, data), 3).mono())
        .containsExactly(0f);
  }

  @Test
  void f32leNonFiniteSamplesBecomeZeroAndAreCounted() {
    byte[] data = le(24).putFloat(Float.NaN).putFloat(0.5f)
        .putFloat(Float.POSITIVE_INFINITY).putFloat(Float.NEGATIVE_INFINITY)
        .putFloat(0.25f).putFloat(-0.75f).array();
    PcmDecoder.Decoded d = PcmDecoder.decode(new Pcm.Bytes(SampleFormat.F32LE, data), 2);
    assertThat(d.mono()).containsExactly(0.25f, 0f, -0.25f);
    assertThat(d.nonFinite()).isEqualTo(3);
  }

  @Test
  void typedArraysDecodeLikeTheirByteForms() {
    assertThat(PcmDecoder.decode(new Pcm.Shorts(new short[] {16384, 0, -32768, -32768}), 2).mono())
        .containsExactly(0.25f, -1f);
    assertThat(PcmDecoder.decode(new Pcm.Ints(new int[] {1 << 30}), 1).mono()).containsExactly(0.5f);
    PcmDecoder.Decoded f = PcmDecoder.decode(new Pcm.Floats(new float[] {Float.NaN, 0.5f}), 1);
    assertThat(f.mono()).containsExactly(0f, 0.5f);
    assertThat(f.nonFinite()).isEqualTo(1);
  }

  @Test
  void partialFramesAreRefused() {
    Pcm odd = new Pcm.Bytes(SampleFormat.S16LE, new byte[5]);
    assertThat(odd.sampleCount()).isEqualTo(-1);
    assertThatThrownBy(() -> PcmDecoder.decode(odd, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PcmDecoder.decode(new Pcm.Shorts(new short[3]), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2-channel");
  }

  @Test
  void parsesAudioInfoFormatNames() {
    assertThat(SampleFormat.parse("S16LE")).contains(SampleFormat.S16LE);
    assertThat(SampleFormat.parse(" f32le ")).contains(SampleFormat.F32LE);
    assertThat(SampleFormat.parse("U8")).isEmpty();
    assertThat(SampleFormat.parse(null)).isEmpty();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
