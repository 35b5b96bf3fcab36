package org.duplexnode.ros;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import audio_common_msgs.msg.dds.AudioStamped;
import com.code_intelligence.jazzer.junit.FuzzTest;
import duplex_msgs.msg.dds.ForceListen;
import duplex_msgs.msg.dds.Mute;
import duplex_msgs.msg.dds.WatchCommand;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.duplexnode.bag.cdr.CdrFormatException;
import org.duplexnode.bag.cdr.CdrMessageDecoder;
import org.duplexnode.bag.cdr.MsgSchema;
import org.junit.jupiter.api.Tag;
import rosgraph_msgs.msg.dds.Clock;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Int16MultiArray;

/**
 * Fuzzes the decoding of every type the node subscribes to, as it arrives over DDS or from a bag:
 * the generated deserializer behind {@link CdrCodec}, the conversion to source records, and the
 * schema-driven {@link CdrMessageDecoder} the bag tools use. The first input byte picks the type
 * (index into {@link NodeTopics#inputs()}), the rest is the serialized message.
 *
 * <p>Allowed failures: {@link IOException} from the codec and {@link CdrFormatException} from the
 * schema decoder. Regression inputs: {@code CdrFuzzTestInputs/decodesSubscribedTypes/}.
 */
@Tag("fuzz")
class CdrFuzzTest {
  private static final List<TopicSpec<?>> INPUTS = NodeTopics.inputs();
  private static final CdrCodec<?>[] CODECS = INPUTS.stream().map(t -> new CdrCodec<>(t.type())).toArray(CdrCodec[]::new);
  // Generated messages reserve their bounded sequences up front: one reused message per type, as live.
  private static final Object[] MESSAGES = Arrays.stream(CODECS).map(CdrCodec::newMessage).toArray();
  private static final CdrMessageDecoder[] SCHEMA_DECODERS = INPUTS.stream().map(CdrFuzzTest::schemaDecoder)
      .toArray(CdrMessageDecoder[]::new);

  @FuzzTest(maxDuration = "2m")
  void decodesSubscribedTypes(byte[] input) {
    if (input.length < 1) {
      return;
    }
    int which = (input[0] & 0xff) % INPUTS.size();
    byte[] cdr = Arrays.copyOfRange(input, 1, input.length);
    decodeAndConvert(CODECS[which], MESSAGES[which], cdr);
    if (SCHEMA_DECODERS[which] == null) {
      return;
    }
    try {
      SCHEMA_DECODERS[which].decode(cdr);
    } catch (CdrFormatException expected) {
      // documented failure of the schema decoder
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void decodeAndConvert(CdrCodec<T> codec, Object reused, byte[] cdr) {
    T message = (T) reused;
    try {
      codec.decode(cdr, message);
    } catch (IOException expected) {
      return;
    }
    convert(message);
  }

  /** What the live source does with each decoded message. */
  private static void convert(Object message) {
    var audioFormat = new AudioFormatState(16000, 1, "S16LE");
    if (message instanceof Image m) {
      MessageConversions.image(m, "camera");
    } else if (message instanceof CompressedImage m) {
      MessageConversions.compressed(m, "camera");
    } else if (message instanceof AudioDataStamped m) {
      MessageConversions.audio(m, audioFormat.current(), "mic");
    } else if (message instanceof AudioStamped m) {
      MessageConversions.audioStamped(m, "mic");
    } else if (message instanceof Int16MultiArray m) {
      MessageConversions.int16Audio(m, 0, audioFormat.current(), "mic");
    } else if (message instanceof AudioInfo m) {
      audioFormat.apply(m.getChannels(), m.getSampleRate(), WireStrings.decode(m.getSampleFormat()),
          WireStrings.decode(m.getCodingFormat()));
    } else if (message instanceof WatchCommand m) {
      MessageConversions.watch(m);
    } else if (message instanceof ForceListen m) {
      Stamps.toNanos(m.getHeader().getStamp());
      WireStrings.decode(m.getReason());
    } else if (message instanceof Mute m) {
      MessageConversions.mute(m);
    } else if (message instanceof Clock m) {
      Stamps.toNanos(m.getClock());
    } else if (message instanceof duplex_msgs.msg.dds.Say m) {
      MessageConversions.say(m);
    } else if (message instanceof duplex_msgs.msg.dds.Context m) {
      MessageConversions.context(m);
    } else if (message instanceof duplex_msgs.msg.dds.Reset m) {
      MessageConversions.reset(m);
    }
  }

  /** Null for types defined by IDL only (AudioStamped), which have no ros2msg text. */
  private static CdrMessageDecoder schemaDecoder(TopicSpec<?> spec) {
    if (MessageSchemas.class.getResource("/ros-msg/" + spec.rosType() + ".msg") == null) {
      return null;
    }
    try {
      return new CdrMessageDecoder(MsgSchema.parse(spec.rosType(), MessageSchemas.of(spec.rosType())));
    } catch (CdrFormatException e) {
      throw new IllegalStateException(spec.rosType() + ": " + e.getMessage(), e);
    }
  }
}
