package org.duplexnode.audio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.PlayedAudio;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.WatchRequest;

/**
 * What this computer's microphone hears while its speaker plays a known voice, for
 * {@code duplex-node audio check}: the room alone for a while, then the voice in
 * {@value #UTTERANCES} utterances with pauses between, then its echo's tail. Keeps every
 * microphone block as the node would take it (stamped by {@link LocalMicrophone}) and every slice
 * the speaker played with its playback time (as the echo canceller's reference gets it), both on
 * one clock.
 *
 * @param microphone the microphone's blocks in order
 * @param played what the speaker played, in order
 * @param streamRestarts times the speaker's device ran dry between the utterances although it was
 *     to be kept playing (its thread fell behind; {@link LocalAudioHealth#streamRestarts()})
 * @param stop the tone a barge-in stopped after the voice, as the microphone heard it
 */
public record SpeakerEchoRecording(List<RawAudio> microphone, List<PlayedAudio> played, long streamRestarts,
                                   Stop stop) {
  /**
   * After the voice, a steady tone the speaker played and a barge-in stopped ({@code audio.barge_in:
   * stop}, the speaker's own {@code voiceOnset}) {@value #STOP_AFTER_MS} ms in: the microphone's
   * blocks from the tone on, and when the stop came. Kept apart from the voice's recording (and
   * from its bag): the check's other figures are of the voice alone.
   */
  public record Stop(List<RawAudio> microphone, long atNanos) {}

  /** Opens the microphone with the listener and clock given (not started). */
  public interface MicrophoneOpener {
    LocalMicrophone open(InputPort listener, LongSupplier clockNs);
  }

  /**
   * Records the room for {@code quietS} seconds, plays {@code speech24k} (24 kHz mono) in
   * {@value #UTTERANCES} utterances {@value #PAUSE_S} s apart, and records until {@code tailS}
   * seconds after the speaker has played it all; then a steady tone that a barge-in stops
   * ({@link Stop}). No detector listens: nothing the microphone hears stops the speaker.
   */
  public static SpeakerEchoRecording record(LocalSpeaker speaker, MicrophoneOpener microphone, short[] speech24k,
                                            double quietS, double tailS, LongSupplier clockNs)
      throws InterruptedException {
    List<RawAudio> blocks = Collections.synchronizedList(new ArrayList<>());
    List<PlayedAudio> played = Collections.synchronizedList(new ArrayList<>());
    speaker.onPlayback(new PlaybackListener() {
      @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) {
        played.add(new PlayedAudio(startNanos, rate, java.util.Arrays.copyOfRange(pcm, off, off + len)));
      }

      @Override public void cut(long atNanos) { }
    }, clockNs);
    long stopFrom;
    long stopAt;
    try (LocalMicrophone mic = microphone.open(audioOnly(blocks), clockNs)) {
      mic.start();
      Thread.sleep(Math.round(quietS * 1000) + LocalMicrophone.WARM_UP_BLOCKS * 20L);
      // In utterances with pauses between, as a robot speaks: a device's stream that ran dry in a
      // pause would start again with another delay, and the check would show it.
      int part = (speech24k.length + UTTERANCES - 1) / UTTERANCES;
      for (int u = 0; u < UTTERANCES; u++) {
        short[] pcm = java.util.Arrays.copyOfRange(speech24k, u * part, Math.min(speech24k.length, (u + 1) * part));
        speaker.speech(new SpeechChunk(u + 1, u, clockNs.getAsLong(), pcm, true, true, false));
        untilPlayed(speaker, played, pcm.length, u + 1 < UTTERANCES ? PAUSE_S : tailS, clockNs);
      }
      stopFrom = clockNs.getAsLong();
      stopAt = stoppedTone(speaker, played, tone(rms(speech24k)), clockNs);
    }
    long restarts = speaker.health().streamRestarts();
    synchronized (blocks) {
      synchronized (played) {
        return new SpeakerEchoRecording(blocks.stream().filter(b -> b.stampNanos() < stopFrom).toList(),
            played.stream().filter(p -> p.startNanos() < stopFrom).toList(), restarts,
            new Stop(blocks.stream().filter(b -> b.stampNanos() >= stopFrom).toList(), stopAt));
      }
    }
  }

  /** When the tone is stopped after it began playing, and how long the microphone is kept after. */
  static final int STOP_AFTER_MS = 1_200;
  static final int STOP_TAIL_MS = 1_000;

  /**
   * Plays {@code tone}, stops it with a barge-in {@value #STOP_AFTER_MS} ms after its first sample's
   * playback time and records {@value #STOP_TAIL_MS} ms more; returns when the stop came.
   */
  private static long stoppedTone(LocalSpeaker speaker, List<PlayedAudio> played, short[] tone, LongSupplier clockNs)
      throws InterruptedException {
    int before = played.size();
    speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20));
    speaker.speech(new SpeechChunk(UTTERANCES + 1, UTTERANCES, clockNs.getAsLong(), tone, true, true, false));
    long handedBy = System.nanoTime() + 10_000_000_000L;
    while (played.size() == before && System.nanoTime() < handedBy) {
      Thread.sleep(1);
    }
    if (played.size() == before) {
      return Long.MIN_VALUE; // the speaker took nothing: nothing to stop
    }
    long stopAt = played.get(before).startNanos() + STOP_AFTER_MS * 1_000_000L;
    while (clockNs.getAsLong() < stopAt) {
      Thread.sleep(1);
    }
    long at = clockNs.getAsLong();
    speaker.voiceOnset(at);
    Thread.sleep(STOP_TAIL_MS);
    return at;
  }

  /** A steady tone (220, 660 and 1320 Hz) of {@code rms}, {@value #STOP_AFTER_MS} ms and a second long. */
  private static short[] tone(double rms) {
    double a = rms / Math.sqrt((1 + 0.25 + 0.0625) / 2);
    short[] s = new short[(STOP_AFTER_MS + 1_000) * 24];
    for (int i = 0; i < s.length; i++) {
      double t = i / 24_000.0;
      double v = Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t)
          + 0.25 * Math.sin(2 * Math.PI * 1320 * t);
      s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(a * v)));
    }
    return s;
  }

  private static double rms(short[] pcm) {
    double e = 0;
    for (short v : pcm) {
      e += (double) v * v;
    }
    return pcm.length == 0 ? 0 : Math.sqrt(e / pcm.length);
  }

  /** Utterances the voice is played in, and the pause after each but the last (s). */
  public static final int UTTERANCES = 3;
  static final double PAUSE_S = 1.0;

  /** Waits until the speaker has played what it was given, and {@code afterS} more. */
  private static void untilPlayed(LocalSpeaker speaker, List<PlayedAudio> played, int samples, double afterS,
                                  LongSupplier clockNs) throws InterruptedException {
    // The player hands the line its last samples a buffer ahead of hearing them.
    long handedBy = System.nanoTime() + (long) ((samples / 24_000.0 + 30) * 1e9);
    Thread.sleep(20);
    while (!speaker.idle() && System.nanoTime() < handedBy) {
      Thread.sleep(20);
    }
    long playsUntil;
    synchronized (played) {
      playsUntil = played.isEmpty() ? clockNs.getAsLong() : played.get(played.size() - 1).endNanos();
    }
    long waitNanos = playsUntil - clockNs.getAsLong() + (long) (afterS * 1e9);
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000);
    }
  }

  /** An input port that keeps audio and ignores the rest (a microphone sends nothing else). */
  public static InputPort audioOnly(List<RawAudio> into) {
    return new InputPort() {
      @Override public void onAudio(RawAudio audio) {
        into.add(audio);
      }

      @Override public void onImage(RawImage image) { }
      @Override public void onCompressedImage(RawCompressedImage image) { }
      @Override public void onFarEnd(RawAudio audio) { }
      @Override public void onWatchRequest(WatchRequest request) { }
      @Override public void onControl(ConversationControl control) { }
      @Override public void onCommandRefused(CommandReply reply) { }
      @Override public void onForceListen(long stampNanos, String reason) { }
      @Override public void onMute(MuteRequest request) { }
    };
  }
}
