package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ingest.SelfVoiceGate;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.outputs.KindRules;
import org.duplexnode.ports.StatusReport;
import org.duplexnode.ros.RosOutputs;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.QueuePolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pipeline with SpeexDSP's canceller in a generated room: the units the model gets carry the
 * user, not the robot, at the times the microphone stamped.
 */
@Tag("integration")
class EchoCancelPipelineTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theModelHearsTheMicrophoneWithoutTheRobotsVoice() throws Exception {
    SyntheticRoom room = SyntheticRoom.make(SyntheticRoom.Shape.typical());
    float[] mic = room.microphone();
    // Single talk after 3 s of the robot's speech, until the user starts.
    int from = (int) ((SyntheticRoom.PLAY_START_S + 3) * 16_000);
    int to = (int) (room.userStartS() * 16_000);
    float[] cancelled = heard(room, new EchoSettings(EchoSettings.Mode.SPEEX, 300, 110).suppressing(false), null);
    double cancelledErle = 10 * Math.log10(energy(mic, from, to) / energy(cancelled, from, to));
    assertThat(cancelledErle).as("ERLE in the units, the canceller alone").isGreaterThan(25);
    StatusReport[] report = new StatusReport[1];
    float[] heard = heard(room, new EchoSettings(EchoSettings.Mode.SPEEX, 300, 110), report);
    // The residual echo suppressed (the default): the robot's echo alone comes out all but silent.
    assertThat(10 * Math.log10(energy(mic, from, to) / Math.max(energy(heard, from, to), 1e-12)))
        .as("ERLE in the units, suppressed").isGreaterThan(cancelledErle + 15);
    // Where both talk the user is kept, in place, within 2 dB.
    int bothTo = (int) (room.robotEndS() * 16_000);
    assertThat(projection(heard, room, (int) (room.userStartS() * 16_000), bothTo))
        .as("the user's voice in double talk").isBetween(Math.pow(10, -2 / 20.0), 1.1);
    // The user alone after the robot stopped: kept, at its own times (the projection is near 1).
    int userFrom = (int) ((room.robotEndS() + 0.6) * 16_000);
    int userTo = Math.min(mic.length, userFrom + 8_000);
    assertThat(projection(heard, room, userFrom, userTo)).as("the user's voice kept in place").isBetween(0.7, 1.2);
    assertThat(report[0].name()).isEqualTo("echo cancel");
    assertThat(report[0].values()).contains(new StatusReport.Value("mode", "speex"),
        new StatusReport.Value("delay ms", "110"), new StatusReport.Value("filter ms", "300"),
        new StatusReport.Value("residual echo suppressed", "true"));
    long silenced = Long.parseLong(report[0].values().stream()
        .filter(v -> v.key().equals("frames of echo alone silenced")).findFirst().orElseThrow().value());
    assertThat(silenced).as("frames of echo alone silenced").isPositive();
    assertThat(report[0].values()).extracting(StatusReport.Value::key).contains("voices at the robot's pitch refused");
  }

  /** How much of the user's voice is in {@code heard} over [from, to), where the user talks (1: all of it). */
  private static double projection(float[] heard, SyntheticRoom room, int from, int to) {
    double cross = 0;
    for (int i = from; i < to; i++) {
      cross += (double) heard[i] * room.nearEnd()[i];
    }
    return cross / energy(room.nearEnd(), from, to);
  }

  /** What the model was given of {@code room}, sample by sample at the microphone's times. */
  private static float[] heard(SyntheticRoom room, EchoSettings settings, StatusReport[] report) throws Exception {
    float[] mic = room.microphone();
    long t0 = 1000 * S;
    FarEndReference reference = new FarEndReference();
    EchoPath echo = EchoPath.of(settings, reference, EchoPath.speex(settings));
    PipelineSettings s = new PipelineSettings(QueuePolicy.BLOCK, 64, 2.0, SelfVoiceGate.Mode.OFF, 20, 3.0,
        KindRules.none(), "cam", "mic", "spk");
    ConversationPipelineTest.ScriptedModel model = new ConversationPipelineTest.ScriptedModel();
    float[] heard = new float[mic.length];
    try (ConversationPipeline p = ConversationPipeline.start(s, model,
        new RosOutputs(new ConversationPipelineTest.Recording(), () -> t0, "spk", "mic"), null, () -> t0,
        r -> new Thread(r, "model"), echo)) {
      RoomFeed.play(room, reference, p.input(), t0);
      p.finishInput();
      if (report != null) {
        report[0] = echo.report();
      }
    } finally {
      echo.close();
    }
    for (AudioUnit u : model.units) {
      for (int i = u.leadingPadSamples(); i < u.samples().length - u.trailingPadSamples(); i++) {
        long at = (u.startNanos() - t0) / 62_500 + i - u.leadingPadSamples();
        if (at >= 0 && at < heard.length) {
          heard[(int) at] = u.samples()[i];
        }
      }
    }
    return heard;
  }

  private static double energy(float[] x, int from, int to) {
    double e = 0;
    for (int i = from; i < to; i++) {
      e += (double) x[i] * x[i];
    }
    return e;
  }
}
