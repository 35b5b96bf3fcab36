package org.duplexnode.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.ingest.echo.EchoPath;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.ingest.vad.SpeechTimeline;
import org.duplexnode.ingest.vad.VoiceActivity;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.VoiceOnsetListener;

/**
 * The echo canceller, the voice detector and the echo guard over a whole {@link SyntheticRoom}
 * (no user) as in {@link BargeInRun}, but the speaker hears none of it and plays on: what a barge-in
 * would have been set off by, every time, where a run with one ends at the first. It tells how long
 * the echo goes on setting things off after its path changed, and how the canceller's ERLE falls and
 * comes back.
 *
 * @param onsets when (s) a voice onset passed the echo guard: a stop, or a duck, had barge-in been on
 *     (the time it was decided, not the voice's start the detector dates it from)
 * @param cues when (s) the canceller's cue would have ducked the speaker (its frames, 10 ms each)
 * @param starts when (s) ~/user_speech started
 * @param meterErleDb the canceller's ERLE over its window ({@code EchoPath.reading()}, what the guard
 *     goes by), every 100 ms from time 0; NaN where it has none
 * @param micEnergy the microphone's energy in each 10 ms from time 0
 * @param outEnergy the canceller's output's energy in each 10 ms from time 0
 * @param echoEnergy the echo's alone (no noise) in each 10 ms from time 0
 * @param farEndEnergy what the speaker played, in each 10 ms from time 0 shifted by the echo's delay (its
 *     direct path): the far end the microphone's 10 ms answer to, per sample of full scale
 */
