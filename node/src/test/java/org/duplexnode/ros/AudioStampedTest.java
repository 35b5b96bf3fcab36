package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioStamped;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.duplexnode.ports.RawAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** mgonzs13's AudioStamped: its DDS name, a round trip, and every PyAudio format it can carry. */
@Tag("unit")
class AudioStampedTest {

  static AudioStamped message(int format, int channels, int rate) {
    AudioStamped m = new AudioStamped();
    m.getHeader().getStamp().setSec(12);
    m.getHeader().getStamp().setNanosec(500);
    m.getAudio().getInfo().setFormat(format);
    m.getAudio().getInfo().setChannels(channels);
    m.getAudio().getInfo().setRate(rate);
    m.getAudio().getInfo().setChunk(4);
    return m;
  }

  @Test
  void carriesTheUpstreamTypeNameAndRoundTrips() throws Exception {
    CdrCodec<AudioStamped> codec = new CdrCodec<>(AudioStamped.class);
    assertThat(new audio_common_msgs.msg.dds.AudioStampedPubSubType().getName())
        .isEqualTo("audio_common_msgs::msg::dds_::AudioStamped_");
    AudioStamped m = message(8, 1, 16000);
    m.getAudio().getAudioData().getInt16Data().add((short) 1);
    m.getAudio().getAudioData().getInt16Data().add((short) -2);
    AudioStamped back = codec.newMessage();
    codec.decode(codec.encode(m), back);
    assertThat(back.getAudio().getAudioData().getInt16Data().size()).isEqualTo(2);
    assertThat(back.getAudio().getAudioData().getInt16Data().get(1)).isEqualTo((short) -2);
    assertThat(back.getAudio().getInfo().getRate()).isEqualTo(16000);
  }

  @Test
  void everyPyAudioFormatBecomesPcm() {
    AudioStamped f32 = message(1, 2, 48000);
    f32.getAudio().getAudioData().getFloat32Data().add(0.5f);
    RawAudio a = MessageConversions.audioStamped(f32, "mic").orElseThrow();
    assertThat(a.sampleFormat()).isEqualTo("F32LE");
    assertThat(a.channels()).isEqualTo(2);
    assertThat(a.sampleRate()).isEqualTo(48000);
    assertThat(a.stampNanos()).isEqualTo(12_000_000_500L);
    assertThat(ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(0.5f);

    AudioStamped s32 = message(2, 1, 16000);
    s32.getAudio().getAudioData().getInt32Data().add(1 << 20);
    assertThat(MessageConversions.audioStamped(s32, "mic").orElseThrow().sampleFormat()).isEqualTo("S32LE");

    AudioStamped u8 = message(32, 1, 16000);
    u8.getAudio().getAudioData().getUint8Data().add((byte) 255);
    RawAudio w = MessageConversions.audioStamped(u8, "mic").orElseThrow();
    assertThat(w.sampleFormat()).isEqualTo("S16LE");
    assertThat(ByteBuffer.wrap(w.data()).order(ByteOrder.LITTLE_ENDIAN).getShort()).isEqualTo((short) (127 << 8));

    assertThat(MessageConversions.audioStamped(message(4, 1, 16000), "mic")).as("paInt24 is not carried").isEmpty();
    assertThat(MessageConversions.audioStamped(message(8, 0, 16000), "mic")).isEmpty();
    assertThat(MessageConversions.audioStamped(message(8, 1, 1000), "mic")).isEmpty();
  }
}
