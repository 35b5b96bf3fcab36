package org.duplexnode.pipeline;

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
      RoomFeed.play(room, reference, p.input(), t0);
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
