package org.duplexnode.sources;

import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the microphone from this computer's default audio input (javax.sound) instead of
 * audio/in, for robots without an audio capture node: 16 kHz mono S16LE in 100 ms blocks, each
 * stamped with the node clock at the block's first sample (read time minus the block length).
 */
public final class LocalMicrophone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMicrophone.class);
  public static final AudioFormat FORMAT = new AudioFormat(16_000, 16, 1, true, false);
  static final int BLOCK_BYTES = 3200;

  /** The part of a sound card the microphone needs; a {@link TargetDataLine} in production. */
  public interface Line {
    /** Fills the array; returns the bytes read, or -1 when the line is closed. */
    int read(byte[] buffer);

    void close();
  }

  private final Line line;
  private final Thread reader;
  private volatile boolean open = true;

  public LocalMicrophone(Line line, SourceListener listener, LongSupplier clockNs, String frameId) {
    this.line = line;
    this.reader = new Thread(() -> {
      while (open) {
        byte[] block = new byte[BLOCK_BYTES];
        int n = line.read(block);
        if (n < 0) {
          return;
        }
        if (n == 0) {
          continue;
        }
        byte[] data = n == block.length ? block : java.util.Arrays.copyOf(block, n - n % 2);
        long stamp = clockNs.getAsLong() - (data.length / 2) * 62_500L;
        listener.onAudio(new RawAudio(stamp, frameId, 16_000, 1, "S16LE", data));
      }
    }, "local-microphone");
    reader.setDaemon(true);
  }

  public void start() {
    reader.start();
  }

  /** The default input of this computer; fails with a clear message where there is none. */
  public static LocalMicrophone openDefault(SourceListener listener, LongSupplier clockNs, String frameId) {
    try {
      TargetDataLine l = AudioSystem.getTargetDataLine(FORMAT);
      l.open(FORMAT, BLOCK_BYTES * 4);
      l.start();
      LOG.info("microphone: {}", l.getLineInfo());
      return new LocalMicrophone(new Line() {
        @Override public int read(byte[] b) { return l.isOpen() ? l.read(b, 0, b.length) : -1; }
        @Override public void close() { l.close(); }
      }, listener, clockNs, frameId);
    } catch (LineUnavailableException | IllegalArgumentException e) {
      throw new IllegalStateException("audio.local_microphone: no audio input on this computer (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    open = false;
    line.close();
    reader.interrupt();
  }
}
