package org.duplexnode.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Voice prompts: any common WAV becomes 16 kHz mono; bad files get a message naming the problem. */
@Tag("unit")
class WavClipTest {
  @TempDir Path dir;

  private Path writeWav(String name, int rate, int channels, double seconds, double hz) throws Exception {
    int frames = (int) (rate * seconds);
    ByteBuffer b = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double v = 0.5 * Math.sin(2 * Math.PI * hz * i / rate);
      for (int c = 0; c < channels; c++) {
        // channel 0 carries the tone, the others silence
        b.putShort((short) Math.round((c == 0 ? v : 0) * 32767));
      }
    }
    AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
    Path p = dir.resolve(name);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), f, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, p.toFile());
    }
    return p;
  }

  @Test
  void a44kStereoClipBecomes16kMonoAtTheRightLengthAndLevel() throws Exception {
    float[] out = WavClip.read16kMono(writeWav("stereo.wav", 44100, 2, 2.0, 440));
    assertThat(out.length).isEqualTo((int) StreamingResampler.outputLength(88200, 44100));
    float peak = 0;
    for (int i = 1000; i < out.length - 1000; i++) {
      peak = Math.max(peak, Math.abs(out[i]));
    }
    // channel 0 carries a 0.5 tone, channel 1 silence: the downmix peaks at 0.25
    assertThat(peak).isBetween(0.24f, 0.26f);
  }

  @Test
  void a16kMonoClipIsTakenAsItIs() throws Exception {
    float[] out = WavClip.read16kMono(writeWav("mono.wav", 16000, 1, 0.5, 300));
    assertThat(out).hasSize(8000);
    assertThat(out[40]).isCloseTo((float) (0.5 * Math.sin(2 * Math.PI * 300 * 40 / 16000.0)),
        org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void aClipLongerThanTheBoundIsRefusedBeforeItIsRead() throws Exception {
    Path p = writeWav("long.wav", 8000, 1, WavClip.MAX_SECONDS + 1, 200);
    assertThatThrownBy(() -> WavClip.read16kMono(p)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("long.wav").hasMessageContaining("at most 60");
  }

  @Test
  void aFileThatIsNotAWavIsRefusedWithItsName() throws Exception {
    Path p = dir.resolve("notes.wav");
    Files.writeString(p, "not audio at all");
    assertThatThrownBy(() -> WavClip.read16kMono(p)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notes.wav").hasMessageContaining("not a WAV");
    assertThatThrownBy(() -> WavClip.read16kMono(dir.resolve("missing.wav")))
        .hasMessageContaining("no such file");
  }
}
