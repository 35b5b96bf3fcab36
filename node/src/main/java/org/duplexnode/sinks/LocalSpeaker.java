package org.duplexnode.sinks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.duplexnode.outputs.SpeechChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the node's speech on this computer's default audio output (javax.sound), for robots
 * without an audio player node. Chunks queue up to a few seconds; an interrupted utterance drops
 * what is queued and flushes the line at once, as a barge-in must. Playing happens on its own
 * thread so the model thread never waits for the sound card.
 */
public final class LocalSpeaker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSpeaker.class);
  public static final AudioFormat FORMAT = new AudioFormat(24_000, 16, 1, true, false);

  /** The part of a sound card the speaker needs; a {@link SourceDataLine} in production. */
  public interface Line {
    void write(byte[] pcm);

    void flush();

    void close();
  }

  private final Line line;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private final Thread player;
  private volatile boolean open = true;

  public LocalSpeaker(Line line) {
    this.line = line;
    this.player = new Thread(this::play, "local-speaker");
    this.player.setDaemon(true);
    this.player.start();
  }

  /** The default output of this computer; fails with a clear message where there is none. */
  public static LocalSpeaker openDefault() {
    try {
      SourceDataLine l = AudioSystem.getSourceDataLine(FORMAT);
      l.open(FORMAT, 24_000); // half a second of buffer
      l.start();
      return new LocalSpeaker(new Line() {
        @Override public void write(byte[] pcm) { l.write(pcm, 0, pcm.length); }
        @Override public void flush() { l.flush(); }
        @Override public void close() { l.close(); }
      });
    } catch (LineUnavailableException | IllegalArgumentException e) {
      throw new IllegalStateException("audio.local_speaker: no audio output on this computer (" + e.getMessage() + ")", e);
    }
  }

  /** Takes one speech chunk (model thread); drops queued audio when the utterance was interrupted. */
  public void accept(SpeechChunk c) {
    if (c.interrupted()) {
      queue.clear();
      line.flush();
    }
    if (c.pcm().length == 0) {
      return;
    }
    byte[] b = new byte[c.pcm().length * 2];
    for (int i = 0; i < c.pcm().length; i++) {
      b[2 * i] = (byte) c.pcm()[i];
      b[2 * i + 1] = (byte) (c.pcm()[i] >> 8);
    }
    if (!queue.offer(b)) {
      LOG.warn("local speaker is {} chunks behind; dropping the oldest", queue.size());
      queue.poll();
      queue.offer(b);
    }
  }

  private void play() {
    while (open) {
      try {
        line.write(queue.take());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  int queued() {
    return queue.size();
  }

  @Override
  public void close() {
    open = false;
    player.interrupt();
    line.close();
  }
}
