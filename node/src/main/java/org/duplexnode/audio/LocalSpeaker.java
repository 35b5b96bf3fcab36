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
 * <p>Barge-in ({@link #voiceOnset}, {@link #cancelledFrame}: the ingest thread, as the voice
 * detector hears the user over the echo and the echo canceller's cue comes before it): stop
 * silences the utterance, its place kept while it listens for the voice to go on; duck plays again
 * what the device held, lower. {@link SpeakerBargeIn} decides which utterance is stopped, silenced
 * or ducked and when that is undone; this class plays what it says.
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
 * The volume ({@link #volumeDb}) and a duck's gain are applied as each slice is handed over, so the
 * listener is handed what the line plays.
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
  /** How far ahead the line is kept with silence between utterances, and how often that is looked at. */
  static final int KEEP_AHEAD_MS = 60;
  static final int KEEP_ALIVE_POLL_MS = 10;
  private static final byte[] SILENCE = new byte[KEEP_ALIVE_POLL_MS * BYTES_PER_MS];

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
  /** Held by whatever changes what the player does (flushes, barge-ins); the player waits on it while its utterance is silenced. */
  private final Object lock = new Object();
  private volatile boolean open = true;
  /** Raised by each interruption; queued audio of an older epoch is not played. */
  private volatile long epoch;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile String lastError = "";
  private volatile PlaybackListener playback = PlaybackListener.NONE;
  /**
   * Whether the line is kept playing between utterances (silence, {@value #KEEP_AHEAD_MS} ms ahead):
   * a sound device's stream that runs dry starts again with another latency.
   */
  private final boolean keepStreaming;
  private final PlaybackTimeline timeline;
  private final SpeakerBargeIn bargeIn;
  /** The gain of {@code audio.local_speaker_volume_db}, applied as each slice is handed to the line. */
  private volatile double volume = 1.0;
  private volatile double volumeDb;
  /** The utterance of the slice last handed to the line. */
  private volatile long playingUtterance = Long.MIN_VALUE;
  /** Raised by each rewind's flush; what the line held then, to be played again. */
  private volatile int rewinds;
  private volatile long rewindFrames;
  /**
   * Whether the player is inside a chunk: a duck then plays again what the device held. Past an
   * utterance's last slice there is nothing to play again, and a cue could only cut its end.
   */
  private volatile boolean handing;
  /** The utterance's last bytes handed to the line (player thread): what a rewind may have to play again. */
  private final HandedAudio handed = new HandedAudio(HandedAudio.CAPACITY_BYTES);
  /** Chunks taken in and not yet handed over whole (or dropped). */
  private final AtomicLong unfinished = new AtomicLong();

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
    this.timeline = new PlaybackTimeline(keepStreaming);
    this.bargeIn = new SpeakerBargeIn(new BargeInPlayer(), lock);
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
    timeline.clock(clockNs);
    this.playback = listener;
  }

  /**
   * How much later than its playback time the microphone hears this speaker (ns; 0 until set): a
   * barge-in that listens waits that long more for the echo of the last sound played to die away.
   */
  public void echoDelay(java.util.function.LongSupplier nanos) {
    bargeIn.echoDelay(nanos);
  }

  /**
   * How loud the speech plays, in dB (at most 0: as the model made it), from the next slice on. The
   * playback listener is handed the samples as played, so the echo canceller's reference follows
   * the change and its filter still fits: a sound card's mixer turned up is a changed echo path.
   */
  public void volumeDb(double db) {
    if (!(db <= 0)) {
      throw new IllegalArgumentException("volume " + db + " dB: at most 0 (the speaker does not amplify)");
    }
    volumeDb = db;
    volume = Math.pow(10, db / 20);
  }

  public double volumeDb() {
    return volumeDb;
  }

  /** What to do when the user starts speaking over the speaker; off until set. */
  public void bargeIn(BargeIn policy) {
    bargeIn.policy(BargeInPolicy.fixed(policy));
  }

  /** Where to take the barge-in policy from at each voice onset and cue (one that follows the robot's motion). */
  public void bargeIn(BargeInPolicy policy) {
    bargeIn.policy(policy);
  }

  /** Takes one speech chunk (outputs thread); drops queued audio when the utterance was interrupted. */
  @Override
  public void speech(SpeechChunk c) {
    if (c.last()) {
      bargeIn.utteranceEnded(c.utteranceId(), c.stampNs());
    }
    if (c.interrupted()) {
      cut();
    }
    if (c.pcm().length == 0 || bargeIn.stopped(c.utteranceId())) {
      return;
    }
    Queued q = new Queued(epoch, c.utteranceId(), Pcm16.bytes(c.pcm()), c.pcm().clone());
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
    bargeIn.voiceOnset(onsetNanos);
  }

  /**
   * As {@link #voiceOnset(long)}; while a stop listens, a voice within the room's echo of what
   * played counts all the same where it is voiced at a pitch the robot's last second of speech did
   * not have (a short word often ends before that echo does).
   */
  @Override
  public void voiceOnset(long onsetNanos, java.util.function.BooleanSupplier unlikeTheNodesVoice) {
    bargeIn.voiceOnset(onsetNanos, unlikeTheNodesVoice);
  }

  /** The detector's window from {@code windowStartNanos} held no voice: a silenced utterance's clock. */
  @Override
  public void noVoice(long windowStartNanos) {
    bargeIn.listened(windowStartNanos);
  }

  /**
   * The canceller's frame (ingest thread): its cue silences (stop) or ducks (duck) the utterance
   * playing now until the detector confirms the voice ({@link SpeakerBargeIn}).
   */
  @Override
  public void cancelledFrame(long frameNanos, boolean voiceCue) {
    bargeIn.cancelledFrame(frameNanos, voiceCue);
  }

  /** What a barge-in has the player do. */
  private final class BargeInPlayer implements SpeakerBargeIn.Player {
    @Override public long now() { return timeline.now(); }
    @Override public boolean playing() { return timeline.playing(); }
    @Override public long playingUtterance() { return playingUtterance; }
    @Override public boolean handing() { return handing; }
    @Override public void rewind() { LocalSpeaker.this.rewind(); }
    @Override public void cut() { LocalSpeaker.this.cut(); }
    @Override public void playAgain(long utterance) { playAgainWhatTheLineHeld(utterance); }

    @Override
    public void dropQueued(long utterance) {
      queue.removeIf(q -> {
        if (q.utteranceId() != utterance) {
          return false;
        }
        unfinished.decrementAndGet();
        return true;
      });
    }
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

  /** Drops what the line holds for the player to hand it again (at the level the utterance plays at now). */
  private void rewind() {
    synchronized (lock) {
      // What the line held of speech: not the silence after it.
      rewindFrames = timeline.speechHeld(line.playedFrames());
      flushLine();
      rewinds++;
    }
  }

  /** Drops what is queued and what the device holds. */
  private void cut() {
    synchronized (lock) {
      epoch++;
      bargeIn.cut();
      unfinished.addAndGet(-queue.drainTo(new java.util.ArrayList<>()));
      flushLine();
      lock.notifyAll();
    }
  }

  private void flushLine() {
    synchronized (lock) {
      line.flush();
      playback.cut(timeline.flushed());
    }
  }

  private void play() {
    int seenRewinds = rewinds;
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
      if (data.length == 0 && rewinds != seenRewinds && q.utteranceId() == handed.utterance()) {
        // A resumed utterance whose chunks had all been handed over: what the line held, again.
        seenRewinds = rewinds;
        data = handed.takeLast((int) Math.min(Integer.MAX_VALUE, 2 * rewindFrames));
        samples16 = Pcm16.samples(data);
      }
      for (int off = 0; off < data.length && q.epoch() == epoch && !bargeIn.stopped(q.utteranceId()) && open; ) {
        if (rewinds != seenRewinds) {
          // A duck (or its undoing) dropped what the line held: play it again, from an earlier chunk
          // of the utterance too where the line held that chunk's end.
          seenRewinds = rewinds;
          int back = (int) Math.min(Integer.MAX_VALUE, 2 * rewindFrames);
          if (back <= off) {
            off -= back;
            handed.dropLast(back);
          } else {
            handed.dropLast(off);
            byte[] before = handed.takeLast(back - off);
            if (before.length > 0) {
              data = Pcm16.concat(before, data);
              samples16 = Pcm16.samples(data);
            }
            off = 0;
          }
        }
        if (bargeIn.silenced(q.utteranceId())) {
          Queued waiting = q;
          bargeIn.awaitListened(q.utteranceId(), () -> waiting.epoch() == epoch && open);
          continue;
        }
        int len = Math.min(slice, data.length - off);
        playingUtterance = q.utteranceId();
        double gain = volume * (bargeIn.ducked(q.utteranceId()) ? bargeIn.duckGain() : 1.0);
        boolean scaled = gain != 1.0;
        byte[] pcm = scaled ? Pcm16.scaled(data, off, len, gain) : data;
        int at = scaled ? 0 : off;
        handOver(scaled ? Pcm16.samples(pcm) : samples16, scaled ? 0 : off / 2, len / 2);
        int n;
        try {
          n = line.write(pcm, at, len);
        } catch (RuntimeException e) {
          timeline.notWritten(len / 2);
          failed("write failed: " + e.getMessage());
          break;
        }
        samples.addAndGet(n / 2);
        timeline.notWritten((len - Math.max(0, n)) / 2);
        if (n < len && rewound(seenRewinds) && q.epoch() == epoch && open) {
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

  /**
   * Whether a rewind flushed the line since {@code seenRewinds}. Asked under the lock that
   * {@link #rewind} holds from its flush to its count: a write cut short by that flush must not
   * read the count before it moves, or it would take the flush for a failed device and drop the
   * rest of the chunk.
   */
  private boolean rewound(int seenRewinds) {
    synchronized (lock) {
      return rewinds != seenRewinds;
    }
  }

  /** How often the user's voice, confirmed by the voice detector, stopped or ducked the speaker. */
  public long bargeIns() {
    return bargeIn.bargeIns();
  }

  /** Those of {@link #bargeIns()} that stopped an utterance (the rest ducked it). */
  public long bargeInStops() {
    return bargeIn.bargeInStops();
  }

  /** How often the canceller's cue silenced (stop) or ducked (duck) the speaker before the detector could tell. */
  public long cueDucks() {
    return bargeIn.cueDucks();
  }

  /** Cues undone because the detector did not confirm the user's voice in time: the utterance played on. */
  public long cueRestores() {
    return bargeIn.cueRestores();
  }

  /** Hands {@code len} samples to the playback listener with the time the first plays. */
  private void handOver(short[] pcm, int off, int len) {
    playback.played(timeline.speech(len, line::playedFrames), 24_000, pcm, off, len);
  }

  /**
   * Between utterances, once speech has started the stream: silence, so that the line plays on
   * {@value #KEEP_AHEAD_MS} ms ahead of now.
   */
  private void keepAhead() {
    long now = timeline.now();
    while (open && timeline.wantsSilence(now, KEEP_AHEAD_MS * 1_000_000L)) {
      long start = timeline.startAt(now);
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
      timeline.silence(start, n / 2);
    }
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
        bargeIn.state(), timeline.streamRestarts(), volumeDb);
  }

  int queued() {
    return queue.size();
  }

  /**
   * Whether the player has nothing to hand the line now: it has handed all it was given and waits
   * for more, or its utterance is silenced while it listens for the user.
   */
  boolean idle() {
    return unfinished.get() == 0 || bargeIn.silencing();
  }

  /**
   * The real time a silenced utterance waits beyond its listen time
   * ({@value SpeakerBargeIn#LISTEN_GUARD_MS} ms): longer for a simulated microphone whose clock may
   * run slower than real time.
   */
  void listenGuardMs(long ms) {
    bargeIn.listenGuardMs(ms);
  }

  /** When (the microphone's clock) the microphone stopped hearing the utterance now listening. */
  long listeningSinceNanos() {
    return bargeIn.listeningSinceNanos();
  }

  /** Whether a stopped utterance is silent and listens for the user's voice to go on. */
  boolean listening() {
    return bargeIn.listening();
  }

  /**
   * Barge-ins undone: the voice did not go on while the utterance listened, and it resumed (a stop)
   * or played at its level again (a duck).
   */
  public long bargeInsUndone() {
    return bargeIn.undone();
  }

  /** Those of {@link #bargeInsUndone()} that were stops. */
  long stopsResumed() {
    return bargeIn.stopsResumed();
  }

  /** Listening barge-ins held by a voice within the echo's tail at a pitch unlike the robot's. */
  long heldByPitch() {
    return bargeIn.heldByPitch();
  }

  long heldByModel() {
    return bargeIn.heldByModel();
  }

  // The speaker plays speech only; what the node says is also in the transcript on the topics.
  @Override
  public void transcript(TranscriptUpdate update) { }

  @Override
  public void proactive(ProactiveAlert alert) { }

  /** Each unit's state (outputs thread): a listening stop takes the model's word from it. */
  @Override
  public void state(StateUpdate update) {
    if (!update.bargeIn()) { // the node's notice of a voice at once, not a unit
      bargeIn.modelUnit(update.stampNs(), update.speaking(), update.utteranceId());
    }
  }

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
