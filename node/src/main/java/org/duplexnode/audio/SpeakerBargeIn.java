package org.duplexnode.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local speaker's side of a barge-in: which utterance the user's voice stopped, silenced (its
 * place kept) or ducked, and when that is confirmed or undone. Told by the ingest thread (voice
 * onsets, voiceless windows, the canceller's frames); the player asks it what to play.
 *
 * <p>Stop silences the utterance at once; duck drops what the device held and plays it again, and
 * the rest of the utterance, {@link BargeIn#duckDb()} lower. A stopped utterance then listens for
 * {@link BargeIn#listenMs()} from when the microphone stopped hearing it (the echo delay after the
 * stop): a voice heard {@value #ECHO_TAIL_MS} ms or more after that, when the room's echo of it
 * has died away, is the user's and drops the utterance (and its chunks still to come), and so is
 * one before that voiced at a pitch the robot's last second of speech did not have; without one
 * the utterance resumes from where it was silenced. A duck listens alike, and without a voice the
 * utterance plays at its level again. The guard before the detector can take the robot's own echo
 * for a voice while the robot speaks (an echo path that changed, as when it turns); it cannot once
 * the robot is silent. With a listen time of 0 a stop drops the utterance at once. A later
 * utterance plays as usual: the model decides.
 *
 * <p>Where the node's model reports its units (each unit's state reaches the speaker), its word
 * counts too: a unit that heard any of the voice and ended the utterance drops it; one that heard
 * {@value #MODEL_HEARS_MS} ms of it still speaking it lets it resume, and overrules a pitch of its
 * own heard within the echo's tail (the room's tail after a changed path can pass for one). A
 * stop with no voice waits for that word up to {@value #MODEL_WAIT_MS} ms past the listen time.
 *
 * <p>The detector needs a word's first 100-130 ms to call it speech; the echo canceller's cue (a
 * frame far above the echo it leaves) comes sooner. On a cue the speaker does at once what the
 * policy says, but keeps what it would lose: stop silences the utterance and holds its place, duck
 * plays what the device held again lower. The detector's onset then confirms it (a stop drops the
 * utterance, or listens from the cue on), and with none within {@value #CUE_CONFIRM_MS} ms the
 * utterance plays on from where it was, at its level. So the speaker falls silent on the cue, not
 * on the detector (docs/benchmarks.md, "Barge-in").
 *
 * <p>All that changes what the player does is done under the speaker's lock, which the player
 * waits on while its utterance is silenced.
 */
final class SpeakerBargeIn {
  private static final Logger LOG = LoggerFactory.getLogger(SpeakerBargeIn.class);
  private static final long NONE = Long.MIN_VALUE;

  /** What the speaker's player does for a barge-in. */
  interface Player {
    /** Now, on the clock the microphone is stamped with. */
    long now();

    /** Whether the line still plays speech. */
    boolean playing();

    /** The utterance of the slice last handed to the line. */
    long playingUtterance();

    /** Whether the player is inside a chunk (past an utterance's last slice there is nothing to play again). */
    boolean handing();

    /** Drops what the line holds, for the player to hand it again at the level its utterance plays at now. */
    void rewind();

    /** Drops what is queued and what the line holds. */
    void cut();

    /** Has the player play again what the line held of {@code utterance}, where it had handed over all of it. */
    void playAgain(long utterance);

    /** Drops the chunks of {@code utterance} still queued. */
    void dropQueued(long utterance);
  }

  /** How long a cue's silence or duck waits for the detector to confirm the user's voice. */
  static final int CUE_CONFIRM_MS = 250;
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
  /**
   * How much of the user's voice the model's unit must have heard, from the onset, for what it
   * decided to count as its word on a stop: a unit that ended sooner was decided on too little of
   * it (a short word takes 300-400 ms).
   */
  static final int MODEL_HEARS_MS = 500;
  /**
   * How long past the listen time a stop waits for the model's word (its unit, then its compute)
   * before the voice detector's alone decides: a model that fell this far behind leaves it to the
   * detector, as a node without a model does.
   */
  static final int MODEL_WAIT_MS = 2_000;

  /** What the model's units said of the utterance a stop silenced. */
  private enum ModelWord {
    /** None yet: the stop waits for it. */
    AWAITED,
    /** Its unit that heard the user went on speaking the utterance: it may resume. */
    GOES_ON,
    /** Nothing to wait for: no model reports its units, it ended the utterance before it heard the user, or it was too late. */
    NONE
  }

  private final Player player;
  private final Object lock;
  private volatile BargeInPolicy policy = BargeInPolicy.fixed(BargeIn.off());
  private volatile LongSupplier echoDelayNanos = () -> 0;
  private volatile long stoppedUtterance = NONE;
  private volatile long duckedUtterance = NONE;
  /** When the pending cue silenced or ducked the speaker (microphone time), and which utterance; NONE when none is pending. */
  private volatile long cuedAtNanos = NONE;
  private volatile long cueUtterance = NONE;
  /**
   * The utterance silenced while it listens for the user (or waits for a cue's confirmation), and
   * from when (microphone time) for how long; NONE when none is.
   */
  private volatile long pausedUtterance = NONE;
  private volatile long pausedAtNanos;
  private volatile long listenNanos;
  /**
   * Whether the silenced utterance waits for the detector to confirm the canceller's cue (rather
   * than listening after a confirmed stop), and when the microphone stops hearing what played
   * before that cue.
   */
  private volatile boolean cuePause;
  private volatile long cueSilentAtNanos;
  private volatile long listenGuardNanos = LISTEN_GUARD_MS * 1_000_000L;
  /** A detector's duck that listens for the voice to go on, as a stop does; NONE when none. */
  private volatile long listeningDuck = NONE;
  private volatile long listeningDuckAtNanos;
  private volatile long duckListenNanos;
  /** Whether the node's model reports its units to the speaker (a live node; not a bench or a check). */
  private volatile boolean modelReports;
  /** The voice onset the silenced utterance listens after, and what the model said of it since. */
  private volatile long stopOnsetNanos;
  private volatile ModelWord modelWord = ModelWord.NONE;
  /**
   * Whether a voice within the echo's tail had a pitch of its own: without the model's word it
   * drops the utterance (at once where no model reports); a model still speaking it overrules it.
   */
  private volatile boolean pitchHeard;
  private final AtomicLong bargeIns = new AtomicLong();
  private final AtomicLong bargeInStops = new AtomicLong();
  /** Barge-ins undone: stops resumed and ducks played at their level again, no voice having gone on. */
  private final AtomicLong undone = new AtomicLong();
  private final AtomicLong stopsResumed = new AtomicLong();
  /** Listening barge-ins a voice held within the echo's tail by its pitch, unlike the robot's. */
  private final AtomicLong heldByPitch = new AtomicLong();
  /** Listening stops the model's word held: its unit that heard the user no longer spoke the utterance. */
  private final AtomicLong heldByModel = new AtomicLong();
  private final AtomicLong cueDucks = new AtomicLong();
  private final AtomicLong cueRestores = new AtomicLong();

  SpeakerBargeIn(Player player, Object lock) {
    this.player = player;
    this.lock = lock;
  }

  void policy(BargeInPolicy policy) {
    this.policy = policy;
  }

  void echoDelay(LongSupplier nanos) {
    this.echoDelayNanos = nanos;
  }

  void listenGuardMs(long ms) {
    listenGuardNanos = ms * 1_000_000L;
  }

  /** The gain a ducked utterance plays at. */
  double duckGain() {
    return policy.current().duckGain();
  }

  boolean stopped(long utterance) {
    return utterance == stoppedUtterance;
  }

  boolean ducked(long utterance) {
    return utterance == duckedUtterance;
  }

  boolean silenced(long utterance) {
    return utterance == pausedUtterance;
  }

  /** Whether an utterance is silenced, listening or waiting for a cue's confirmation. */
  boolean silencing() {
    return pausedUtterance != NONE;
  }

  /** Whether a stopped utterance is silent and listens for the user's voice to go on. */
  boolean listening() {
    return pausedUtterance != NONE && !cuePause;
  }

  /** When (the microphone's clock) the microphone stopped hearing the utterance now silenced. */
  long listeningSinceNanos() {
    return pausedAtNanos;
  }

  /** The user's voice over the speaker, confirmed by the voice detector. */
  void voiceOnset(long onsetNanos) {
    if (pausedUtterance != NONE && !cuePause) {
      if (pastEchoTail(onsetNanos, pausedAtNanos)) {
        confirmStop();
      }
      return;
    }
    if (listeningDuck != NONE && pastEchoTail(onsetNanos, listeningDuckAtNanos)) {
      listeningDuck = NONE; // the voice went on: the duck stays
    }
    BargeIn now = policy.current();
    if (now.mode() == BargeIn.Mode.OFF) {
      return;
    }
    long cued = cuedAtNanos == NONE ? NONE : cueUtterance;
    cuedAtNanos = NONE;
    boolean silencedByCue = cuePause;
    // The cue flushed the device: until the player hands it the next slice nothing counts
    // as playing, yet the cued utterance is the one the user spoke over.
    long utterance = cued != NONE ? cued : player.playingUtterance();
    if (cued == NONE && (!player.playing() || utterance == duckedUtterance) || utterance == stoppedUtterance) {
      return;
    }
    bargeIns.incrementAndGet();
    awaitModelWord(onsetNanos);
    if (silencedByCue) {
      confirmCue(utterance, now);
      return;
    }
    if (now.mode() == BargeIn.Mode.STOP) {
      bargeInStops.incrementAndGet();
      if (now.listenMs() > 0) {
        pause(utterance, now.listenMs());
      } else {
        stoppedUtterance = utterance;
        player.cut();
      }
    } else {
      if (utterance != duckedUtterance) {
        duck(player.playingUtterance());
        if (!player.handing()) {
          player.playAgain(utterance);
        }
      }
      if (now.listenMs() > 0 && listeningDuck != utterance) {
        listenWhileDucked(utterance, silentAt(), now.listenMs());
      }
    }
  }

  /**
   * As {@link #voiceOnset(long)}; while a stop listens, a voice within the room's echo of what
   * played (before {@value #ECHO_TAIL_MS} ms after the microphone stopped hearing it) counts all the
   * same where it is voiced at a pitch the robot's last second of speech did not have: a short word
   * ("Stop.") often ends before that tail does.
   */
  void voiceOnset(long onsetNanos, BooleanSupplier unlikeTheNodesVoice) {
    if (pausedUtterance != NONE && !cuePause && !pitchHeard && modelWord != ModelWord.GOES_ON
        && !pastEchoTail(onsetNanos, pausedAtNanos) && unlikeTheNodesVoice.getAsBoolean()) {
      pitchHeard = true;
      if (modelWord == ModelWord.NONE) {
        heldByPitch.incrementAndGet();
        confirmStop();
      }
      // Else the model's word decides: a room's tail after a changed path can pass for a pitch of
      // its own (docs/benchmarks.md, "The model's word on a stop").
      return;
    }
    // A duck listens without it: a duck held by mistake costs the rest of the utterance 20 dB, and
    // the robot's generated turns held one so (docs/benchmarks.md, "A short word heard by its pitch").
    voiceOnset(onsetNanos);
  }

  /**
   * The canceller's frame: a cue silences (stop) or ducks (duck) the utterance playing now unless a
   * barge-in already stopped or ducked it; one that the detector has not confirmed within
   * {@value #CUE_CONFIRM_MS} ms is undone.
   */
  void cancelledFrame(long frameNanos, boolean voiceCue) {
    listened(frameNanos);
    if (pausedUtterance != NONE) {
      return;
    }
    // A pending cue's duck is undone even if the policy became off meanwhile (a behaviour or the
    // robot's motion changed it): otherwise the utterance would stay ducked. A cue's silence is
    // undone by listened() above, whatever the policy.
    long at = cuedAtNanos;
    if (at != NONE) {
      if (frameNanos - at >= CUE_CONFIRM_MS * 1_000_000L) {
        restore();
      }
      return;
    }
    BargeIn.Mode mode = policy.current().mode();
    if (mode == BargeIn.Mode.OFF) {
      return;
    }
    long playing = player.playingUtterance();
    if (voiceCue && player.handing() && player.playing() && playing != stoppedUtterance
        && playing != duckedUtterance) {
      cueUtterance = playing;
      cuedAtNanos = frameNanos;
      cueDucks.incrementAndGet();
      if (mode == BargeIn.Mode.STOP) {
        silenceOnCue(playing, frameNanos);
      } else {
        duck(playing);
      }
    }
  }

  /**
   * Microphone time moved on to {@code nanos}: a silenced utterance that heard no voice resumes,
   * and a ducked one plays at its level again.
   */
  void listened(long nanos) {
    if (pausedUtterance != NONE && nanos >= pausedAtNanos + listenNanos) {
      listenedOut(nanos);
    }
    if (listeningDuck != NONE && nanos >= listeningDuckAtNanos + duckListenNanos) {
      unduck();
    }
  }

  /**
   * The silenced utterance's listen time is over at {@code nanos}: it resumes, or stays stopped
   * where a voice had a pitch of its own and the model did not say it goes on; a stop that awaits
   * the model's word waits up to {@value #MODEL_WAIT_MS} ms more for it.
   */
  private void listenedOut(long nanos) {
    synchronized (lock) { // the model's word may come on the outputs thread meanwhile
      long listenedUntil = pausedAtNanos + listenNanos;
      if (pausedUtterance == NONE || nanos < listenedUntil || !cuePause && modelWord == ModelWord.AWAITED
          && nanos < listenedUntil + MODEL_WAIT_MS * 1_000_000L) {
        return;
      }
      if (pitchHeard && modelWord != ModelWord.GOES_ON && !cuePause) {
        heldByPitch.incrementAndGet(); // a voice of its own, and no word from the model that it goes on
        confirmStop();
      } else {
        resume();
      }
    }
  }

  /**
   * The model ran a unit whose audio ended at {@code unitEndNanos}: whether it then spoke, and which
   * utterance. The first unit that heard {@value #MODEL_HEARS_MS} ms of the voice a stop listens
   * after is the model's word on it: still speaking the utterance, it may resume (the detector
   * still drops it if the voice goes on); not speaking it, the model had ended it before the
   * voice began ({@link #utteranceEnded} holds one it ended after), and the detector decides.
   */
  void modelUnit(long unitEndNanos, boolean speaking, long utteranceId) {
    synchronized (lock) {
      modelReports = true;
      long utterance = pausedUtterance;
      if (utterance == NONE || cuePause || modelWord != ModelWord.AWAITED
          || unitEndNanos < stopOnsetNanos + MODEL_HEARS_MS * 1_000_000L) {
        return;
      }
      modelWord = speaking && utteranceId == utterance ? ModelWord.GOES_ON : ModelWord.NONE;
      if (modelWord == ModelWord.NONE && pitchHeard) {
        heldByPitch.incrementAndGet();
        confirmStop();
      }
    }
  }

  /**
   * The last chunk of {@code utterance} came, from the unit whose audio ended at
   * {@code unitEndNanos}. Where a stop listens over it and that unit heard any of the voice, the
   * model ended it on the user: the stop stands (a model's own turn end seldom falls within a
   * word, and resuming over a user who said "Stop." is the worse mistake).
   */
  void utteranceEnded(long utterance, long unitEndNanos) {
    synchronized (lock) {
      if (utterance == pausedUtterance && !cuePause && unitEndNanos >= stopOnsetNanos) {
        heldByModel.incrementAndGet();
        confirmStop();
      }
    }
  }

  /** A cut dropped everything: no utterance stays silenced. */
  void cut() {
    synchronized (lock) {
      pausedUtterance = NONE;
      cuePause = false;
    }
  }

  /**
   * Holds the player while {@code utterance} is silenced and {@code current} (its chunk is still to
   * be played); past the listen time and {@value #LISTEN_GUARD_MS} ms of real time more without the
   * microphone's clock getting there, a listening stop stands and a cue's silence plays on.
   */
  void awaitListened(long utterance, BooleanSupplier current) {
    synchronized (lock) {
      long until = System.nanoTime() + listenNanos + listenGuardNanos
          + (modelReports ? MODEL_WAIT_MS * 1_000_000L : 0);
      while (pausedUtterance == utterance && current.getAsBoolean()) {
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
          lock.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * When the microphone stops hearing what played until now: the echo delay later (the room's
   * reverberation after that is {@link #ECHO_TAIL_MS}).
   */
  private long silentAt() {
    return player.now() + Math.max(0, echoDelayNanos.getAsLong());
  }

  /** Whether a voice from {@code onsetNanos} is past the room's echo of what the microphone stopped hearing at {@code silentNanos}. */
  private static boolean pastEchoTail(long onsetNanos, long silentNanos) {
    return onsetNanos >= silentNanos + ECHO_TAIL_MS * 1_000_000L;
  }

  /** A stop from the voice at {@code onsetNanos} waits for the model's word on it, where the model reports its units. */
  private void awaitModelWord(long onsetNanos) {
    stopOnsetNanos = onsetNanos;
    pitchHeard = false;
    modelWord = modelReports ? ModelWord.AWAITED : ModelWord.NONE;
  }

  /** Silences {@code utterance} and keeps the rest to play again if the user's voice does not go on. */
  private void pause(long utterance, int listenMs) {
    synchronized (lock) {
      if (duckedUtterance == utterance) {
        duckedUtterance = NONE; // resumed, it plays at its level: nobody spoke over it
      }
      silence(utterance, silentAt(), listenMs * 1_000_000L);
    }
  }

  /** Silences {@code utterance}, its place kept, until {@code forNanos} of microphone time after {@code fromNanos}. */
  private void silence(long utterance, long fromNanos, long forNanos) {
    synchronized (lock) {
      pausedUtterance = utterance;
      pausedAtNanos = fromNanos;
      listenNanos = forNanos;
      player.rewind();
    }
  }

  /**
   * The canceller's cue under a stop: {@code utterance} falls silent at once and keeps its place
   * until the detector confirms the voice or {@value #CUE_CONFIRM_MS} ms pass.
   */
  private void silenceOnCue(long utterance, long frameNanos) {
    synchronized (lock) {
      cueSilentAtNanos = silentAt();
      cuePause = true;
      silence(utterance, frameNanos, CUE_CONFIRM_MS * 1_000_000L);
    }
  }

  /**
   * The detector heard the voice the cue silenced {@code utterance} for: the policy of now decides.
   * Stop drops it, or listens from when the microphone stopped hearing it after the cue; a duck
   * (the robot began to move meanwhile) plays it on, lower.
   */
  private void confirmCue(long utterance, BargeIn now) {
    synchronized (lock) {
      cuePause = false;
      if (pausedUtterance != utterance) {
        return; // cut meanwhile
      }
      if (now.mode() == BargeIn.Mode.STOP) {
        bargeInStops.incrementAndGet();
        if (now.listenMs() > 0) {
          pausedAtNanos = cueSilentAtNanos;
          listenNanos = now.listenMs() * 1_000_000L;
        } else {
          stoppedUtterance = utterance;
          player.cut();
        }
        return;
      }
      pausedUtterance = NONE;
      duckedUtterance = utterance;
      player.playAgain(utterance);
      lock.notifyAll();
      if (now.listenMs() > 0) {
        listenWhileDucked(utterance, cueSilentAtNanos, now.listenMs());
      }
    }
  }

  /** A ducked {@code utterance} listens {@code listenMs} from {@code silentNanos} for the voice to go on. */
  private void listenWhileDucked(long utterance, long silentNanos, int listenMs) {
    listeningDuck = utterance;
    listeningDuckAtNanos = silentNanos;
    duckListenNanos = listenMs * 1_000_000L;
  }

  /** Ducks {@code utterance}, the one playing now: what the line holds is dropped and played again lower. */
  private void duck(long utterance) {
    synchronized (lock) {
      duckedUtterance = utterance;
      player.rewind();
    }
  }

  /** Undoes a duck no voice held: what the device holds is dropped and played again at its level. */
  private void unduck() {
    synchronized (lock) {
      long utterance = listeningDuck;
      if (utterance == NONE) {
        return;
      }
      listeningDuck = NONE;
      if (duckedUtterance != utterance) {
        return; // stopped or undone meanwhile
      }
      duckedUtterance = NONE;
      undone.incrementAndGet();
      policy.echoPathMoved();
      if (player.playing() && player.playingUtterance() == utterance) {
        player.rewind();
        player.playAgain(utterance);
      }
    }
  }

  /** Undoes a cue's duck: what the device holds is dropped and played again at its level. */
  private void restore() {
    synchronized (lock) {
      cuedAtNanos = NONE;
      cueRestores.incrementAndGet();
      if (duckedUtterance != cueUtterance) {
        return;
      }
      duckedUtterance = NONE;
      if (player.playing() && player.playingUtterance() == cueUtterance) {
        player.rewind();
      }
    }
  }

  /** A silenced utterance that heard no voice plays on from where it was. */
  private void resume() {
    synchronized (lock) {
      long utterance = pausedUtterance;
      if (utterance == NONE) {
        return;
      }
      pausedUtterance = NONE;
      if (cuePause) {
        // The detector heard no voice: a cough, a door. Not a barge-in undone, and not the echo's path.
        cuePause = false;
        cuedAtNanos = NONE;
        cueRestores.incrementAndGet();
      } else {
        undone.incrementAndGet();
        stopsResumed.incrementAndGet();
        policy.echoPathMoved();
      }
      player.playAgain(utterance);
      lock.notifyAll();
    }
  }

  /**
   * The user's voice went on after the speaker fell silent: the utterance is dropped, with its
   * chunks still queued or to come; a later utterance queued meanwhile still plays.
   */
  private void confirmStop() {
    synchronized (lock) {
      long utterance = pausedUtterance;
      if (utterance == NONE) {
        return;
      }
      stoppedUtterance = utterance;
      pausedUtterance = NONE;
      player.dropQueued(utterance);
      lock.notifyAll();
    }
  }

  long bargeIns() {
    return bargeIns.get();
  }

  long bargeInStops() {
    return bargeInStops.get();
  }

  long cueDucks() {
    return cueDucks.get();
  }

  long cueRestores() {
    return cueRestores.get();
  }

  long undone() {
    return undone.get();
  }

  long stopsResumed() {
    return stopsResumed.get();
  }

  long heldByPitch() {
    return heldByPitch.get();
  }

  long heldByModel() {
    return heldByModel.get();
  }

  /** What /diagnostics says of barge-ins. */
  LocalAudioHealth.BargeInState state() {
    return new LocalAudioHealth.BargeInState(policy.current().label(), bargeIns.get(), cueDucks.get(),
        cueRestores.get(), policy.motion(), undone.get(), heldByModel.get());
  }
}
