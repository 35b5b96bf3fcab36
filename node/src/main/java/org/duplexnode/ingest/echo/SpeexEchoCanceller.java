package org.duplexnode.ingest.echo;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * SpeexDSP's echo canceller (an MDF adaptive filter) followed by its preprocessor's residual echo
 * suppression and noise suppression, through JNA on the system's libspeexdsp (Debian:
 * libspeexdsp1). The linear filter alone leaves 10-20 dB of echo; the preprocessor, told the echo
 * state, suppresses what the filter's own residual estimate says is left.
 */
public final class SpeexEchoCanceller implements EchoCanceller {
  /** The names tried: the development link, then Debian's runtime package's soname. */
  static final String[] LIBRARY_NAMES = {"speexdsp", "libspeexdsp.so.1"};
  private static final int RATE = 16_000;
  private static final int SPEEX_ECHO_SET_SAMPLING_RATE = 24;
  private static final int SPEEX_PREPROCESS_SET_ECHO_STATE = 24;
  private static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS = 20;
  private static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE = 22;

  /** The part of libspeexdsp used here (speex/speex_echo.h, speex/speex_preprocess.h). */
  public interface SpeexDsp extends Library {
    Pointer speex_echo_state_init(int frameSize, int filterLength);

    void speex_echo_state_destroy(Pointer st);

    void speex_echo_state_reset(Pointer st);

    void speex_echo_cancellation(Pointer st, short[] rec, short[] play, short[] out);

    int speex_echo_ctl(Pointer st, int request, IntByReference value);

    Pointer speex_preprocess_state_init(int frameSize, int samplingRate);

    void speex_preprocess_state_destroy(Pointer st);

    int speex_preprocess_ctl(Pointer st, int request, Pointer value);

    int speex_preprocess_run(Pointer st, short[] x);
  }

  private static volatile SpeexDsp library;

  private final SpeexDsp dsp;
  private final int frameSize;
  private Pointer echo;
  private Pointer preprocess;

  private SpeexEchoCanceller(SpeexDsp dsp, int frameSize, int filterLength) {
    this.dsp = dsp;
    this.frameSize = frameSize;
    this.echo = dsp.speex_echo_state_init(frameSize, filterLength);
    this.preprocess = dsp.speex_preprocess_state_init(frameSize, RATE);
    if (echo == null || preprocess == null) {
      close();
      throw new IllegalStateException("libspeexdsp could not allocate an echo canceller");
    }
    dsp.speex_echo_ctl(echo, SPEEX_ECHO_SET_SAMPLING_RATE, new IntByReference(RATE));
    dsp.speex_preprocess_ctl(preprocess, SPEEX_PREPROCESS_SET_ECHO_STATE, echo);
  }

  /**
   * A canceller of {@code frameMs} frames and a filter {@code filterMs} long (the longest echo
   * path it models: delay plus room tail).
   *
   * @throws EchoCancelUnavailable when libspeexdsp cannot be loaded
   */
  public static SpeexEchoCanceller open(int frameMs, int filterMs) {
    return new SpeexEchoCanceller(load(LIBRARY_NAMES), frameMs * RATE / 1000, filterMs * RATE / 1000);
  }

  /**
   * Sets the residual echo suppressor's greatest attenuation (dB, negative): {@code idleDb} while
   * only the far end is heard, {@code activeDb} while the near end talks too (SpeexDSP's defaults:
   * -40 and -15). Deeper suppression takes more of the echo the filter left, and more of a user
   * who talks over it.
   */
  public SpeexEchoCanceller suppression(int idleDb, int activeDb) {
    dsp.speex_preprocess_ctl(preprocess, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS, new IntByReference(idleDb).getPointer());
    dsp.speex_preprocess_ctl(preprocess, SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE,
        new IntByReference(activeDb).getPointer());
    return this;
  }

  /**
   * Loads libspeexdsp now, so that a node asked to cancel echo fails at start-up without it.
   *
   * @throws EchoCancelUnavailable when it cannot be loaded
   */
  public static void checkAvailable() {
    load(LIBRARY_NAMES);
  }

  /**
   * Loads the first of {@code names} that loads.
   *
   * @throws EchoCancelUnavailable naming the package to install and why the last name failed
   */
  static SpeexDsp load(String... names) {
    SpeexDsp loaded = library;
    if (loaded != null && names == LIBRARY_NAMES) {
      return loaded;
    }
    UnsatisfiedLinkError last = null;
    for (String name : names) {
      try {
        loaded = Native.load(name, SpeexDsp.class);
        if (names == LIBRARY_NAMES) {
          library = loaded;
        }
        return loaded;
      } catch (UnsatisfiedLinkError e) {
        last = e;
      }
    }
    // JNA lists every place it tried on lines of their own: one line for the log and the exit.
    String why = last == null ? "no library name"
        : String.join("; ", last.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    throw new EchoCancelUnavailable("audio.echo_cancel speex: libspeexdsp cannot be loaded (install libspeexdsp1): "
        + why, last);
  }

  @Override
  public int frameSize() {
    return frameSize;
  }

  /** The preprocessor's overlap-add gives each frame out one frame after it went in. */
  @Override
  public int latencySamples() {
    return frameSize;
  }

  @Override
  public void cancel(short[] mic, short[] reference, short[] out) {
    dsp.speex_echo_cancellation(echo, mic, reference, out);
    dsp.speex_preprocess_run(preprocess, out);
  }

  /** The adaptive filter starts over; the preprocessor keeps its noise estimate and its one-frame overlap. */
  @Override
  public void reset() {
    dsp.speex_echo_state_reset(echo);
  }

  @Override
  public void close() {
    if (preprocess != null) {
      dsp.speex_preprocess_state_destroy(preprocess);
      preprocess = null;
    }
    if (echo != null) {
      dsp.speex_echo_state_destroy(echo);
      echo = null;
    }
  }
}
