package org.duplexnode.audio;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.RawAudio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the microphone from a sound device of this computer (javax.sound; ALSA on Linux) instead
 * of audio/in, for robots without an audio capture node: 16 kHz mono S16LE in 20 ms blocks (short,
 * so that a voice over the robot's speech is heard soon enough to stop it: see {@code audio.barge_in}).
 *
 * <p>Stamps: a sound card's samples are contiguous, so blocks are stamped by sample count from an
 * anchor taken over the first {@value #WARM_UP_BLOCKS} blocks (each one's read time minus the
 * audio up to its end, node clock, the earliest of them; these blocks are held until then, and
 * what the device buffered before the reader started is discarded); when the read times say the
 * count is behind (samples lost to an overrun, card clock drift) or the clock jumped back, it is
 * corrected, see {@link StampCorrection}. The ingest sees a seamless stream instead of read-time
 * jitter.
 *
 * <p>Failure: a device that cannot be opened is an {@link IllegalStateException} naming the
 * parameter and listing the devices there are; a read that fails ends capture and is counted in
 * {@link #health()}; a device that returns nothing is polled every 10 ms instead of spun on.
 */
public final class LocalMicrophone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMicrophone.class);
  public static final AudioFormat FORMAT = new AudioFormat(16_000, 16, 1, true, false);
  public static final int DEFAULT_BUFFER_MS = 400;
  static final int BLOCK_BYTES = 640;
  static final long RESYNC_MS = 40;
  static final int WARM_UP_BLOCKS = 15;
  static final long BACKWARD_RESET_MS = 1000;
  private static final long NANOS_PER_SAMPLE = 62_500L;

  /** The part of a sound card the microphone needs; a {@link TargetDataLine} in production. */
  public interface Line {
    /** Fills the array; returns the bytes read, or -1 when the line is closed. */
    int read(byte[] buffer);

    void close();

    /** Drops what the device captured before the node was ready to read. */
    default void discardBuffered() {}
  }

  private final Line line;
  private final String device;
  private final Thread reader;
  private volatile boolean open = true;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile String lastError = "";

  public LocalMicrophone(Line line, InputPort listener, LongSupplier clockNs, String frameId) {
    this(line, "", listener, clockNs, frameId);
  }

  LocalMicrophone(Line line, String device, InputPort listener, LongSupplier clockNs, String frameId) {
    this.line = line;
    this.device = device;
    this.reader = new Thread(() -> capture(listener, clockNs, frameId), "local-microphone");
    reader.setDaemon(true);
  }

  private void capture(InputPort listener, LongSupplier clockNs, String frameId) {
    long next = 0;
    long anchor = Long.MAX_VALUE;
    long warmUpNanos = 0;
    java.util.List<byte[]> warmUp = new java.util.ArrayList<>();
    StampCorrection stamps = new StampCorrection();
    // Audio from before the reader ran would arrive in a burst and stamp the first block late.
    line.discardBuffered();
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
        if (warmUp != null) {
          for (byte[] held : warmUp) {
            anchor = emit(listener, frameId, anchor, held);
          }
        }
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
      if (warmUp != null) {
        // The first blocks decide the anchor: each read time bounds its block's capture time from
        // above, so the earliest bound of them is the closest.
        warmUp.add(data);
        anchor = Math.min(anchor, byClock - warmUpNanos);
        warmUpNanos += blockNanos;
        if (warmUp.size() < WARM_UP_BLOCKS) {
          continue;
        }
        next = anchor;
        for (byte[] held : warmUp) {
          next = emit(listener, frameId, next, held);
        }
        warmUp = null;
        continue;
      }
      next = emit(listener, frameId, stamps.correct(next, byClock), data);
    }
  }

  private long emit(InputPort listener, String frameId, long stamp, byte[] data) {
    listener.onAudio(new RawAudio(stamp, frameId, 16_000, 1, "S16LE", data));
    samples.addAndGet(data.length / 2);
    return stamp + (data.length / 2) * NANOS_PER_SAMPLE;
  }

  /**
   * Keeps the sample-count stamps near the clock. A count stamp earlier than the read time says by
   * over {@value #RESYNC_MS} ms is usually a late read, and moves forward only when
   * {@value StampCorrection#LATE_BLOCKS} blocks (half a second) in a row say so (samples were lost, or the card's clock is slower than the node's). A count stamp
   * later than a read time allows moves back only past {@value #BACKWARD_RESET_MS} ms (the clock
   * was reset; the ingest restarts its stream there): the ingest keeps time by sample count from
   * its first stamp, so any smaller step back would make it drop the block as a duplicate. A card
   * faster than the node clock thus leaves stamps late by its drift (50 ppm: 3 ms a minute).
   */
  final class StampCorrection {
    static final int LATE_BLOCKS = 25;
    private int late;
    private long minLate = Long.MAX_VALUE;

    long correct(long next, long byClock) {
      long resync = RESYNC_MS * 1_000_000L;
      long excess = byClock - next;
      if (excess < -BACKWARD_RESET_MS * 1_000_000L) {
        resyncs.incrementAndGet();
        late = 0;
        return byClock;
      }
      if (excess <= resync) {
        late = 0;
        minLate = Long.MAX_VALUE;
        return next;
      }
      minLate = Math.min(minLate, excess);
      if (++late < LATE_BLOCKS) {
        return next;
      }
      resyncs.incrementAndGet();
      long moved = next + minLate;
      late = 0;
      minLate = Long.MAX_VALUE;
      return moved;
    }
  }

  public void start() {
    reader.start();
  }

  /** The default input of this computer with the default buffer. */
  public static LocalMicrophone openDefault(InputPort listener, LongSupplier clockNs, String frameId) {
    return open("", DEFAULT_BUFFER_MS, listener, clockNs, frameId);
  }

  /**
   * Opens the named device ("" for the default; any part of the Java Sound mixer name) at 16 kHz
   * S16LE mono with a buffer of {@code bufferMs}; fails with a message naming the parameter.
   */
  public static LocalMicrophone open(String device, int bufferMs, InputPort listener, LongSupplier clockNs,
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
        @Override public void discardBuffered() { l.flush(); }
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
