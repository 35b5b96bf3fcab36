package org.duplexnode.ingest.echo;

/**
 * The canceller's alignment following an {@link EchoDelayEstimator}: the reference is taken
 * {@value #LEAD_MS} ms less than the estimated delay before each frame, so that the adaptive filter
 * sees the direct path a little after its start and the room's tail within its length.
 *
 * <p>The player's clock is not the microphone's: the delay grows or shrinks continuously, by 20 to
 * 100 ppm for ordinary sound cards. A reference moved by whole samples now and then makes the
 * filter re-adapt between moves (it kept 14 to 22 dB out where a steady delay keeps 36 to 52). So
 * the skew is fitted to the estimates ({@link ClockSkewFit}) and the alignment is a line of that
 * slope: the reference is read resampled at the skew, and the echo stays where the filter's taps
 * have it. A new slope continues the line from where it is; an estimate more than
 * {@value #REALIGN_MS} ms off the line (a player's step) moves it at once, and one more than
 * {@value EchoDelayEstimator#FOLLOW_MS} ms off (the first estimate, a jump) restarts the canceller:
 * its taps belong to another path. Until the first estimate the delay set by hand is used.
 */
public final class TrackedEchoDelay implements EchoAlignment {
  static final int LEAD_MS = 20;
  /** Above the estimates' scatter (hundredths of a ms), below a player's smallest step. */
  static final double REALIGN_MS = 0.5;
  private static final long NANOS_PER_SAMPLE = 62_500L;

  private final EchoDelayEstimator estimator;
  private final ClockSkewFit skew = ClockSkewFit.following();
  /** The delay (ns) at microphone time {@code anchorNanos}, growing by {@code rate} per ns. */
  private record Line(long anchorNanos, double delayNanos, double rate) {
    double at(long nanos) {
      return delayNanos + rate * (nanos - anchorNanos);
    }
  }

  private volatile Line line;
  private volatile double skewPpm = Double.NaN;
  private volatile long lastFrameNanos;
  private long seenAtNanos = Long.MIN_VALUE;
  private volatile long moves;
  private volatile long restarts;
  private boolean restartPending;

  /** @param initialDelayMs the alignment until the delay is found */
  public TrackedEchoDelay(EchoDelayEstimator estimator, int initialDelayMs) {
    this.estimator = estimator;
    this.line = new Line(0, initialDelayMs * 1_000_000.0, 0);
  }

  @Override
  public long delayNanos() {
    return Math.round(delayNanosAt(lastFrameNanos));
  }

  @Override
  public double delayNanosAt(long frameNanos) {
    return line.at(frameNanos);
  }

  @Override
  public double driftRate() {
    return line.rate();
  }

  @Override
  public boolean restart() {
    boolean r = restartPending;
    restartPending = false;
    return r;
  }

  @Override
  public void heard(short[] mic, int len, long startNanos) {
    long next = startNanos + len * NANOS_PER_SAMPLE;
    lastFrameNanos = next;
    if (!estimator.heard(mic, len, startNanos)) {
      return;
    }
    DelayEstimate e = estimator.estimate();
    if (!e.locked() || e.atNanos() == seenAtNanos) {
      return;
    }
    boolean first = seenAtNanos == Long.MIN_VALUE;
    seenAtNanos = e.atNanos();
    double fitted = skew.add(e.atNanos(), e.delayMs());
    double newRate = Double.isNaN(fitted) ? 0 : fitted * 1e-6;
    skewPpm = fitted;
    estimator.driftRate(newRate);
    double target = (e.delayMs() - LEAD_MS) * 1e6;
    Line now = line;
    double offMs = Math.abs(target - now.at(e.atNanos())) / 1e6;
    if (first || offMs > REALIGN_MS) {
      if (offMs > EchoDelayEstimator.FOLLOW_MS) {
        restartPending = true;
        restarts++;
      }
      line = new Line(next, Math.max(0, target + newRate * (next - e.atNanos())), newRate);
      moves++;
    } else {
      // The line goes on from where it is: a new slope must not step the reference.
      line = new Line(next, now.at(next), newRate);
    }
  }

  public DelayEstimate estimate() {
    return estimator.estimate();
  }

  /** The player's clock against the microphone's (ppm; positive: the delay grows); NaN until fitted. */
  public double skewPpm() {
    return skewPpm;
  }

  /** Times the skew's fit started over because the delay's rate changed (a sound server's rate controller). */
  public long rateChanges() {
    return skew.bends();
  }

  /** Times the alignment moved by a step. */
  public long moves() {
    return moves;
  }

  /** Times a move restarted the canceller. */
  public long restarts() {
    return restarts;
  }
}
