package org.duplexnode.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;

/**
 * A room where only the robot talks, through the pipeline as the node runs it with a local speaker
 * (the microphone in 100 ms messages, the speaker's slices into the {@link FarEndReference} half a
 * second ahead, the echo path as {@code settings} ask, the self-voice gate off, Silero on what is
 * left): every time the voice detector says the user started speaking is a false trigger.
 *
 * @param startsS the input times of the START events, in s from the room's start
 * @param echoWindows windows the voice detector scored as speech that the echo guard took for the robot's own voice
 * @param audioS the seconds of microphone audio
 */
public record EchoAloneRun(List<Double> startsS, double audioS, long echoWindows) {
  private static final long S = 1_000_000_000L;

  public static EchoAloneRun run(SyntheticRoom room, EchoSettings settings) throws InterruptedException {
    float[] mic = room.microphone();
    long t0 = 1000 * S;
    FarEndReference reference = new FarEndReference();
    EchoPath echo = EchoPath.of(settings, reference, EchoPath.speex(settings));
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 64, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk");
    List<Double> starts = Collections.synchronizedList(new ArrayList<>());
    long echoWindows;
    OutputPort out = OutputPort.ofEach(e -> {
      if (e instanceof UserSpeechChange c && c.kind() == UserSpeechChange.Kind.START) {
        starts.add((c.startNs() - t0) / 1e9);
      }
    });
    try (ConversationPipeline p = ConversationPipeline.start(s, new Listener(), out, null, () -> t0,
        r -> new Thread(r, "model"), echo)) {
      int played = 0;
      long playStart = t0 + (long) (SyntheticRoom.PLAY_START_S * S);
      for (int k = 0; k * 1600 < mic.length; k++) {
        long stamp = t0 + k * 100_000_000L;
        while (played < room.robot24k().length && playStart + played * S / 24_000 < stamp + S / 2) {
          int len = Math.min(2400, room.robot24k().length - played);
          reference.played(playStart + played * S / 24_000, 24_000, room.robot24k(), played, len);
          played += len;
        }
        ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1600; i++) {
          int at = k * 1600 + i;
          b.putShort(at < mic.length ? (short) Math.round(Math.max(-1, Math.min(1, mic[at])) * 32767) : 0);
        }
        p.input().onAudio(new RawAudio(stamp, "mic", 16000, 1, "S16LE", b.array()));
      }
      p.finishInput();
      echoWindows = echo.echoOnsets();
    } finally {
      echo.close();
    }
    return new EchoAloneRun(List.copyOf(starts), mic.length / (double) SyntheticRoom.RATE, echoWindows);
  }

  /** A model that only listens: the run is about what the voice detector hears. */
  private static final class Listener implements UnitProcessor {
    @Override public void prepare() { }

    @Override
    public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
      return new Processed(true, false, "", new float[0], false, 0);
    }

    @Override public void close() { }
  }
}
