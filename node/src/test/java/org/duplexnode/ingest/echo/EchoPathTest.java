package org.duplexnode.ingest.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ports.StatusReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EchoPathTest {
  private static final long S = 1_000_000_000L;

  private static StatusReport afterTwoSeconds(double outGain) {
    FarEndReference ref = new FarEndReference();
    ref.played(S, 24_000, FarEndReferenceTest.tone(700, 0, 48_000), 0, 48_000);
    float[] mic = new float[2 * 16_000];
    ref.read(S, mic, mic.length);
    EchoSettings settings = new EchoSettings(EchoSettings.Mode.SPEEX, 250, 0);
    EchoPath path = EchoPath.of(settings, ref, () -> new EchoCancelStageTest.SubtractingCanceller(160, 0, outGain));
    AudioStreamSink in = path.wrap(new EchoCancelStageTest.Collect());
    in.streamStarted(S);
    in.samples(mic, 0, mic.length);
    in.streamEnded();
    return path.report();
  }

  @Test
  void diagnosticsSayWhetherTheCancellerConverged() {
    StatusReport good = afterTwoSeconds(0.01);
    assertThat(good.level()).isEqualTo(StatusReport.Level.OK);
    assertThat(good.message()).isEqualTo("converged");
    assertThat(good.values()).contains(new StatusReport.Value("converged", "true"),
        new StatusReport.Value("delay ms", "0"), new StatusReport.Value("filter ms", "250"),
        new StatusReport.Value("erle db (last 5 s)", "40.0"));
    StatusReport poor = afterTwoSeconds(0.5);
    assertThat(poor.level()).isEqualTo(StatusReport.Level.WARN);
    assertThat(poor.message()).startsWith("not converged: echo lowered by 6.0 dB only");
  }

  @Test
  void withoutALocalSpeakerNothingIsCancelledOrFollowed() {
    EchoPath none = EchoPath.none();
    EchoCancelStageTest.Collect next = new EchoCancelStageTest.Collect();
    assertThat(none.wrap(next)).isSameAs(next);
    assertThat(none.cancelling()).isFalse();
    assertThat(none.heardUntilNanos()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void offFollowsThePlaybackWithoutACanceller() {
    FarEndReference ref = new FarEndReference();
    EchoPath off = EchoPath.of(new EchoSettings(EchoSettings.Mode.OFF, 300, 25), ref, () -> {
      throw new AssertionError("no canceller when off");
    });
    assertThat(off.cancelling()).isFalse();
    assertThat(off.heardUntilNanos()).isEqualTo(Long.MIN_VALUE);
    ref.played(S, 24_000, new short[2400], 0, 2400);
    assertThat(off.heardUntilNanos()).isEqualTo(S + S / 10 + 25_000_000L);
  }

  @Test
  void thePublishedSpeechsDelayIsEstimatedAndShownOnDiagnostics() {
    java.util.Random random = new java.util.Random(3);
    short[] pcm = new short[4 * 24_000];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (random.nextGaussian() * 3000);
    }
    FarEndReference ref = new FarEndReference();
    PublishedSpeech published = new PublishedSpeech(ref, () -> S);
    published.speech(new org.duplexnode.ports.SpeechChunk(1, 0, S, pcm, true, true, false));
    float[] played = new float[5 * 16_000];
    ref.read(S, played, played.length);
    float[] mic = new float[played.length];
    System.arraycopy(played, 0, mic, 2_400, played.length - 2_400); // 150 ms late
    EchoSettings settings = new EchoSettings(EchoSettings.Mode.SPEEX, 300, 0, EchoSettings.Reference.PUBLISHED);
    EchoPath path = EchoPath.published(settings, ref, () -> new EchoCancelStageTest.SubtractingCanceller(160, 0, 0.01));
    assertThat(path.heardUntilNanos()).as("the gate follows the composed speech").isEqualTo(Long.MIN_VALUE);
    StatusReport before = path.report();
    assertThat(before.message()).isEqualTo("no reference: no speech played in the last 5 s");
    assertThat(before.values()).contains(new StatusReport.Value("reference", "published"),
        new StatusReport.Value("delay ms", "n/a"), new StatusReport.Value("delay locked", "false"));
    AudioStreamSink in = path.wrap(new EchoCancelStageTest.Collect());
    in.streamStarted(S);
    in.samples(mic, 0, mic.length);
    in.streamEnded();
    StatusReport after = path.report();
    assertThat(path.delayEstimate().delayMs()).isCloseTo(150.0, org.assertj.core.api.Assertions.within(0.01));
    assertThat(after.level()).isEqualTo(StatusReport.Level.OK);
    assertThat(after.message()).isEqualTo("converged");
    assertThat(after.values()).contains(new StatusReport.Value("reference", "published"),
        new StatusReport.Value("delay ms", "150.0"), new StatusReport.Value("delay locked", "true"),
        new StatusReport.Value("alignment ms", "130.00"), new StatusReport.Value("restarts", "1"),
        new StatusReport.Value("converged", "true"));
  }
}
