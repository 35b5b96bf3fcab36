package org.duplexnode.sources;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the microphone from a sound device of this computer (javax.sound; ALSA on Linux) instead
 * of audio/in, for robots without an audio capture node: 16 kHz mono S16LE in 100 ms blocks.
 *
 * <p>Stamps: a sound card's samples are contiguous, so blocks are stamped by sample count from the
 * first block (its read time minus its length, node clock); when the read time drifts more than
 * {@value #RESYNC_MS} ms from that count (card clock drift, samples lost to an overrun) the count
 * is re-anchored to the clock. The ingest sees a seamless stream instead of read-time jitter.
 *
 * <p>Failure: a device that cannot be opened is an {@link IllegalStateException} naming the
 * parameter and listing the devices there are; a read that fails ends capture and is counted in
 * {@link #health()}; a device that returns nothing is polled every 10 ms instead of spun on.
 */
public final class LocalMicrophone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMicrophone.class);
  public static final AudioFormat FORMAT = new AudioFormat(16_000, 16, 1, true, false);
  public static final int DEFAULT_BUFFER_MS = 400;
  static final int BLOCK_BYTES = 3200;
  static final long RESYNC_MS = 40;
  private static final long NANOS_PER_SAMPLE = 62_500L;

  /** The part of a sound card the microphone needs; a {@link TargetDataLine} in production. */
  public interface Line {
    /** Fills the array; returns the bytes read, or -1 when the line is closed. */
    int read(byte[] buffer);

    void close();
  }

  private final Line line;
  private final String device;
  private final Thread reader;
  private volatile boolean open = true;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile String lastError = "";

  public LocalMicrophone(Line line, SourceListener listener, LongSupplier clockNs, String frameId) {
    this(line, "", listener, clockNs, frameId);
  }

  LocalMicrophone(Line line, String device, SourceListener listener, LongSupplier clockNs, String frameId) {
    this.line = line;
    this.device = device;
    this.reader = new Thread(() -> capture(listener, clockNs, frameId), "local-microphone");
    reader.setDaemon(true);
  }

  private void capture(SourceListener listener, LongSupplier clockNs, String frameId) {
    long next = Long.MIN_VALUE;
    while (open) {
      byte[] block = new byte[BLOCK_BYTES];
      int n;
      try {
        n = line.read(block);
      } catch (RuntimeException e) {
        failed("read failed: " + e.getMessage());
        return;
      }
      if (n < 0) {
        return;
      }
      byte[] data = n == block.length ? block : Arrays.copyOf(block, n - n % 2);
      if (data.length == 0) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
        continue;
      }
      long blockNanos = (data.length / 2) * NANOS_PER_SAMPLE;
      long byClock = clockNs.getAsLong() - blockNanos;
      if (next == Long.MIN_VALUE || Math.abs(byClock - next) > RESYNC_MS * 1_000_000L) {
        if (next != Long.MIN_VALUE) {
          resyncs.incrementAndGet();
        }
        next = byClock;
      }
      listener.onAudio(new RawAudio(next, frameId, 16_000, 1, "S16LE", data));
      samples.addAndGet(data.length / 2);
      next += blockNanos;
    }
  }

  public void start() {
    reader.start();
  }

  /** The default input of this computer with the default buffer. */
  public static LocalMicrophone openDefault(SourceListener listener, LongSupplier clockNs, String frameId) {
    return open("", DEFAULT_BUFFER_MS, listener, clockNs, frameId);
  }

  /**
   * Opens the named device ("" for the default; any part of the Java Sound mixer name) at 16 kHz
   * S16LE mono with a buffer of {@code bufferMs}; fails with a message naming the parameter.
   */
  public static LocalMicrophone open(String device, int bufferMs, SourceListener listener, LongSupplier clockNs,
                                     String frameId) {
    DataLine.Info info = new DataLine.Info(TargetDataLine.class, FORMAT);
    try {
      TargetDataLine l = (TargetDataLine) SoundDevices.find(device, info);
      l.open(FORMAT, Math.max(BLOCK_BYTES, bufferMs * 32));
      l.start();
      LOG.info("local microphone on '{}': {} bytes of buffer", device.isEmpty() ? "default" : device,
          l.getBufferSize());
      return new LocalMicrophone(new Line() {
        @Override public int read(byte[] b) { return l.isOpen() ? l.read(b, 0, b.length) : -1; }
        @Override public void close() { l.close(); }
      }, device, listener, clockNs, frameId);
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new IllegalStateException("audio.local_microphone: no audio input"
          + (device.isEmpty() ? " on this computer" : " '" + device + "' (audio.local_microphone_device)")
          + " (" + e.getMessage() + ")", e);
    }
  }

  private void failed(String message) {
    errors.incrementAndGet();
    lastError = message;
    LOG.warn("local microphone: {}", message);
  }

  /** Times the stamps were re-anchored to the clock (drift or lost samples). */
  public long resyncs() {
    return resyncs.get();
  }

  public LocalAudioHealth health() {
    return new LocalAudioHealth("microphone", device, open && reader.isAlive(), samples.get(), 0, errors.get(),
        lastError);
  }

  @Override
  public void close() {
    open = false;
    line.close();
    reader.interrupt();
  }
}
