package org.duplexnode.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.duplexnode.replay.DemoBag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code duplex-node make-demo-bag}: writes the demo's sample bag (used by node/src/demo/make-demo-bag.sh). */
@Command(name = "make-demo-bag", hidden = true, mixinStandardHelpOptions = true,
    description = "Write the demo bag from a 16 kHz mono 16-bit WAV of the user's question.")
public final class MakeDemoBagCommand implements Callable<Integer> {
  @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
  Speech speech;

  /** Where the question's audio comes from. */
  static final class Speech {
    @Option(names = "--wav", required = true, description = "The question: a 16 kHz mono 16-bit WAV file.")
    Path wav;

    @Option(names = "--speech-from", required = true,
        description = "Take the question from this demo bag's /audio/in (from --speech-at on), to write its twin.")
    Path bag;
  }

  @Option(names = "--out", required = true, description = "The bag folder to write (must not exist).")
  Path out;

  @Option(names = "--speech-at", description = "When the question starts, in seconds (default ${DEFAULT-VALUE}).")
  double speechAt = 1.0;

  @Option(names = "--duration", description = "Length of the bag in seconds (default ${DEFAULT-VALUE}).")
  double duration = 15.0;

  @Option(names = "--light-stays-red", description = "The traffic light stays red (the demo's bag without the change).")
  boolean lightStaysRed;

  @Override
  public Integer call() throws Exception {
    short[] question = speech.bag != null ? fromBag(speech.bag) : fromWav(speech.wav);
    DemoBag.Light light = lightStaysRed ? DemoBag.Light.STAYS_RED : DemoBag.Light.TURNS_GREEN;
    DemoBag.write(out, question, speechAt, duration, light);
    System.out.println("wrote " + out);
    return ExitCode.OK.code();
  }

  private short[] fromBag(Path bag) {
    short[] s;
    try {
      s = DemoBag.speechOf(bag, speechAt);
    } catch (java.io.IOException e) {
      throw CommandFailure.badInput("--speech-from " + bag + ": " + Failures.describe(e), e);
    }
    if (s.length == 0) {
      throw CommandFailure.badInput("--speech-from " + bag + ": no /audio/in audio from " + speechAt + " s on");
    }
    return s;
  }

  private static short[] fromWav(Path wav) throws java.io.IOException {
    try (AudioInputStream in = open(wav)) {
      AudioFormat f = in.getFormat();
      if (f.getSampleRate() != 16000 || f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.isBigEndian()) {
        throw CommandFailure.badInput("--wav " + wav + " must be 16 kHz mono S16LE, is " + f);
      }
      byte[] b = in.readAllBytes();
      short[] s = new short[b.length / 2];
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
      }
      return s;
    }
  }

  private static AudioInputStream open(Path wav) {
    try {
      return AudioSystem.getAudioInputStream(new File(wav.toString()));
    } catch (java.io.IOException | javax.sound.sampled.UnsupportedAudioFileException e) {
      throw CommandFailure.badInput("--wav " + wav + ": " + e.getMessage(), e);
    }
  }
}
