package org.duplexnode.ingest.echo;

/**
 * What the echo delay estimator last found, as /diagnostics shows it.
 *
 * @param delayMs the echo's delay after the reference's time (ms), to a fraction of a sample; NaN
 *     before any estimate
 * @param confidence the correlation peak's height over the spread of the rest (peak-to-sidelobe ratio) in the last
 *     second with a reference; 0 before any
 * @param locked a recent second with a reference gave a confident estimate
 * @param estimates seconds with a reference that were correlated
 * @param atNanos the microphone time {@code delayMs} was measured at (the middle of its second);
 *     it changes only when the delay believed is measured again; MIN_VALUE before any
 */
public record DelayEstimate(double delayMs, double confidence, boolean locked, long estimates, long atNanos) {
  public static final DelayEstimate NONE = new DelayEstimate(Double.NaN, 0, false, 0, Long.MIN_VALUE);
}
