package org.duplexnode.ports;

/**
 * One processed unit in a run's record.
 *
 * @param droppedUnits total units dropped so far (queue policy)
 * @param inputDbfs the RMS level of the audio the model got for the unit (after echo cancellation,
 *     the self-voice gate and the mute; pads excluded), dBFS; NaN when not measured
 */
public record UnitRecord(long unitIndex, long audioStartNs, long audioEndNs, boolean speaking, String text,
                         double computeS, double budgetS, int queueDepth, long droppedUnits, boolean withFrame,
                         double inputDbfs) {
  /** Without the input level. */
  public UnitRecord(long unitIndex, long audioStartNs, long audioEndNs, boolean speaking, String text,
                    double computeS, double budgetS, int queueDepth, long droppedUnits, boolean withFrame) {
    this(unitIndex, audioStartNs, audioEndNs, speaking, text, computeS, budgetS, queueDepth, droppedUnits, withFrame,
        Double.NaN);
  }

  /** RMS level in dBFS of {@code samples[from, to)}; -120 for silence (or none). */
  public static double dbfs(float[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return to <= from || sum <= 0 ? -120 : Math.max(-120, 10 * Math.log10(sum / (to - from)));
  }
}
