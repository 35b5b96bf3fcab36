package org.duplexnode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Real speech for tests that need a voice detector to hear someone: a sentence spoken by
 * espeak-ng, resampled by sox to 16 kHz mono S16LE and framed by silence.
 */
public final class SpokenAudio {
  private SpokenAudio() {}

  /** Raw S16LE samples at 16 kHz: {@code padS} s of silence, {@code sentence}, {@code padS} s of silence. */
  public static byte[] s16le(Path dir, String sentence, double padS) throws IOException, InterruptedException {
    Path wav = dir.resolve("spoken.wav");
    Path raw = dir.resolve("spoken.raw");
    run("espeak-ng", "-v", "en", "-s", "150", "-w", wav.toString(), sentence);
    run("sox", wav.toString(), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-L", "-t", "raw",
        raw.toString(), "pad", Double.toString(padS), Double.toString(padS));
    return Files.readAllBytes(raw);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
