package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.duplexnode.testing.JavaChild;
import org.duplexnode.testing.ProcessResult;
import org.duplexnode.testing.PulseAudioServer;
import org.duplexnode.testing.WavFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local speaker and microphone through the real Java Sound -> ALSA path, on a machine without
 * a sound card: ALSA's default PCM is a private PulseAudio server with null sinks (see
 * {@link PulseAudioServer}), configured before the child JVM that opens the devices starts.
 */
@Tag("interop")
class LocalAudioDeviceTest {
  /**
   * Samples of the start of an utterance the recording may miss: PulseAudio's null sink shows a
   * fresh stream from 3 to 20 ms in on a quiet machine and up to 220 ms in on a loaded one (seen
   * with other test JVMs running); 250 ms allowed. Everything after that point must be exact.
   */
  private static final int START_LOSS = 6000;

  @TempDir Path dir;

  @Test
  void theSpeakerPlaysExactlyTheSamplesAndAnInterruptionStopsItWithinTheBuffer() throws Exception {
    short[] a = toneSequence(3 * 24_000, 1);
    short[] b = toneSequence(24_000 / 2, 2);
    Path aRaw = writeRaw(dir.resolve("a.raw"), a);
    Path bRaw = writeRaw(dir.resolve("b.raw"), b);
    Path recorded = dir.resolve("recorded.raw");
    Map<String, String> child;
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      Process recording = pulse.record(recorded);
      Thread.sleep(300); // the recorder is connected before anything plays
      ProcessResult r = ProcessResult.run(JavaChild.command(LocalAudioChild.class, "speaker", "default",
          aRaw.toString(), bRaw.toString()), pulse.environment());
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      child = keyValues(r.stdout());
      PulseAudioServer.stop(recording);
    }
    short[] rec = readRaw(recorded);
    long playedAtInterruption = Long.parseLong(child.get("playedAtInterruption"));

    Run runA = Run.find(rec, 0, a);
    assertThat(runA).as("utterance A in the recording").isNotNull();
    assertThat(runA.from).isLessThanOrEqualTo(START_LOSS);
    // what the device had played when the interruption came, and at most the documented bound more:
    // the line's buffer (500 ms) plus one 100 ms slice
    assertThat((long) runA.to).isBetween(playedAtInterruption - START_LOSS, playedAtInterruption + 12_000 + 2_400);
    assertThat(runA.to).isLessThan(a.length - 24_000); // over a second of A was never played

