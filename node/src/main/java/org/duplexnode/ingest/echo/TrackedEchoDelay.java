package org.duplexnode.ingest.echo;

/**
 * The canceller's alignment following an {@link EchoDelayEstimator}: the reference is taken
 * {@value #LEAD_MS} ms less than the estimated delay before each frame, so that the adaptive filter
 * sees the direct path a little after its start and the room's tail within its length. When the
 * estimate moves by {@value #MOVE_MS} ms or more the alignment moves with it, and the echo stays
 * where the filter's taps have it: a player's drift or small steps cost the canceller nothing. A
 * move of more than {@value EchoDelayEstimator#FOLLOW_MS} ms (the first estimate, a jump) restarts
 * the canceller: its taps belong to another path. Until the first estimate the delay set by hand
 * is used.
 */
public final class TrackedEchoDelay implements EchoAlignment {
  static final int LEAD_MS = 20;
  static final double MOVE_MS = 0.125;

  private final EchoDelayEstimator estimator;
  private volatile long delayNanos;
  private volatile long moves;
  private volatile long restarts;
  private boolean restartPending;

  /** @param initialDelayMs the alignment until the delay is found */
  public TrackedEchoDelay(EchoDelayEstimator estimator, int initialDelayMs) {
    this.estimator = estimator;
    this.delayNanos = initialDelayMs * 1_000_000L;
  }

  @Override
  public long delayNanos() {
    return delayNanos;
  }

  @Override
  public boolean restart() {
    boolean r = restartPending;
    restartPending = false;
    return r;
  }

  @Override
  public void heard(short[] mic, int len, long startNanos) {
    if (!estimator.heard(mic, len, startNanos)) {
      return;
    }
    DelayEstimate e = estimator.estimate();
    if (!e.locked()) {
      return;
    }
    long target = Math.max(0, Math.round((e.delayMs() - LEAD_MS) * 1e6));
    double moveMs = Math.abs(target - delayNanos) / 1e6;
    if (moveMs >= MOVE_MS) {
      if (moveMs > EchoDelayEstimator.FOLLOW_MS) {
        restartPending = true;
        restarts++;
      }
      delayNanos = target;
      moves++;
    }
  }

  public DelayEstimate estimate() {
    return estimator.estimate();
  }

  /** Times the alignment moved. */
  public long moves() {
    return moves;
  }

  /** Times a move restarted the canceller. */
  public long restarts() {
    return restarts;
  }
}
