package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioInfo;
import builtin_interfaces.msg.dds.Time;
import org.duplexnode.ingest.image.ImageIngest;
import org.duplexnode.ingest.image.Rejected;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import sensor_msgs.msg.dds.Image;

/**
 * uint32 and uint8 fields as they arrive over DDS (the generated classes sign-extend them) are
 * compared and printed as the unsigned numbers the sender wrote.
 */
@Tag("unit")
class UnsignedFieldsTest {
  static <T> T overTheWire(Class<T> type, T message) throws Exception {
    CdrCodec<T> codec = new CdrCodec<>(type);
    T back = codec.newMessage();
    codec.decode(codec.encode(message), back);
    return back;
  }

  @Test
  void anImageOfMaximalUint32SidesIsPrintedAsSent() throws Exception {
    Image sent = new Image();
    sent.setWidth(4294967295L);
    sent.setHeight(4294967295L);
    sent.setStep(4294967295L);
    sent.getEncoding().append("rgb8");
    sent.getData().add((byte) 1);
    Image m = overTheWire(Image.class, sent);
    assertThat(MessageConversions.size(m)).isEqualTo("4294967295x4294967295");
    var outcome = new ImageIngest().accept(MessageConversions.image(m, "camera"));
    assertThat(outcome).isInstanceOf(Rejected.class);
    assertThat(((Rejected) outcome).message()).isEqualTo("image is 4294967295x4294967295; each side must be 1..8192");
  }

  @Test
  void aStepAboveTwoToTheThirtyOneIsTooLongForTheDataNotTooShort() throws Exception {
    Image sent = new Image();
    sent.setWidth(4);
    sent.setHeight(2);
    sent.setStep(3_000_000_000L);
    sent.getEncoding().append("mono8");
    for (int i = 0; i < 8; i++) {
      sent.getData().add((byte) i);
    }
    var outcome = new ImageIngest().accept(MessageConversions.image(overTheWire(Image.class, sent), "camera"));
    assertThat(((Rejected) outcome).message())
        .isEqualTo("data has 8 bytes; 4x2 MONO8 with step 3000000000 needs 3000000004");
  }

  @Test
  void audioInfoChannelsAndRateAreReadUnsigned() throws Exception {
    AudioInfo sent = new AudioInfo();
    sent.setChannels((byte) 200);
    sent.setSampleRate(16000);
    sent.getSampleFormat().append("S16LE");
    AudioFormatState state = new AudioFormatState(16000, 1, "S16LE");
    assertThat(MessageConversions.applyAudioInfo(state, overTheWire(AudioInfo.class, sent)))
        .isEqualTo("channels 200 outside 1..32");
    sent.setChannels((byte) 1);
    sent.setSampleRate(4294967295L);
    assertThat(MessageConversions.applyAudioInfo(state, overTheWire(AudioInfo.class, sent)))
        .isEqualTo("sample_rate 4294967295 outside 8000..192000");
  }

  @Test
  void nanosecondsAboveTwoToTheThirtyOneDoNotTurnTimeBack() throws Exception {
    Time sent = new Time();
    sent.setSec(10);
    sent.setNanosec(3_000_000_000L);
    assertThat(Stamps.toNanos(overTheWire(Time.class, sent))).isEqualTo(13_000_000_000L);
  }

  @Test
  void aTimeBeyondInt32SecondsIsClampedNotWrapped() {
    Time t = new Time();
    Stamps.set(t, 3_000_000_000L * 1_000_000_000L);
    assertThat(t.getSec()).isEqualTo(Integer.MAX_VALUE);
    assertThat(t.getNanosec()).isEqualTo(999_999_999L);
    Stamps.set(t, 1_500_000_000_123L);
    assertThat(t.getSec()).isEqualTo(1500);
    assertThat(t.getNanosec()).isEqualTo(123L);
  }
}
