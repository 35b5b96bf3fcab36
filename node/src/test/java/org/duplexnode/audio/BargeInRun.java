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
 * One barge-in trial in a {@link SyntheticRoom}: the local speaker (on a {@link SimulatedSoundCard})
 * plays the robot's speech, the microphone hears its echo, the room's noise and, from
 * {@code onsetS}, the user's voice; the microphone goes in blocks through SpeexDSP's canceller
 * (the speaker's playback as its reference) into Silero VAD, whose speech starts reach the speaker
 * as in the node. Time is simulated: a block is processed when its last sample has been captured,
 * and the wall time its processing took is added to the latency.
 *
 * @param latencyNs from the user's voice onset to the sound card's first flush (the speaker ducked on the
 *     canceller's cue, or stopped or ducked on the detector's onset), or -1
 * @param confirmedNs from the user's voice onset to the detector's barge-in (the policy's stop or duck), or -1
 * @param earlyBargeIns barge-ins and cue ducks before the user's voice began (the echo alone triggered them)
 * @param starts when (s) the voice detector heard speech start before the user's voice began
 * @param erleAtOnsetDb the canceller's ERLE over its window when the user's voice began (NaN without one)
 * @param echoOnsets voiced windows not passed on to the speaker (taken for echo)
 * @param cueDucks the speaker's ducks on the canceller's cue over the whole run
 * @param cueRestores those of them undone for want of the detector's confirmation
 * @param firstEarlyS when (s) the echo alone first stopped or ducked the speaker, NaN if never; with no
 *     user the run ends there (the room's echo after a flush costs a convolution of all that played)
 * @param stops barge-ins that stopped the utterance (the others ducked it), over the whole run
 * @param firstStopS when (s) the first of them flushed the card, NaN if none
 * @param undone barge-ins undone over the whole run (stops resumed, ducks at their level again): no
 *     voice went on while the utterance listened (audio.barge_in_listen_ms); with a user the run goes
 *     on after the detector's stop until the speaker has stopped listening, so a stop the user's
 *     voice did not hold is counted here
 * @param stopsResumed those of them that were stops
 * @param silentNs from the user's voice onset to the last sound the card played (0 where it was
 *     already silent, between two words), plus the wall time the block of the first flush took,
 *     where the detector stopped the utterance for good; -1 otherwise (missed, ducked or resumed)
 */
public record BargeInRun(long latencyNs, long confirmedNs, long earlyBargeIns, List<Double> starts,
                         double erleAtOnsetDb, long echoOnsets, long cueDucks, long cueRestores,
                         double firstEarlyS, long stops, double firstStopS, long undone, long stopsResumed,
                         long silentNs) {
  private static final long S = 1_000_000_000L;
  /** The sound card's buffer: the local speaker's default (500 ms). */
  static final int CARD_BUFFER_FRAMES = LocalSpeaker.DEFAULT_BUFFER_MS * 24;
  public static final EchoSettings SPEEX = new EchoSettings(EchoSettings.Mode.SPEEX, 300, 110);
  private static final java.util.function.Consumer<String> NO_TRACE = line -> { };
  /** Where a bench may have each voice heard while a stopped utterance listens told (nowhere by default). */
  public static java.util.function.Consumer<String> TRACE = NO_TRACE;
  /** audio.barge_in_listen_ms as the node declares it by default. */
  public static final int LISTEN_MS = new org.duplexnode.config.ParameterSet(org.duplexnode.config.NodeParameters.all())
      .getInt(org.duplexnode.config.NodeParameters.BARGE_IN_LISTEN_MS);
  /** audio.motion_hold_s as the node declares it by default (ns). */
  public static final long MOTION_HOLD_NS = Math.round(1e9 * new org.duplexnode.config.ParameterSet(
      org.duplexnode.config.NodeParameters.all()).getDouble(org.duplexnode.config.NodeParameters.MOTION_HOLD_S));

  /** A bench's {@code listen=MS} argument (audio.barge_in_listen_ms), {@link #LISTEN_MS} without one. */
  public static int listenMs(String[] args) {
    return java.util.Arrays.stream(args).filter(a -> a.startsWith("listen=")).findFirst()
        .map(a -> Integer.parseInt(a.substring("listen=".length()))).orElse(LISTEN_MS);
  }

  /**
   * A voice onset (s) drawn in the robot's speech after the canceller's first {@value #CONVERGED_S} s
   * (its ERLE over 5 s settles by then), as on a robot that has spoken before, and 1.5 s before
   * the speech ends.
   */
  public static double onsetAfterConvergence(SyntheticRoom room, java.util.Random random) {
    return SyntheticRoom.PLAY_START_S + CONVERGED_S
        + random.nextDouble() * (room.robotEndS() - SyntheticRoom.PLAY_START_S - CONVERGED_S - 1.5);
  }

  /** Seconds of the robot's speech after which a bench's onsets are drawn. */
  public static final double CONVERGED_S = 9;

  /** Takes the canceller's output with the node time (ns) of its first sample. */
  interface StampedSamples {
    void samples(float[] s, int off, int len, long atNanos);
  }

  /** A sink of 16 kHz audio that hands each block on with its time, counted from the stream's anchor. */
  static AudioStreamSink stamped(StampedSamples next) {
    return new AudioStreamSink() {
      long at;
      @Override public void streamStarted(long anchorNanos) {
        at = anchorNanos;
      }
      @Override public void samples(float[] s, int off, int len) {
        next.samples(s, off, len, at);
        at += len * 62_500L;
      }
      @Override public void streamEnded() { }
    };
  }

  /** The user's voice from the room, from its first sample. */
  public static float[] userVoice(SyntheticRoom room) {
    int from = (int) Math.round(room.userStartS() * SyntheticRoom.RATE);
    return java.util.Arrays.copyOfRange(room.nearEnd(), from, room.nearEnd().length);
  }

  /**
   * {@code room} with {@code voice} (a user's, from its first sample), {@code gainDb} louder, in
   * place of its own user: the voice's onset ({@link #onsetSample}) at each of {@code onsetsS}, cut
   * {@code lengthsS} after it (with a 10 ms fade; all of it where the length is infinite). The
   * robot's echo and the noise as they were.
   */
  public static SyntheticRoom withUserAt(SyntheticRoom room, float[] voice, double gainDb, double[] onsetsS,
                                         double[] lengthsS) {
    int onset = onsetSample(voice);
    float gain = (float) Math.pow(10, gainDb / 20);
    float[] near = new float[room.echo().length];
    for (int k = 0; k < onsetsS.length; k++) {
      int at = (int) Math.round(onsetsS[k] * SyntheticRoom.RATE) - onset;
      int n = Double.isInfinite(lengthsS[k]) ? voice.length
          : Math.min(voice.length, onset + (int) Math.round(lengthsS[k] * SyntheticRoom.RATE));
      for (int i = 0; i < n && at + i < near.length; i++) {
        near[at + i] += gain * voice[i] * (float) Math.min(1, (n - i) / 160.0);
      }
    }
    return new SyntheticRoom(room.robot24k(), room.echo(), near, room.noise(), onsetsS[0], room.robotEndS(),
        room.impulse(), room.echoAt(), null);
  }

  /**
   * The robot's speech of a room of {@code shape} (no user), silent for {@code pauseS} from
   * {@code stopS} (s from the room's start) and then going on where it stopped: a stop, and the
   * model's next utterance.
   */
  public static SyntheticRoom stoppedFor(SyntheticRoom.Shape shape, double stopS, double pauseS) {
    short[] speech = SyntheticRoom.make(shape).robot24k();
    int stop = (int) Math.round((stopS - SyntheticRoom.PLAY_START_S) * 24_000);
    int pause = (int) Math.round(pauseS * 24_000);
    short[] stopped = new short[speech.length + pause];
    System.arraycopy(speech, 0, stopped, 0, stop);
    System.arraycopy(speech, stop, stopped, stop + pause, speech.length - stop);
    return SyntheticRoom.echoAlone(shape, stopped, 1.0);
  }

  /**
   * As {@link #stoppedFor}, but the robot's speech goes on {@code duckDb} lower for
   * {@code pauseS} from {@code stopS} (a duck, the rest of the utterance) and at its level after.
   */
  public static SyntheticRoom duckedFor(SyntheticRoom.Shape shape, double stopS, double pauseS, double duckDb) {
    short[] speech = SyntheticRoom.make(shape).robot24k().clone();
    int from = (int) Math.round((stopS - SyntheticRoom.PLAY_START_S) * 24_000);
    int to = Math.min(speech.length, from + (int) Math.round(pauseS * 24_000));
    double gain = Math.pow(10, -duckDb / 20);
    for (int i = from; i < to; i++) {
      speech[i] = (short) Math.round(speech[i] * gain);
    }
    return SyntheticRoom.echoAlone(shape, speech, 1.0);
  }

  /**
   * Where the voice begins: the first 5 ms whose RMS reaches a tenth (-20 dB) of the voice's RMS
   * over its loud half.
   */
  public static int onsetSample(float[] voice) {
    double sum = 0;
    int loud = 0;
    for (float v : voice) {
      if (Math.abs(v) > 1e-4) {
        sum += (double) v * v;
        loud++;
      }
    }
    double threshold = 0.01 * sum / Math.max(1, loud);
    for (int at = 0; at + 80 <= voice.length; at += 80) {
      double e = 0;
      for (int i = at; i < at + 80; i++) {
        e += (double) voice[i] * voice[i];
      }
      if (e / 80 >= threshold) {
        return at;
      }
    }
    return -1;
  }

  /**
   * Plays the robot's speech with {@code policy}, the user's {@code voice} placed so that its onset
   * is at {@code onsetS} (no user when negative), up to {@code untilS}, the microphone in blocks of
   * {@code blockMs}.
   */
  public static BargeInRun run(SyntheticRoom room, float[] voice, double onsetS, double untilS, int blockMs,
                               BargeIn policy, SileroVad vad) throws InterruptedException {
    return run(room, voice, onsetS, untilS, blockMs, policy, vad, SPEEX);
  }

  /** As above, with the echo canceller set up as {@code echoSettings} say. */
  public static BargeInRun run(SyntheticRoom room, float[] voice, double onsetS, double untilS, int blockMs,
                               BargeIn policy, SileroVad vad, EchoSettings echoSettings) throws InterruptedException {
    return run(room, voice, onsetS, untilS, blockMs, BargeInPolicy.fixed(policy), t -> { }, 0, vad, echoSettings);
  }

  /**
   * As above, the speaker asking {@code policy} at each onset and cue (one that follows the robot's
   * motion), {@code everyBlock} told the simulated time (ns) at each block's start, before it is
   * heard (where a bench tells the policy that the robot moves), and the robot's speech cut into
   * utterances of {@code utteranceS} seconds played back to back (0: one utterance), as the model's
   * turns are: a barge-in stops or ducks the utterance playing, and the next plays as usual.
   */
  public static BargeInRun run(SyntheticRoom room, float[] voice, double onsetS, double untilS, int blockMs,
                               BargeInPolicy policy, java.util.function.LongConsumer everyBlock, double utteranceS,
                               SileroVad vad, EchoSettings echoSettings) throws InterruptedException {
    return run(room, voice, onsetS, untilS, blockMs, policy, (speaker, t) -> everyBlock.accept(t), utteranceS, vad,
        echoSettings);
  }

  /**
   * As above, {@code everyBlock} also given the speaker (where a test turns its volume): once the
   * speaker has played at another volume than 0 dB the room hears what the card played.
   */
  public static BargeInRun run(SyntheticRoom room, float[] voice, double onsetS, double untilS, int blockMs,
                               BargeInPolicy policy, java.util.function.ObjLongConsumer<LocalSpeaker> everyBlock,
                               double utteranceS, SileroVad vad, EchoSettings echoSettings) throws InterruptedException {
    short[] speech = room.robot24k();
    int utterance = utteranceS > 0 ? (int) Math.round(utteranceS * 24_000) : speech.length;
    int utterances = Math.max(1, (speech.length + utterance - 1) / utterance);
    int handed = 0;
    int rate = SyntheticRoom.RATE;
    AtomicLong clock = new AtomicLong(0);
    SimulatedSoundCard card = new SimulatedSoundCard(clock, CARD_BUFFER_FRAMES);
    LocalSpeaker speaker = new LocalSpeaker(card);
    // Time is simulated and a room's echo after a flush slows it down: the real-time guard for a
    // microphone that stops must not end a listening stop (the run closes the speaker at its end).
    speaker.listenGuardMs(600_000);
    speaker.bargeIn(policy);
    FarEndReference reference = new FarEndReference();
    speaker.onPlayback(reference, clock::get);
    VoiceOnsetListener traced = new VoiceOnsetListener() {
      @Override public void voiceOnset(long onsetNanos) {
        voiceOnset(onsetNanos, () -> false);
      }

      @Override public void voiceOnset(long onsetNanos, java.util.function.BooleanSupplier unlikeTheNodesVoice) {
        if (speaker.listening()) {
          TRACE.accept(String.format(java.util.Locale.ROOT, "voice %+d ms after the stop (at %.2f s)%s",
              (onsetNanos - speaker.listeningSinceNanos()) / 1_000_000, onsetNanos / 1e9,
              unlikeTheNodesVoice.getAsBoolean() ? ", unlike the robot's pitch" : ""));
        }
        speaker.voiceOnset(onsetNanos, unlikeTheNodesVoice);
      }

      @Override public void noVoice(long windowStartNanos) {
        speaker.noVoice(windowStartNanos);
      }

      @Override public void cancelledFrame(long frameNanos, boolean voiceCue) {
        speaker.cancelledFrame(frameNanos, voiceCue);
      }
    };
    VoiceOnsetListener told = TRACE == NO_TRACE ? speaker : traced;
    // The speaker acts at once on what the microphone's frames tell it (a duck, a stop, a resume),
    // and its thread hands the card what follows before the next frame is heard: two barge-in
    // actions within one block otherwise met the thread where it happened to be, and runs differed.
    VoiceOnsetListener settling = new VoiceOnsetListener() {
      @Override public void voiceOnset(long onsetNanos) {
        voiceOnset(onsetNanos, () -> false);
      }

      @Override public void voiceOnset(long onsetNanos, java.util.function.BooleanSupplier unlikeTheNodesVoice) {
        told.voiceOnset(onsetNanos, unlikeTheNodesVoice);
        settle(card, speaker);
      }

      @Override public void noVoice(long windowStartNanos) {
        told.noVoice(windowStartNanos);
        settle(card, speaker);
      }

      @Override public void cancelledFrame(long frameNanos, boolean voiceCue) {
        told.cancelledFrame(frameNanos, voiceCue);
        settle(card, speaker);
      }
    };
    EchoPath echo = EchoPath.of(echoSettings, reference, EchoPath.speex(echoSettings)).withVoiceOnsets(settling);
    speaker.echoDelay(echo::echoDelayNanos);
    long onsetNs = onsetS < 0 ? Long.MAX_VALUE : (long) (onsetS * S);
    List<UserSpeechChange> earlyStarts = new ArrayList<>();
    vad.reset();
    VoiceActivity activity = new VoiceActivity(vad, SpeechTimeline.standard(), c -> {
      if (c.kind() == UserSpeechChange.Kind.START && c.startNs() < onsetNs) {
        earlyStarts.add(c);
      }
    }, echo.voiceOnsets());
    AudioStreamSink stage = echo.wrap(stamped(activity::accept));
    float[] mic = room.microphone();
    for (int i = 0; i < mic.length; i++) {
      mic[i] -= room.nearEnd()[i];
    }
    int onsetAt = onsetS < 0 ? -1 : (int) Math.round(onsetS * rate) - onsetSample(voice);
    for (int i = 0; onsetAt >= 0 && i < voice.length && onsetAt + i < mic.length; i++) {
      mic[onsetAt + i] += voice[i];
    }
    long earlyBargeIns = 0;
    long latency = -1;
    long tookAtFlush = 0;
    long confirmed = -1;
    long earlyConfirmed = 0;
    double firstEarly = Double.NaN;
    double firstStop = Double.NaN;
    double erleAtOnset = Double.NaN;
    long silent = -1;
    boolean rescaled = false;
    try {
      stage.streamStarted(0);
      int block = blockMs * rate / 1000;
      int end = Math.min(mic.length, (int) (untilS * rate));
      for (int off = 0; off + block <= end; off += block) {
        clock.set((long) off * S / rate);
        everyBlock.accept(speaker, clock.get());
        rescaled |= speaker.volumeDb() != 0;
        boolean started = off >= (int) (SyntheticRoom.PLAY_START_S * rate);
        // The next utterance goes in as the one before is taken to play, so that they follow without a gap.
        if (started && handed < utterances && (handed == 0 || speaker.queued() == 0)) {
          short[] pcm = java.util.Arrays.copyOfRange(speech, handed * utterance, Math.min(speech.length,
              (handed + 1) * utterance));
          speaker.speech(new SpeechChunk(handed + 1, handed, 0, pcm, true, true, false));
          handed++;
        }
        // The speaker's thread tops the card up at this very time (never late), as a real one well ahead does.
        if (started) {
          card.settle(speaker::idle, 10_000);
        }
        clock.set((long) (off + block) * S / rate);
        if (started) {
          card.settle(speaker::idle, 10_000);
        }
        float[] heard = java.util.Arrays.copyOfRange(mic, off, off + block);
        if (card.flushes() > 0 || rescaled) {
          // The speaker no longer plays what the room's echo was made from: the room hears what it played.
          float[] change = room.echoChange(card.heard(), off, block);
          for (int i = 0; i < block; i++) {
            heard[i] += change[i];
          }
        }
        long t0 = System.nanoTime();
        stage.samples(heard, 0, block);
        long took = System.nanoTime() - t0;
        if (speaker.bargeInStops() > 0 && Double.isNaN(firstStop)) {
          firstStop = card.lastFlushNs() / 1e9;
        }
        if (clock.get() < onsetNs) {
          earlyConfirmed = speaker.bargeIns();
          earlyBargeIns = earlyConfirmed + speaker.cueDucks();
          erleAtOnset = echo.reading().erleDb();
          if (earlyBargeIns > 0 && Double.isNaN(firstEarly)) {
            firstEarly = card.lastFlushNs() / 1e9;
            if (onsetS < 0) {
              break;
            }
          }
        } else if (latency < 0 && speaker.bargeIns() + speaker.cueDucks() > earlyBargeIns && card.lastFlushNs() >= onsetNs) {
          latency = card.lastFlushNs() + took - onsetNs;
          tookAtFlush = took;
        }
        if (clock.get() >= onsetNs && speaker.bargeIns() > earlyConfirmed && confirmed < 0) {
          confirmed = clock.get() + took - onsetNs;
        }
        if (confirmed >= 0 && !speaker.listening()) {
          break;
        }
      }
      stage.streamEnded();
      if (confirmed >= 0 && speaker.bargeInStops() > 0 && speaker.bargeInsUndone() == 0) {
        silent = Math.max(0, card.lastSoundNs() - onsetNs) + tookAtFlush;
      }
    } finally {
      speaker.close();
      echo.close();
    }
    return new BargeInRun(latency, confirmed, earlyBargeIns, earlyStarts.stream().map(c -> c.startNs() / 1e9).toList(),
        erleAtOnset, echo.echoOnsets(), speaker.cueDucks(), speaker.cueRestores(), firstEarly, speaker.bargeInStops(),
        firstStop, speaker.bargeInsUndone(), speaker.stopsResumed(), silent);
  }

  /** Waits until the speaker's thread has topped the card up at the clock's present time, once it has started playing. */
  private static void settle(SimulatedSoundCard card, LocalSpeaker speaker) {
    if (card.acceptedFrames() == 0) {
      return;
    }
    try {
      card.settle(speaker::idle, 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