    Run runB = Run.find(rec, runA.at + runA.length(), b);
    assertThat(runB).as("utterance B in the recording").isNotNull();
    assertThat(runB.from).isLessThanOrEqualTo(START_LOSS);
    assertThat(runB.to).as("B plays to its last sample").isEqualTo(b.length);
    assertThat(silentExcept(rec, runA, runB)).as("nothing but A and B was played").isTrue();
    assertThat(child.get("health")).contains("errors=0", "dropped=0");
  }

  @Test
  void theMicrophoneDeliversTheWavSamplesAsAudioTheIngestAccepts() throws Exception {
    Path speech = dir.resolve("speech.wav");
    Path espeak = dir.resolve("espeak.wav");
    assertThat(ProcessResult.run(List.of("espeak-ng", "-w", espeak.toString(), "turn left at the green door"),
        Map.of()).exitCode()).isZero();
    assertThat(ProcessResult.run(List.of("sox", espeak.toString(), "-r", "16000", "-c", "1", "-b", "16",
        speech.toString()), Map.of()).exitCode()).isZero();
    short[] wav = WavFile.read(speech).samples();
    Path stream = dir.resolve("stream.raw");
    Map<String, String> child;
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      ProcessBuilder pb = new ProcessBuilder(JavaChild.command(LocalAudioChild.class, "microphone", stream.toString()))
          .redirectError(dir.resolve("child.err").toFile());
      pb.environment().putAll(pulse.environment());
      Process p = pb.start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as(Files.readString(dir.resolve("child.err"))).isEqualTo("ready");
        pulse.playToMicrophone(speech);
        Thread.sleep(500); // the end of the speech reaches the ingest
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
          in.write("stop\n");
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          rest.append(line).append('\n');
        }
        child = keyValues(rest.toString());
      } finally {
        p.destroyForcibly();
      }
    }
    assertThat(child).as("the child's counters").containsEntry("rejected", "0");
    assertThat(p(child, "accepted")).isGreaterThan(wav.length / 1600);
    assertThat(p(child, "gapsFilled")).isZero();
    assertThat(p(child, "overlapsTrimmed")).isZero();
    assertThat(p(child, "streams")).isEqualTo(1);
    Run run = Run.find(readRaw(stream), 0, wav);
    assertThat(run).as("the speech in the ingest's 16 kHz stream").isNotNull();
    assertThat(run.from).isLessThanOrEqualTo(START_LOSS);
    assertThat(run.to).as("every sample to the end of the WAV").isEqualTo(wav.length);
  }

  @Test
  void aComputerWithoutTheDeviceGetsAClearErrorAndAnErrorEntryAndTheNodeGoesOn() throws Exception {
    Path conf = dir.resolve("no-card.conf");
    Files.writeString(conf, "pcm.!default { type hw card 7 }\nctl.!default { type hw card 7 }\n");
    ProcessResult r = ProcessResult.run(JavaChild.command(LocalAudioChild.class, "unavailable"),
        Map.of("ALSA_CONFIG_PATH", conf.toString()));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    Map<String, String> out = keyValues(r.stdout());
    assertThat(out).containsEntry("speakerOpened", "false").containsEntry("microphoneOpened", "false");
    assertThat(out.get("speaker")).contains("running=false", "errors=1",
        "audio.local_speaker: no audio output on this computer", "devices: none");
    assertThat(out.get("microphone")).contains("running=false", "errors=1",
        "audio.local_microphone: no audio input on this computer", "devices: none");
    assertThat(out).containsEntry("level", "ERROR");
    assertThat(out.get("message")).contains("speaker not running", "microphone not running");
  }

  @Test
  void aDeviceNameThatMatchesNothingListsTheDevicesThereAre() throws Exception {
    try (PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"))) {
      ProcessResult r = ProcessResult.run(JavaChild.command(LocalAudioChild.class, "unavailable", "usb-headset"),
          pulse.environment());
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      Map<String, String> out = keyValues(r.stdout());
      assertThat(out.get("speaker")).contains("no audio output 'usb-headset' (audio.local_speaker_device)",
          "devices: 'default [default]'");
      assertThat(out.get("microphone")).contains("no audio input 'usb-headset' (audio.local_microphone_device)",
          "devices: 'default [default]'");
    }
  }

  /** A run of {@code want[from..to)} found exactly at {@code at} of a recording. */
  private record Run(int at, int from, int to) {
    int length() {
      return to - from;
    }

    /**
     * The longest stretch at or after {@code start} where {@code want} recurs sample for sample (found
     * by 16 samples that are not all the same, extended both ways). The longest, not the first: a
     * WAV's dithered silence (0 and ±1) can recur by chance for a few dozen samples.
     */
    static Run find(short[] rec, int start, short[] want) {
      Map<Long, Integer> windows = new HashMap<>();
      for (int j = 0; j + 4 <= want.length; j++) {
        windows.putIfAbsent(key(want, j), j);
      }
      Run best = null;
      for (int i = start; i + 16 <= rec.length; i++) {
        Integer j = windows.get(key(rec, i));
        if (j == null || j + 16 > want.length || !same(rec, i, want, j, 16) || isFlat(want, j)) {
          continue;
        }
        int back = 0;
        while (i - back > start && j - back > 0 && rec[i - back - 1] == want[j - back - 1]) {
          back++;
        }
        int len = back;
        while (i - back + len < rec.length && j - back + len < want.length
            && rec[i - back + len] == want[j - back + len]) {
          len++;
        }
        if (best == null || len > best.length()) {
          best = new Run(i - back, j - back, j - back + len);
        }
        i = i - back + len - 1; // on past this stretch
      }
      return best;
    }

    private static long key(short[] s, int i) {
      return ((long) (s[i] & 0xffff) << 48) | ((long) (s[i + 1] & 0xffff) << 32) | ((long) (s[i + 2] & 0xffff) << 16)
          | (s[i + 3] & 0xffff);
    }

    private static boolean same(short[] x, int i, short[] y, int j, int n) {
      for (int k = 0; k < n; k++) {
        if (x[i + k] != y[j + k]) {
          return false;
        }
      }
      return true;
    }

    private static boolean isFlat(short[] s, int j) {
      for (int k = 1; k < 16; k++) {
        if (s[j + k] != s[j]) {
          return false;
        }
      }
      return true;
    }
  }

  private static boolean silentExcept(short[] rec, Run x, Run y) {
    for (int i = 0; i < rec.length; i++) {
      boolean inside = (i >= x.at && i < x.at + x.length()) || (i >= y.at && i < y.at + y.length());
      if (!inside && rec[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Tones of 300 Hz steps, 250 ms each, with a little seeded noise so every window is unique. */
  private static short[] toneSequence(int n, long seed) {
    Random random = new Random(seed);
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      double f = 300.0 * (1 + (i / 6000) % 5) * seed;
      s[i] = (short) (8000 * Math.sin(2 * Math.PI * f * i / 24_000.0) + random.nextInt(129) - 64);
    }
    return s;
  }

  private static Path writeRaw(Path p, short[] s) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(s);
    return Files.write(p, b.array());
  }

  private static short[] readRaw(Path p) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[b.remaining() / 2];
    b.asShortBuffer().get(s);
    return s;
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> m = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  private static long p(Map<String, String> m, String key) {
    assertThat(m).containsKey(key);
    return Long.parseLong(m.get(key));
  }
}
