package org.duplexnode.session;

/**
 * How many 16 kHz samples each unit holds. MiniCPM-o 4.5's streaming prefill consumes 16480 samples
 * (1030 ms) for chunk 0 from a buffer left-padded with zeros to 16560 samples, and 16000 for every
 * later chunk. With 1-s client chunks the pad is 16560 - 16000 = 560 zeros, so chunk 0 is 560 zeros
 * plus the first 15920 samples of audio and every later chunk the next 16000: that is this schedule.
 *
 * @param firstUnitSamples samples in unit 0 of a stream, pad included (16480)
 * @param firstUnitLeftPad zeros at the start of unit 0 (560)
 * @param unitSamples samples in every later unit (16000)
 */
public record UnitSchedule(int firstUnitSamples, int firstUnitLeftPad, int unitSamples) {

  public static final int SAMPLE_RATE = 16000;
  /** Nanoseconds per 16 kHz sample. */
  public static final long NANOS_PER_SAMPLE = 62_500L;

  /** The MiniCPM-o 4.5 duplex schedule: 16480 (560 of them padding), then 16000 per unit. */
  public static final UnitSchedule MINICPM_O_45 = new UnitSchedule(16480, 560, 16000);

  public UnitSchedule {
    if (unitSamples <= 0 || firstUnitLeftPad < 0 || firstUnitSamples <= firstUnitLeftPad) {
      throw new IllegalArgumentException("invalid unit schedule: first=" + firstUnitSamples
          + " pad=" + firstUnitLeftPad + " unit=" + unitSamples);
    }
  }

  /** Audio samples (pad excluded) in the unit with this index within its stream. */
  public int audioSamples(int indexInStream) {
    return indexInStream == 0 ? firstUnitSamples - firstUnitLeftPad : unitSamples;
  }

  /** Stream sample index of the first audio sample of the unit with this index within its stream. */
  public long firstStreamSample(int indexInStream) {
    return indexInStream == 0 ? 0 : (firstUnitSamples - firstUnitLeftPad) + (long) (indexInStream - 1) * unitSamples;
  }
}