public record EchoPathTrace(List<Double> onsets, List<Double> cues, List<Double> starts, double[] meterErleDb,
                            double[] micEnergy, double[] outEnergy, double[] echoEnergy, double[] farEndEnergy) {
  private static final long S = 1_000_000_000L;
  public static final int FRAME = SyntheticRoom.RATE / 100;

  /** Runs {@code room} up to {@code untilS}, the microphone in blocks of {@code blockMs}. */
  public static EchoPathTrace run(SyntheticRoom room, double untilS, int blockMs, SileroVad vad,
                                  EchoSettings echoSettings) throws InterruptedException {
    int rate = SyntheticRoom.RATE;
    AtomicLong clock = new AtomicLong(0);
    SimulatedSoundCard card = new SimulatedSoundCard(clock, BargeInRun.CARD_BUFFER_FRAMES);
    LocalSpeaker speaker = new LocalSpeaker(card);
    speaker.bargeIn(BargeIn.off());
    FarEndReference reference = new FarEndReference();
    speaker.onPlayback(reference, clock::get);
    List<Double> onsets = new ArrayList<>();
    List<Double> cues = new ArrayList<>();
    List<Double> starts = new ArrayList<>();
    EchoPath echo = EchoPath.of(echoSettings, reference, EchoPath.speex(echoSettings)).withVoiceOnsets(
        new VoiceOnsetListener() {
          @Override public void voiceOnset(long onsetNanos) {
            onsets.add(clock.get() / 1e9);
          }
          @Override public void cancelledFrame(long frameNanos, boolean voiceCue) {
            if (voiceCue) {
              cues.add(frameNanos / 1e9);
            }
          }
        });
    vad.reset();
    VoiceActivity activity = new VoiceActivity(vad, SpeechTimeline.standard(), c -> {
      if (c.kind() == UserSpeechChange.Kind.START) {
        starts.add(c.startNs() / 1e9);
      }
    }, echo.voiceOnsets());
    float[] mic = room.microphone();
    float[] echoAlone = room.echo();
    int end = Math.min(mic.length, (int) (untilS * rate));
    int frames = end / FRAME;
    double[] micEnergy = new double[frames];
    double[] outEnergy = new double[frames];
    double[] echoEnergy = new double[frames];
    for (int i = 0; i < frames * FRAME; i++) {
      micEnergy[i / FRAME] += (double) mic[i] * mic[i];
      echoEnergy[i / FRAME] += (double) echoAlone[i] * echoAlone[i];
    }
    double[] farEndEnergy = new double[frames];
    short[] played = room.robot24k();
    for (int f = 0; f < frames; f++) {
      // 24 kHz samples played while the microphone's frame f, less the echo's delay, went by.
      for (int k = (int) ((long) (f * FRAME - room.echoAt()) * 3 / 2), n = 0; n < FRAME * 3 / 2; k++, n++) {
        if (k >= 0 && k < played.length) {
          farEndEnergy[f] += (double) played[k] * played[k] / (32768.0 * 32768.0) / (FRAME * 3 / 2);
        }
      }
    }
    AudioStreamSink stage = echo.wrap(BargeInRun.stamped((s, off, len, at) -> {
      activity.accept(s, off, len, at);
      long sample = at / 62_500L;
      for (int i = 0; i < len; i++) {
        int f = (int) ((sample + i) / FRAME);
        if (f >= 0 && f < frames) {
          outEnergy[f] += (double) s[off + i] * s[off + i];
        }
      }
    }));
    int block = blockMs * rate / 1000;
    double[] meter = new double[end / (rate / 10) + 1];
    java.util.Arrays.fill(meter, Double.NaN);
    try {
      stage.streamStarted(0);
      for (int off = 0; off + block <= end; off += block) {
        clock.set((long) off * S / rate);
        boolean started = off >= (int) (SyntheticRoom.PLAY_START_S * rate);
        if (off == (int) (SyntheticRoom.PLAY_START_S * rate)) {
          speaker.speech(new SpeechChunk(1, 0, 0, room.robot24k(), true, true, false));
        }
        if (started) {
          card.settle(speaker::idle, 10_000);
        }
        clock.set((long) (off + block) * S / rate);
        if (started) {
          card.settle(speaker::idle, 10_000);
        }
        stage.samples(java.util.Arrays.copyOfRange(mic, off, off + block), 0, block);
        if ((off + block) % (rate / 10) == 0) {
          meter[(off + block) / (rate / 10)] = echo.reading().erleDb();
        }
      }
      stage.streamEnded();
    } finally {
      speaker.close();
      echo.close();
    }
    return new EchoPathTrace(onsets, cues, starts, meter, micEnergy, outEnergy, echoEnergy, farEndEnergy);
  }

  /**
   * ERLE over the 10 ms frames from {@code fromS} to {@code toS} in which the echo alone stands
   * above {@code echoDbfs} (the room's noise then counts for little) and the far end it answers
   * sounded (above -50 dBFS, as the node's meter counts it: the echo's tail after the speaker fell
   * silent dragged the figure down in the control runs, changed path or not): the microphone's
   * energy over the output's, in dB; NaN when no frame does.
   */
  public double erleDb(double fromS, double toS, double echoDbfs) {
    double floor = Math.pow(10, echoDbfs / 10) * FRAME;
    double m = 0;
    double o = 0;
    for (int f = (int) Math.round(fromS * 100); f < Math.min(outEnergy.length, (int) Math.round(toS * 100)); f++) {
      if (f >= 0 && echoEnergy[f] >= floor && farEndEnergy[f] >= 1e-5) {
        m += micEnergy[f];
        o += outEnergy[f];
      }
    }
    return m == 0 ? Double.NaN : 10 * Math.log10(m / Math.max(o, 1e-30));
  }

  /**
   * The ERLE ({@link #erleDb}, frames whose echo is above {@code echoDbfs}) over the 5 s before
   * {@code atS}, the lowest over {@code windowS} windows every 0.1 s from it to {@code endS}, and
   * how long after {@code atS} it came back: from the first window after which it stays at or
   * above min(its figure before - 3 dB, 15 dB).
   *
   * @param neverBack whether it was still under that at the last window
   */
  public record Recovery(double beforeDb, double lowestDb, double backS, boolean neverBack) {}

  public Recovery recovery(double atS, double endS, double windowS, double echoDbfs) {
    double before = erleDb(atS - 5, atS, echoDbfs);
    double threshold = Math.min(before - 3, 15);
    double min = Double.POSITIVE_INFINITY;
    double lastBad = Double.NaN;
    for (double from = atS; from + windowS <= endS; from += 0.1) {
      double erle = erleDb(from, from + windowS, echoDbfs);
      if (Double.isNaN(erle)) {
        continue;
      }
      min = Math.min(min, erle);
      if (erle < threshold) {
        lastBad = from;
      }
    }
    double back = Double.isNaN(lastBad) ? 0 : lastBad + 0.1 - atS;
    return new Recovery(before, min, back, !Double.isNaN(lastBad) && lastBad + 0.1 + windowS > endS - 0.5);
  }
}
