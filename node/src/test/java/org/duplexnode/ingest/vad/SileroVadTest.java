package org.duplexnode.ingest.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled Silero VAD, for real, on espeak-ng speech framed by silence. */
@Tag("interop")
class SileroVadTest {
  static final long S = 1_000_000_000L;

  @TempDir Path dir;

  static float[] speechWithSilence(Path dir) throws Exception {
    Path raw = dir.resolve("raw.wav");
    Path wav = dir.resolve("speech16k.wav");
    run("espeak-ng", "-v", "en", "-s", "150", "-w", raw.toString(),
        "Please tell me when the light turns green. Thank you very much.");
    // 2 s of silence, the speech, 2 s of silence; 16 kHz mono 16-bit.
    run("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "pad", "2", "2");
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(wav.toString()))) {
      byte[] b = in.readAllBytes();
      float[] x = new float[b.length / 2];
      for (int i = 0; i < x.length; i++) {
        x[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8)) / 32768f;
      }
      return x;
    }
  }

  static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Test
  void hearsSpeechAndNotTheSilenceAroundIt() throws Exception {
    float[] audio = speechWithSilence(dir);
    double seconds = audio.length / 16000.0;
    try (SileroVad vad = SileroVad.bundled(OnnxRuntimeEngine.cpu())) {
      VoiceActivity activity = new VoiceActivity(vad, SpeechTimeline.standard());
      // Odd-sized pieces: windows must not depend on how the input is chunked.
      long start = 1000 * S;
      int at = 0;
      int[] sizes = {160, 1333, 4000, 7, 2048};
      for (int k = 0; at < audio.length; k++) {
        int n = Math.min(sizes[k % sizes.length], audio.length - at);
        activity.accept(audio, at, n, start + (long) at * S / 16000);
        at += n;
      }
      SpeechTimeline t = activity.timeline();
      assertThat(t.heardBetween(start, start + (long) (1.7 * S))).as("leading silence").isFalse();
      assertThat(t.heardBetween(start + (long) (2.5 * S), start + (long) (3.0 * S))).as("speech").isTrue();
      assertThat(t.heardBetween(start + (long) ((seconds - 1.5) * S), start + (long) (seconds * S)))
          .as("trailing silence").isFalse();
    }
  }

  @Test
  void aVoiceOnsetListenerAlsoHearsWindowsHalfAWindowLaterThanTheTimelines() throws Exception {
    float[] audio = speechWithSilence(dir);
    long start = 1000 * S;
    long windowNs = SileroVad.WINDOW * S / SileroVad.RATE;
    java.util.List<Long> onsets = new java.util.ArrayList<>();
    try (SileroVad vad = SileroVad.bundled(OnnxRuntimeEngine.cpu())) {
      VoiceActivity activity = new VoiceActivity(vad, SpeechTimeline.standard(), change -> { }, onsets::add);
      for (int at = 0; at < audio.length; at += 320) {
        int n = Math.min(320, audio.length - at);
        activity.accept(audio, at, n, start + (long) at * S / 16000);
      }
      assertThat(onsets).isNotEmpty();
      assertThat(onsets).as("windows on the timeline's grid").anyMatch(t -> (t - start) % windowNs == 0);
      assertThat(onsets).as("and staggered by half a window, 16 ms sooner")
          .anyMatch(t -> (t - start) % windowNs == windowNs / 2);
      long firstOnGrid = onsets.stream().filter(t -> (t - start) % windowNs == 0).findFirst().orElseThrow();
      assertThat(onsets.get(0)).as("the first onset is no later than the grid's").isLessThanOrEqualTo(firstOnGrid);
    }
  }

  @Test
  void silenceScoresLowAndResetRestartsTheState() {
    try (SileroVad vad = SileroVad.bundled(OnnxRuntimeEngine.cpu())) {
      float[] zeros = new float[SileroVad.WINDOW];
      float first = vad.score(zeros, 0);
      assertThat(first).isLessThan(0.1f);
      vad.score(zeros, 0);
      vad.reset();
      assertThat(vad.score(zeros, 0)).isEqualTo(first);
    }
  }
}
