package org.duplexnode.audio;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.ports.VoiceOnsetListener;
import org.duplexnode.ports.WatchListChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the node's speech on a sound device of this computer (javax.sound; ALSA on Linux), for
 * robots without an audio player node. Chunks queue up to {@value #QUEUE_CHUNKS} deep (the oldest
 * is dropped and counted beyond); playing happens on its own thread so the model thread never
 * waits for the sound card.
 *
 * <p>An interrupted utterance (barge-in) drops what is queued and flushes the line at once. The
 * player writes in slices of at most {@value #SLICE_MS} ms and checks for an interruption between
 * them, so after one at most the line's buffer plus one slice of the cut utterance can still be
 * heard; in practice the flush empties the buffer and it is nearer one slice.
 *
 * <p>Barge-in ({@link #voiceOnset}, on the ingest thread as the voice detector hears the user over
 * the echo): stop silences the utterance at once; duck drops what the device held and plays it
 * again, and the rest of the utterance, {@link BargeIn#duckDb()} lower. A stopped utterance then
 * listens for {@link BargeIn#listenMs()} from when the microphone stopped hearing it (the echo
 * delay after the stop): a voice heard {@value #ECHO_TAIL_MS} ms or more after that, when the
 * room's echo of it has died away, is the user's and drops the utterance (and its chunks still to
 * come), and so is one before that voiced at a pitch the robot's last second of speech did not have
 * ({@link #voiceOnset(long, java.util.function.BooleanSupplier)}); without one the utterance resumes
 * from where it was silenced. A duck listens alike, and
 * without a voice the utterance plays at its level again. The
 * guard before the detector can take the robot's own echo for a voice while the robot speaks (an
 * echo path that changed, as when it turns); it cannot once the robot is silent. With a listen
 * time of 0 a stop drops the utterance at once. A later utterance plays as usual: the model decides.
 *
 * <p>The detector needs a word's first 100-130 ms to call it speech; the echo canceller's cue
 * ({@link #cancelledFrame}: a frame far above the echo it leaves) comes sooner. On a cue the
 * speaker does at once what the policy says, but keeps what it would lose: stop silences the
 * utterance and holds its place, duck plays what the device held again lower. The detector's onset
 * then confirms it (a stop drops the utterance, or listens from the cue on), and with none within
 * {@value #CUE_CONFIRM_MS} ms the utterance plays on from where it was, at its level. So the
 * speaker falls silent on the cue, not on the detector (docs/benchmarks.md, "Barge-in").
 *
 * <p>Playback: each slice is handed to a {@link PlaybackListener} (the echo canceller's reference,
 * the self-voice gate) with the node time its first sample plays. While the line still plays what
 * it was given, that is the previous slice's end: a line plays its samples back to back. Otherwise
 * (the first slice, or after the line ran dry or was flushed) it is the write time, and the
 * device's own latency after it is part of the echo delay ({@code duplex-node audio check}
 * measures it). A sound device opened by {@link #open} is kept playing silence between utterances
 * once speech has started it, so that it never runs dry: a stream that starts again does so with
 * another latency (through PulseAudio up to 5 ms apart from one utterance to the next), which the
 * canceller takes for a changed echo path. The silence is not handed to the listener: the far end is the speech.
 *
 * <p>Failure: a device that cannot be opened is an {@link IllegalStateException} naming the
 * parameter and listing the devices there are; a write that fails later is counted in
 * {@link #health()} and playing goes on with the next chunk.
 */
public final class LocalSpeaker implements OutputPort, VoiceOnsetListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSpeaker.class);
  public static final AudioFormat FORMAT = new AudioFormat(24_000, 16, 1, true, false);
  public static final int DEFAULT_BUFFER_MS = 500;
  static final int QUEUE_CHUNKS = 8;
  static final int SLICE_MS = 100;
  private static final int BYTES_PER_MS = 48;

  /** The part of a sound card the speaker needs; a {@link SourceDataLine} in production. */
  public interface Line {
    /** Writes {@code len} bytes; returns how many were written (fewer after a flush or a failure). */
    int write(byte[] pcm, int off, int len);

    void flush();

    void close();

    /** Frames the device has played since it opened, or -1 if the line cannot tell. */
    default long playedFrames() {
      return -1;
    }
  }

  private record Queued(long epoch, long utteranceId, byte[] pcm, short[] samples) {}

  private final Line line;
  private final String device;
  private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
  private final Thread player;
  private volatile boolean open = true;
  /** Raised by each interruption; queued audio of an older epoch is not played. */
  private volatile long epoch;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile String lastError = "";
  private volatile PlaybackListener playback = PlaybackListener.NONE;
  private volatile java.util.function.LongSupplier clockNs = System::nanoTime;
  /** Frames handed to the line since it opened, and when the last slice handed over ends playing. */
  private long writtenFrames;
  private volatile long playsUntilNanos = Long.MIN_VALUE;
  /**
   * Whether the line is kept playing between utterances (silence, {@value #KEEP_AHEAD_MS} ms ahead):
   * a sound device's stream that runs dry starts again with another latency.
   */
  private final boolean keepStreaming;
  /** When what the line was given, silence included, ends playing. */
  private volatile long streamUntilNanos = Long.MIN_VALUE;
  /** Frames of silence handed to the line since its last speech. */
  private long silenceAfterSpeech;
  /** Times the line ran dry while it was to be kept playing. */
  private final AtomicLong streamRestarts = new AtomicLong();
  /**
   * Whether speech started the device's stream and it has not been flushed since: silence keeps it
   * playing only then (a sound server waits for a full buffer before it starts a stream, and silence
   * that started it would keep that whole buffer queued ahead of the speech).
   */
  private volatile boolean streaming;
  /** How far ahead the line is kept with silence, and how often that is looked at. */
  static final int KEEP_AHEAD_MS = 60;
  static final int KEEP_ALIVE_POLL_MS = 10;
  private static final byte[] SILENCE = new byte[KEEP_ALIVE_POLL_MS * BYTES_PER_MS];
  private volatile BargeInPolicy bargeIn = BargeInPolicy.fixed(BargeIn.off());
  /** The utterance of the slice last handed to the line, and the ones a barge-in stopped or ducked. */
  private volatile long playingUtterance = Long.MIN_VALUE;
  private volatile long stoppedUtterance = Long.MIN_VALUE;
  private volatile long duckedUtterance = Long.MIN_VALUE;
  /** Raised by each duck's flush; what the line held then, to be played again lower. */
  private volatile int duckFlushes;
  private volatile long rewindFrames;
  private final AtomicLong bargeIns = new AtomicLong();
  private final AtomicLong bargeInStops = new AtomicLong();
  /** How long a duck on the canceller's cue waits for the detector to confirm the user's voice. */
  static final int CUE_CONFIRM_MS = 250;
  /** When the pending cue silenced or ducked the speaker (microphone time), and which utterance; MIN_VALUE when none is pending. */
  private volatile long cuedAtNanos = Long.MIN_VALUE;
  private volatile long cueUtterance = Long.MIN_VALUE;
  /**
   * Whether the player is inside a chunk: a duck then plays again what the device held. Past an
   * utterance's last slice there is nothing to play again, and a cue could only cut its end.
   */
  private volatile boolean handing;
  /**
   * The utterance a stop silenced while it listens for the user, and when the microphone stopped
   * hearing what it had played (microphone time: the stop plus the echo delay); MIN_VALUE when none
   * listens.
   */
  private volatile long pausedUtterance = Long.MIN_VALUE;
  private volatile long pausedAtNanos;
  private volatile long listenNanos;
  /**
   * Whether the silenced utterance waits for the detector to confirm the canceller's cue (rather
   * than listening after a confirmed stop), and when the microphone stops hearing what played
   * before that cue.
   */
  private volatile boolean cuePause;
  private volatile long cueSilentAtNanos;
  private volatile java.util.function.LongSupplier echoDelayNanos = () -> 0;
  /**
   * How long after the microphone stopped hearing the speaker a voice is taken for the user's:
   * before, the room's reverberation of the robot's last words may still be heard
   * (docs/benchmarks.md, "A barge-in that listens").
   */
  static final int ECHO_TAIL_MS = 200;
  /**
   * Real time a silenced utterance waits beyond its listen time for the microphone's clock to get
   * there: a microphone that stopped delivering leaves the stop standing.
   */
  static final int LISTEN_GUARD_MS = 2_000;
  private volatile long listenGuardNanos = LISTEN_GUARD_MS * 1_000_000L;
  /** A detector's duck that listens for the voice to go on, as a stop does; MIN_VALUE when none. */
  private volatile long listeningDuck = Long.MIN_VALUE;
  private volatile long listeningDuckAtNanos;
  private volatile long duckListenNanos;
  /** Barge-ins undone: stops resumed and ducks played at their level again, no voice having gone on. */
  private final AtomicLong undone = new AtomicLong();
  private final AtomicLong stopsResumed = new AtomicLong();
  /** Listening barge-ins a voice held within the echo's tail by its pitch, unlike the robot's. */
  private final AtomicLong heldByPitch = new AtomicLong();
  private final AtomicLong cueDucks = new AtomicLong();
  private final AtomicLong cueRestores = new AtomicLong();
  /** The utterance's last bytes handed to the line (player thread): what a duck's flush may have to play again. */
  private final HandedAudio handed = new HandedAudio(HandedAudio.CAPACITY_BYTES);
  /** Chunks taken in and not yet handed over whole (or dropped). */
  private final AtomicLong unfinished = new AtomicLong();

  /** Set by a flush: what the line was given before it will never play, so count from what it played. */
  private volatile boolean recount;

  public LocalSpeaker(Line line) {
    this(line, "", false);
  }

  /**
   * @param keepStreaming whether the line is kept playing silence between utterances, as a sound
   *     device's is (through PulseAudio each utterance after a pause otherwise started with a latency
   *     up to 5 ms off the one before, an echo path change for the canceller: docs/benchmarks.md)
   */
  LocalSpeaker(Line line, String device, boolean keepStreaming) {
    this.line = line;
    this.device = device;
    this.keepStreaming = keepStreaming;
    this.player = new Thread(this::play, "local-speaker");
    this.player.setDaemon(true);
    this.player.start();
  }

  /** The default output of this computer with the default buffer. */
  public static LocalSpeaker openDefault() {
    return open("", DEFAULT_BUFFER_MS);
  }

  /**
   * Opens the named device ("" for the default; any part of the Java Sound mixer name) at 24 kHz
   * S16LE mono with a buffer of {@code bufferMs}; fails with a message naming the parameter.
   */
  public static LocalSpeaker open(String device, int bufferMs) {
    DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
    try {
      SourceDataLine l = (SourceDataLine) SoundDevices.find(device, info);
      l.open(FORMAT, bufferMs * BYTES_PER_MS);
      l.start();
      LOG.info("local speaker on '{}': {} bytes of buffer", device.isEmpty() ? "default" : device, l.getBufferSize());
      return new LocalSpeaker(new Line() {
        @Override public int write(byte[] pcm, int off, int len) { return l.write(pcm, off, len); }
        @Override public void flush() { l.flush(); }
        @Override public void close() { l.close(); }
        @Override public long playedFrames() { return l.getLongFramePosition(); }
      }, device, true);
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new IllegalStateException("audio.local_speaker: no audio output"
          + (device.isEmpty() ? " on this computer" : " '" + device + "' (audio.local_speaker_device)")
          + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Tells {@code listener} each slice played with its playback time on {@code clockNs}, the
   * clock the microphone is stamped with. Call before the first speech.
   */
  public void onPlayback(PlaybackListener listener, java.util.function.LongSupplier clockNs) {
    this.clockNs = clockNs;
    this.playback = listener;
  }

  /**
   * How much later than its playback time the microphone hears this speaker (ns; 0 until set): a
   * barge-in that listens waits that long more for the echo of the last sound played to die away.
   */
  public void echoDelay(java.util.function.LongSupplier nanos) {
    this.echoDelayNanos = nanos;
  }

  /** What to do when the user starts speaking over the speaker; off until set. */
  public void bargeIn(BargeIn policy) {
    this.bargeIn = BargeInPolicy.fixed(policy);
  }

  /** Where to take the barge-in policy from at each voice onset and cue (one that follows the robot's motion). */
  public void bargeIn(BargeInPolicy policy) {
    this.bargeIn = policy;
  }

  /** Takes one speech chunk (outputs thread); drops queued audio when the utterance was interrupted. */
  @Override
  public void speech(SpeechChunk c) {
    if (c.interrupted()) {
      cut();
    }
    if (c.pcm().length == 0 || c.utteranceId() == stoppedUtterance) {
      return;
    }
    byte[] b = new byte[c.pcm().length * 2];
    for (int i = 0; i < c.pcm().length; i++) {
      b[2 * i] = (byte) c.pcm()[i];
      b[2 * i + 1] = (byte) (c.pcm()[i] >> 8);
    }
    Queued q = new Queued(epoch, c.utteranceId(), b, c.pcm().clone());
    unfinished.incrementAndGet();
    if (!queue.offer(q)) {
      LOG.warn("local speaker is {} chunks behind; dropping the oldest", queue.size());
      if (queue.poll() != null) {
        unfinished.decrementAndGet();
        dropped.incrementAndGet();
      }
      queue.offer(q);
    }
  }

  /**
   * The voice detector heard the user over the speaker (ingest thread, each voiced window that
   * stands above the echo): stop drops the utterance at once (or silences it and listens), duck
   * keeps it ducked (listening alike); while one listens, a window after the echo's tail is the
   * voice going on.
   */
  @Override
  public void voiceOnset(long onsetNanos) {
    if (pausedUtterance != Long.MIN_VALUE && !cuePause) {
      if (pastEchoTail(onsetNanos, pausedAtNanos)) {
        confirmStop();
      }
      return;
    }
    if (listeningDuck != Long.MIN_VALUE && pastEchoTail(onsetNanos, listeningDuckAtNanos)) {
      listeningDuck = Long.MIN_VALUE; // the voice went on: the duck stays
    }
    BargeIn policy = bargeIn.current();
    if (policy.mode() == BargeIn.Mode.OFF) {
      return;
    }
    long cued = cuedAtNanos == Long.MIN_VALUE ? Long.MIN_VALUE : cueUtterance;
    cuedAtNanos = Long.MIN_VALUE;
    boolean silencedByCue = cuePause;
    // The cue flushed the device: until the player hands it the next slice nothing counts
    // as playing, yet the cued utterance is the one the user spoke over.
    long utterance = cued != Long.MIN_VALUE ? cued : playingUtterance;
    if (cued == Long.MIN_VALUE && (!playing() || playingUtterance == duckedUtterance)
        || utterance == stoppedUtterance) {
      return;
    }
    bargeIns.incrementAndGet();
    if (silencedByCue) {
      confirmCue(utterance, policy);
      return;
    }
    if (policy.mode() == BargeIn.Mode.STOP) {
      bargeInStops.incrementAndGet();
      if (policy.listenMs() > 0) {
        pause(utterance, policy.listenMs());
      } else {
        stoppedUtterance = utterance;
        cut();
      }
    } else {
      if (utterance != duckedUtterance) {
        duck();
        if (!handing) {
          playAgainWhatTheLineHeld(utterance);
        }
      }
      if (policy.listenMs() > 0 && listeningDuck != utterance) {
        listenWhileDucked(utterance, silentAt(), policy.listenMs());
      }
    }
  }

  /**
   * As {@link #voiceOnset(long)}; while a stop listens, a voice within the room's echo of what
   * played (before {@value #ECHO_TAIL_MS} ms after the microphone stopped hearing it) counts all the
   * same where it is voiced at a pitch the robot's last second of speech did not have: a short word
   * ("Stop.") often ends before that tail does.
   */
  @Override
  public void voiceOnset(long onsetNanos, java.util.function.BooleanSupplier unlikeTheNodesVoice) {
    if (pausedUtterance != Long.MIN_VALUE && !cuePause && !pastEchoTail(onsetNanos, pausedAtNanos)
        && unlikeTheNodesVoice.getAsBoolean()) {
      heldByPitch.incrementAndGet();
      confirmStop();
      return;
    }
    // A duck listens without it: a duck held by mistake costs the rest of the utterance 20 dB, and
    // the robot's generated turns held one so (docs/benchmarks.md, "A short word heard by its pitch").
    voiceOnset(onsetNanos);
  }

  /** The detector's window from {@code windowStartNanos} held no voice: a silenced utterance's clock. */
  @Override
  public void noVoice(long windowStartNanos) {
    listened(windowStartNanos);
  }

  /**
   * When the microphone stops hearing what played until now: the echo delay later (the room's
   * reverberation after that is {@link #ECHO_TAIL_MS}).
   */
  private long silentAt() {
    return clockNs.getAsLong() + Math.max(0, echoDelayNanos.getAsLong());
  }

  /** Whether a voice from {@code onsetNanos} is past the room's echo of what the microphone stopped hearing at {@code silentNanos}. */
  private static boolean pastEchoTail(long onsetNanos, long silentNanos) {
    return onsetNanos >= silentNanos + ECHO_TAIL_MS * 1_000_000L;
  }

  /** Silences {@code utterance} and keeps the rest to play again if the user's voice does not go on. */
  private synchronized void pause(long utterance, int listenMs) {
    if (duckedUtterance == utterance) {
      duckedUtterance = Long.MIN_VALUE; // resumed, it plays at its level: nobody spoke over it
    }
    silence(utterance, silentAt(), listenMs * 1_000_000L);
  }

  /** Silences {@code utterance}, its place kept, until {@code forNanos} of microphone time after {@code fromNanos}. */
  private synchronized void silence(long utterance, long fromNanos, long forNanos) {
    pausedUtterance = utterance;
    pausedAtNanos = fromNanos;
    listenNanos = forNanos;
    rewind();
  }

  /**
   * The canceller's cue under a stop: {@code utterance} falls silent at once and keeps its place
   * until the detector confirms the voice or {@value #CUE_CONFIRM_MS} ms pass.
   */
  private synchronized void silenceOnCue(long utterance, long frameNanos) {
    cueSilentAtNanos = silentAt();
    cuePause = true;
    silence(utterance, frameNanos, CUE_CONFIRM_MS * 1_000_000L);
  }

  /**
   * The detector heard the voice the cue silenced {@code utterance} for: the policy of now decides.
   * Stop drops it, or listens from when the microphone stopped hearing it after the cue; a duck
   * (the robot began to move meanwhile) plays it on, lower.
   */
  private synchronized void confirmCue(long utterance, BargeIn policy) {
    cuePause = false;
    if (pausedUtterance != utterance) {
      return; // cut meanwhile
    }
    if (policy.mode() == BargeIn.Mode.STOP) {
      bargeInStops.incrementAndGet();
      if (policy.listenMs() > 0) {
        pausedAtNanos = cueSilentAtNanos;
        listenNanos = policy.listenMs() * 1_000_000L;
      } else {
        stoppedUtterance = utterance;
        cut();
      }
      return;
    }
    pausedUtterance = Long.MIN_VALUE;
    duckedUtterance = utterance;
    playAgainWhatTheLineHeld(utterance);
    notifyAll();
    if (policy.listenMs() > 0) {
      listenWhileDucked(utterance, cueSilentAtNanos, policy.listenMs());
    }
  }

  /** A ducked {@code utterance} listens {@code listenMs} from {@code silentNanos} for the voice to go on. */
  private void listenWhileDucked(long utterance, long silentNanos, int listenMs) {
    listeningDuck = utterance;
    listeningDuckAtNanos = silentNanos;
    duckListenNanos = listenMs * 1_000_000L;
  }

  /**
   * Microphone time moved on to {@code nanos}: a silenced utterance that heard no voice resumes,
   * and a ducked one plays at its level again.
   */
  private void listened(long nanos) {
    if (pausedUtterance != Long.MIN_VALUE && nanos >= pausedAtNanos + listenNanos) {
      resume();
    }
    if (listeningDuck != Long.MIN_VALUE && nanos >= listeningDuckAtNanos + duckListenNanos) {
      unduck();
    }
  }

  /** Undoes a duck no voice held: what the device holds is dropped and played again at its level. */
  private synchronized void unduck() {
    long utterance = listeningDuck;
    if (utterance == Long.MIN_VALUE) {
      return;
    }
    listeningDuck = Long.MIN_VALUE;
    if (duckedUtterance != utterance) {
      return; // stopped or undone meanwhile
    }
    duckedUtterance = Long.MIN_VALUE;
    undone.incrementAndGet();
    bargeIn.echoPathMoved();
    if (playing() && playingUtterance == utterance) {
      rewind();
      playAgainWhatTheLineHeld(utterance);
    }
  }

  private synchronized void resume() {
    long utterance = pausedUtterance;
    if (utterance == Long.MIN_VALUE) {
      return;
    }
    pausedUtterance = Long.MIN_VALUE;
    if (cuePause) {
      // The detector heard no voice: a cough, a door. Not a barge-in undone, and not the echo's path.
      cuePause = false;
      cuedAtNanos = Long.MIN_VALUE;
      cueRestores.incrementAndGet();
    } else {
      undone.incrementAndGet();
      stopsResumed.incrementAndGet();
      bargeIn.echoPathMoved();
    }
    playAgainWhatTheLineHeld(utterance);
    notifyAll();
  }

  /**
   * After a rewind of {@code utterance}: where the player had handed over all its chunks (it waits
   * for the next), this empty one has it play again what the line held, from its own record;
   * otherwise (a chunk of it in hand, or one queued first) it is skipped.
   */
  private void playAgainWhatTheLineHeld(long utterance) {
    unfinished.incrementAndGet();
    if (!queue.offer(new Queued(epoch, utterance, new byte[0], new short[0]))) {
      unfinished.decrementAndGet();
    }
  }

  /**
   * The user's voice went on after the speaker fell silent: the utterance is dropped, with its
   * chunks still queued or to come; a later utterance queued meanwhile still plays.
   */
  private synchronized void confirmStop() {
    long utterance = pausedUtterance;
    if (utterance == Long.MIN_VALUE) {
      return;
    }
    stoppedUtterance = utterance;
    pausedUtterance = Long.MIN_VALUE;
    queue.removeIf(q -> {
      if (q.utteranceId() != utterance) {
        return false;
      }
      unfinished.decrementAndGet();
      return true;
    });
    notifyAll();
  }

  /**
   * Holds the player while {@code q}'s utterance is silenced; past the listen time and
   * {@value #LISTEN_GUARD_MS} ms of real time more without the microphone's clock getting there,
   * the stop stands.
   */
  private synchronized void awaitListened(Queued q) {
    long until = System.nanoTime() + listenNanos + listenGuardNanos;
    while (pausedUtterance == q.utteranceId() && q.epoch() == epoch && open) {
      // confirmStop and cut end the wait: the utterance is then stopped, or of an older epoch.
      long left = until - System.nanoTime();
      if (left <= 0) {
        if (cuePause) {
          LOG.warn("local speaker: the microphone's clock did not move on after a cue silenced the utterance; "
              + "it plays on");
          resume();
          return;
        }
        LOG.warn("local speaker: the microphone's clock did not move on while a stopped utterance listened; "
            + "it stays stopped");
        confirmStop();
        return;
      }
      try {
        wait(Math.max(1, left / 1_000_000L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The canceller's frame (ingest thread): a cue silences (stop) or ducks (duck) the utterance
   * playing now unless a barge-in already stopped or ducked it; one that the detector has not
   * confirmed within {@value #CUE_CONFIRM_MS} ms is undone.
   */
  @Override
  public void cancelledFrame(long frameNanos, boolean voiceCue) {
    listened(frameNanos);
    if (pausedUtterance != Long.MIN_VALUE) {
      return;
    }
    // A pending cue's duck is undone even if the policy became off meanwhile (a behaviour or the
    // robot's motion changed it): otherwise the utterance would stay ducked. A cue's silence is
    // undone by listened() above, whatever the policy.
    long at = cuedAtNanos;
    if (at != Long.MIN_VALUE) {
      if (frameNanos - at >= CUE_CONFIRM_MS * 1_000_000L) {
        restore();
      }
      return;
    }
    BargeIn.Mode mode = bargeIn.current().mode();
    if (mode == BargeIn.Mode.OFF) {
      return;
    }
    if (voiceCue && handing && playing() && playingUtterance != stoppedUtterance
        && playingUtterance != duckedUtterance) {
      cueUtterance = playingUtterance;
      cuedAtNanos = frameNanos;
      cueDucks.incrementAndGet();
      if (mode == BargeIn.Mode.STOP) {
        silenceOnCue(cueUtterance, frameNanos);
      } else {
        duck();
      }
    }
  }

  /** Undoes a cue's duck: what the device holds is dropped and played again at its level. */
  private synchronized void restore() {
    cuedAtNanos = Long.MIN_VALUE;
    cueRestores.incrementAndGet();
    if (duckedUtterance != cueUtterance) {
      return;
    }
    duckedUtterance = Long.MIN_VALUE;
    if (playing() && playingUtterance == cueUtterance) {
      rewind();
    }
  }

  private boolean playing() {
    return playsUntilNanos > clockNs.getAsLong();
  }

  /** Ducks the utterance playing now: what the line holds is dropped and played again lower. */
  private synchronized void duck() {
    duckedUtterance = playingUtterance;
    rewind();
  }

  /** Drops what the line holds for the player to hand it again (at the level the utterance plays at now). */
  private synchronized void rewind() {
    long played = line.playedFrames();
    // What the line held of speech: not the silence after it.
    rewindFrames = played < 0 ? 0 : Math.max(0, writtenFrames - silenceAfterSpeech - played);
    flushLine();
    duckFlushes++;
  }

  /** Drops what is queued and what the device holds. */
  private synchronized void cut() {
    epoch++;
    pausedUtterance = Long.MIN_VALUE;
    cuePause = false;
    unfinished.addAndGet(-queue.drainTo(new java.util.ArrayList<>()));
    flushLine();
    notifyAll();
  }

  private synchronized void flushLine() {
    line.flush();
    recount = true;
    long now = clockNs.getAsLong();
    playsUntilNanos = Math.min(playsUntilNanos, now);
    streamUntilNanos = Math.min(streamUntilNanos, now);
    streaming = false;
    playback.cut(now);
  }

  private void play() {
    int seenDucks = duckFlushes;
    while (open) {
      Queued q;
      try {
        q = keepStreaming ? queue.poll(KEEP_ALIVE_POLL_MS, java.util.concurrent.TimeUnit.MILLISECONDS) : queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (q == null) {
        keepAhead();
        continue;
      }
      int slice = SLICE_MS * BYTES_PER_MS;
      if (q.utteranceId() != handed.utterance()) {
        handed.startUtterance(q.utteranceId());
      }
      handing = true;
      byte[] data = q.pcm();
      short[] samples16 = q.samples();
      if (data.length == 0 && duckFlushes != seenDucks && q.utteranceId() == handed.utterance()) {
        // A resumed utterance whose chunks had all been handed over: what the line held, again.
        seenDucks = duckFlushes;
        data = handed.takeLast((int) Math.min(Integer.MAX_VALUE, 2 * rewindFrames));
        samples16 = samplesOf(data);
      }
      for (int off = 0; off < data.length && q.epoch() == epoch && q.utteranceId() != stoppedUtterance && open; ) {
        if (duckFlushes != seenDucks) {
          // A duck (or its undoing) dropped what the line held: play it again, from an earlier chunk
          // of the utterance too where the line held that chunk's end.
          seenDucks = duckFlushes;
          int back = (int) Math.min(Integer.MAX_VALUE, 2 * rewindFrames);
          if (back <= off) {
            off -= back;
            handed.dropLast(back);
          } else {
            handed.dropLast(off);
            byte[] before = handed.takeLast(back - off);
            if (before.length > 0) {
              data = concat(before, data);
              samples16 = samplesOf(data);
            }
            off = 0;
          }
        }
        if (q.utteranceId() == pausedUtterance) {
          awaitListened(q);
          continue;
        }
        int len = Math.min(slice, data.length - off);
        playingUtterance = q.utteranceId();
        boolean ducked = q.utteranceId() == duckedUtterance;
        byte[] pcm = ducked ? ducked(data, off, len) : data;
        int at = ducked ? 0 : off;
        handOver(ducked ? samplesOf(pcm) : samples16, ducked ? 0 : off / 2, len / 2);
        int n;
        try {
          n = line.write(pcm, at, len);
        } catch (RuntimeException e) {
          writtenFrames -= len / 2;
          failed("write failed: " + e.getMessage());
          break;
        }
        samples.addAndGet(n / 2);
        writtenFrames -= (len - Math.max(0, n)) / 2;
        if (n < len && rewound(seenDucks) && q.epoch() == epoch && open) {
          // The flush counted the whole slice as handed over: the loop's top goes back from its end.
          handed.add(data, off, len);
          off += len;
          continue;
        }
        handed.add(data, off, Math.max(0, n));
        if (n < len) {
          if (q.epoch() == epoch && open) {
            failed("the device took " + n + " of " + len + " bytes");
          }
          break;
        }
        off += n;
      }
      handing = false;
      unfinished.decrementAndGet();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Whether a duck (or its undoing) flushed the line since {@code seenDucks}. Asked under the lock
   * that {@link #rewind} holds from its flush to its count: a write cut short by that flush must
   * not read the count before it moves, or it would take the flush for a failed device and drop
   * the rest of the chunk.
   */
  private synchronized boolean rewound(int seenDucks) {
    return duckFlushes != seenDucks;
  }

  private byte[] ducked(byte[] pcm, int off, int len) {
    double gain = bargeIn.current().duckGain();
    byte[] out = new byte[len];
    for (int i = 0; i < len; i += 2) {
      int v = (int) Math.round(((short) ((pcm[off + i] & 0xff) | (pcm[off + i + 1] << 8))) * gain);
      out[i] = (byte) v;
      out[i + 1] = (byte) (v >> 8);
    }
    return out;
  }

  private static short[] samplesOf(byte[] pcm) {
    short[] s = new short[pcm.length / 2];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
    return s;
  }

  /** How often the user's voice, confirmed by the voice detector, stopped or ducked the speaker. */
  public long bargeIns() {
    return bargeIns.get();
  }

  /** Those of {@link #bargeIns()} that stopped an utterance (the rest ducked it). */
  public long bargeInStops() {
    return bargeInStops.get();
  }

  /** How often the canceller's cue silenced (stop) or ducked (duck) the speaker before the detector could tell. */
  public long cueDucks() {
    return cueDucks.get();
  }

  /** Cues undone because the detector did not confirm the user's voice in time: the utterance played on. */
  public long cueRestores() {
    return cueRestores.get();
  }

  private void handOver(short[] pcm, int off, int len) {
    long now = clockNs.getAsLong();
    if (recount) {
      recount = false;
      writtenFrames = Math.max(0, line.playedFrames());
      silenceAfterSpeech = 0;
      playsUntilNanos = Math.min(playsUntilNanos, now);
      streamUntilNanos = Math.min(streamUntilNanos, now);
    }
    // A line plays its samples back to back: while it still plays what it was handed, this slice
    // follows the last. Otherwise it plays from now, the device's own latency after (a constant,
    // which the echo delay takes in). The device's position is not used: a sound server's moves in
    // steps, runs ahead of what is heard while the server fills its buffer, and stalls when a stream
    // runs dry; through PulseAudio it scattered a far end read per slice by 5-15 ms, and stamped
    // the next utterance after a pause half a second late.
    long start = startAt(now);
    writtenFrames += len;
    silenceAfterSpeech = 0;
    streamUntilNanos = start + len * 1_000_000_000L / 24_000;
    playsUntilNanos = streamUntilNanos;
    streaming = keepStreaming;
    playback.played(start, 24_000, pcm, off, len);
  }

  /**
   * Between utterances, once speech has started the stream: silence, so that the line plays on
   * {@value #KEEP_AHEAD_MS} ms ahead of now.
   */
  private void keepAhead() {
    long now = clockNs.getAsLong();
    while (open && streaming && streamUntilNanos - now < KEEP_AHEAD_MS * 1_000_000L) {
      long start = startAt(now);
      int n;
      try {
        n = line.write(SILENCE, 0, SILENCE.length);
      } catch (RuntimeException e) {
        failed("write failed: " + e.getMessage());
        return;
      }
      if (n <= 0) {
        return;
      }
      writtenFrames += n / 2;
      silenceAfterSpeech += n / 2;
      streamUntilNanos = start + (n / 2) * 1_000_000_000L / 24_000;
    }
  }

  /**
   * Where the next samples play: after what the line holds, or now where it ran dry (counted when
   * it was to be kept playing: the player fell behind).
   */
  private long startAt(long now) {
    if (streamUntilNanos > now) {
      return streamUntilNanos;
    }
    if (streaming) {
      streamRestarts.incrementAndGet();
    }
    return now;
  }

  private void failed(String message) {
    errors.incrementAndGet();
    lastError = message;
    LOG.warn("local speaker: {}", message);
  }

  /** Frames the device reports played, or -1 if it cannot tell. */
  public long playedFrames() {
    return line.playedFrames();
  }

  public LocalAudioHealth health() {
    return new LocalAudioHealth("speaker", device, open, samples.get(), dropped.get(), errors.get(), lastError,
        new LocalAudioHealth.BargeInState(bargeIn.current().label(), bargeIns.get(), cueDucks.get(),
            cueRestores.get(), bargeIn.motion(), undone.get()), streamRestarts.get());
  }

  int queued() {
    return queue.size();
  }

  /**
   * Whether the player has nothing to hand the line now: it has handed all it was given and waits
   * for more, or its utterance is silenced while it listens for the user.
   */
  boolean idle() {
    return unfinished.get() == 0 || pausedUtterance != Long.MIN_VALUE;
  }

  /**
   * The real time a silenced utterance waits beyond its listen time ({@value #LISTEN_GUARD_MS} ms):
   * longer for a simulated microphone whose clock may run slower than real time.
   */
  void listenGuardMs(long ms) {
    listenGuardNanos = ms * 1_000_000L;
  }

  /** When (the microphone's clock) the microphone stopped hearing the utterance now listening. */
  long listeningSinceNanos() {
    return pausedAtNanos;
  }

  /** Whether a stopped utterance is silent and listens for the user's voice to go on. */
  boolean listening() {
    return pausedUtterance != Long.MIN_VALUE && !cuePause;
  }

  /**
   * Barge-ins undone: the voice did not go on while the utterance listened, and it resumed (a stop)
   * or played at its level again (a duck).
   */
  public long bargeInsUndone() {
    return undone.get();
  }

  /** Those of {@link #bargeInsUndone()} that were stops. */
  long stopsResumed() {
    return stopsResumed.get();
  }

  /** Listening barge-ins held by a voice within the echo's tail at a pitch unlike the robot's. */
  long heldByPitch() {
    return heldByPitch.get();
  }

  // The speaker plays speech only; what the node says is also in the transcript on the topics.
  @Override
  public void transcript(TranscriptUpdate update) { }

  @Override
  public void proactive(ProactiveAlert alert) { }

  @Override
  public void state(StateUpdate update) { }

  @Override
  public void watches(WatchListChanged change) { }

  @Override
  public void reply(CommandReply reply) { }

  @Override
  public void userSpeech(UserSpeechChange change) { }

  @Override
  public void close() {
    open = false;
    player.interrupt();
    line.close();
  }
}
