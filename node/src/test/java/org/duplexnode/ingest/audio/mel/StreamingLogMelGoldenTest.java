package org.duplexnode.ingest.audio.mel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.session.AudioUnit;
import org.duplexnode.session.UnitAssembler;
import org.duplexnode.session.UnitSchedule;
import org.duplexnode.testing.Processes;
import org.duplexnode.testing.WavFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the streaming log-mel with an independent NumPy implementation
 * (src/test/python/mel_reference.py) on real speech long enough to cross the 5-s floor switch and
 * two 30-s window slides.
 */
@Tag("interop")
class StreamingLogMelGoldenTest {

  private static final String TEXT = "Good morning. I am the robot at the front desk, and I can see and hear you "
      + "at the same time. Please tell me where you would like to go today. The meeting rooms are on the "
      + "second floor, next to the kitchen, and the library is at the end of the long corridor on the left. "
      + "If the light above the door turns green, the room is free and you may enter. "
      + "When you are ready, say the name of the person you are visiting, and I will let them know that "
      + "you have arrived. You can interrupt me at any moment; I will stop talking and listen. "
      + "Thank you for your patience, and have a wonderful day in the building. "
      + "If you need anything else later, just come back to this desk and ask me again. Goodbye for now.";

  @TempDir
  Path dir;

  @Test
  void matchesNumpyReferenceOnSpeech() throws Exception {
    Path raw = dir.resolve("speech-22k.wav");
    Path wav = dir.resolve("speech-16k.wav");
    Path ref = dir.resolve("reference.bin");
    Processes.run(List.of("espeak-ng", "-v", "en", "-s", "150", "-w", raw.toString(), TEXT));
    Processes.run(List.of("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", wav.toString()));
    Processes.run(List.of("/usr/bin/python3", "src/test/python/mel_reference.py", wav.toString(), ref.toString()));

    float[] audio = WavFile.read(wav).monoFloats();
    assertThat(audio.length).as("speech long enough for two window slides").isGreaterThan(40 * 16000);
    assertMatchesReference(wav, ref);
  }

  /**
   * After a window slide the two frames at the new left end see reflect padding instead of the
   * dropped audio. A burst just before the first slide's cut, in otherwise quiet noise, makes the
   * buffer maximum (and so the floor) depend on exactly that.
   */
  @Test
  void matchesNumpyReferenceWhenTheMaximumSitsAtTheSlideEdge() throws Exception {
    int cut = StreamingLogMel.SLIDE_STRIDE_SAMPLES - UnitSchedule.MINICPM_O_45.firstUnitLeftPad();
    float[] audio = new float[34 * 16000];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (3e-4 * random.nextGaussian());
    }
    for (int i = cut - 200; i < cut; i++) {
      audio[i] += (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 16000.0));
    }
    Path wav = dir.resolve("edge.wav");
    WavFile.writeMono(wav, 16000, audio);
    Path ref = dir.resolve("edge.bin");
    Processes.run(List.of("/usr/bin/python3", "src/test/python/mel_reference.py", wav.toString(), ref.toString()));
    assertMatchesReference(wav, ref);
  }

  private static void assertMatchesReference(Path wav, Path ref) throws IOException {
    float[] audio = WavFile.read(wav).monoFloats();
    List<AudioUnit> units = new ArrayList<>();
    UnitAssembler assembler = new UnitAssembler(UnitSchedule.MINICPM_O_45, units::add);
    assembler.streamStarted(0);
    assembler.samples(audio, 0, audio.length);

    List<Expected> expected = readReference(ref);
    assertThat(expected).hasSize(units.size());

    StreamingLogMel mel = new StreamingLogMel();
    double worst = 0;
    for (int u = 0; u < units.size(); u++) {
      MelChunk chunk = mel.accept(units.get(u).samples());
      Expected e = expected.get(u);
      assertThat(chunk.frames()).as("frames of unit %d", u).isEqualTo(e.frames);
      assertThat(chunk.frames()).isEqualTo(u == 0 ? 102 : 104);
      assertThat(chunk.firstFrame()).as("first frame of unit %d", u).isEqualTo(e.firstFrame);
      for (int i = 0; i < e.values.length; i++) {
        worst = Math.max(worst, Math.abs(chunk.values()[i] - e.values[i]));
      }
      assertThat(worst).as("max abs difference up to unit %d", u).isLessThan(1e-4);
    }
    assertThat(mel.bufferedSamples()).as("the window slid").isLessThan(30 * 16000);
  }

  private record Expected(int frames, long firstFrame, double[] values) {
  }

  private static List<Expected> readReference(Path path) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    List<Expected> list = new ArrayList<>();
    while (b.hasRemaining()) {
      int frames = b.getInt();
      long first = b.getLong();
      double[] v = new double[frames * MelChunk.MELS];
      b.asDoubleBuffer().get(v);
      b.position(b.position() + v.length * 8);
      list.add(new Expected(frames, first, v));
    }
    return list;
  }
}
