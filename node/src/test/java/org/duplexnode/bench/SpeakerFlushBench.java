package org.duplexnode.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.LocalMicrophone;
import org.duplexnode.audio.LocalSpeaker;
import org.duplexnode.audio.SpeakerEchoRecording;
import org.duplexnode.ingest.echo.SpeakerStop;
import org.duplexnode.ports.PlaybackListener;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.testing.JavaChild;
import org.duplexnode.testing.ProcessResult;
import org.duplexnode.testing.PulseAudioServer;

/**
 * How soon the local speaker falls silent through a real sound server once a barge-in stops it:
 * the part of "voice onset to speaker silence" that the generated rooms leave out (there the sound
 * card is simulated and the flush is instant). The speaker ({@link LocalSpeaker#open}, Java Sound
 * through ALSA, 500 ms of buffer as the node opens it) plays a steady tone; at a random moment 0.8
 * to 1.8 s into it a barge-in stops it ({@code audio.barge_in: stop}, the speaker's own
 * {@code voiceOnset}, which flushes the line); the microphone ({@link LocalMicrophone}, the same
 * clock) hears the speaker through a loopback. For each trial: the echo delay (the microphone's
 * first sound after the tone's first stamp), how much the speaker had been handed beyond the stop
 * (what a flush that dropped nothing would still play), and how long after the stop the
 * microphone last heard the tone (a 5 ms window within 30 dB of its level). The speaker fell
 * silent no later than that: what the microphone hears left the speaker before.
 *
 * <p>"pulse TRIALS [IDLE_MS]": a private PulseAudio server (the tests' {@link PulseAudioServer}),
 * its speaker sink looped back into its microphone sink by module-loopback at
 * {@code latency_msec=20}, one clock, the bench in a child JVM on it. "here TRIALS [IDLE_MS]": the
 * default devices as this process's ALSA configuration gives them (PipeWire, a real card).
 * IDLE_MS (3000) is how long the devices are open before the first tone: through PulseAudio a
 * speaker that plays within a second of opening started 300-570 ms after its stamps.
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@speaker-flush-bench "-DspeakerFlushBench=pulse 30"</pre>
 */
public final class SpeakerFlushBench {
  private static final int RATE = 24_000;
  private static final double TONE_S = 3.0;

  public static void main(String[] args) throws Exception {
    String where = args.length > 0 ? args[0] : "pulse";
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    long idleMs = args.length > 2 ? Long.parseLong(args[2]) : 3000;
    if (where.equals("pulse")) {
      throughPulseAudio(trials, idleMs);
    } else {
      here(trials, idleMs);
    }
  }

  private static void throughPulseAudio(int trials, long idleMs) throws Exception {
    Path dir = Files.createTempDirectory("speaker-flush-bench");
    try (PulseAudioServer pulse = PulseAudioServer.start(dir, true)) {
      pulse.loadModule("module-loopback", "source=speaker.monitor", "sink=mic", "latency_msec=20", "adjust_time=0");
      ProcessResult r = ProcessResult.run(
          JavaChild.command(SpeakerFlushBench.class, "here", Integer.toString(trials), Long.toString(idleMs)), pulse.environment());
      System.out.print(r.stdout());
      if (r.exitCode() != 0) {
        System.err.print(r.stderr());
        throw new IllegalStateException("the bench's child ended with " + r.exitCode());
      }
    }
  }

  private static void here(int trials, long idleMs) throws Exception {
    LongSupplier clock = System::nanoTime;
    List<RawAudio> heard = Collections.synchronizedList(new ArrayList<>());
    List<long[]> stamps = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(7);
    List<Double> afterStop = new ArrayList<>();
    System.out.println("trial  echo_delay_ms  handed_beyond_stop_ms  flush_call_ms  heard_after_stop_ms");
    try (LocalSpeaker speaker = LocalSpeaker.open("", LocalSpeaker.DEFAULT_BUFFER_MS);
         LocalMicrophone mic = LocalMicrophone.openDefault(SpeakerEchoRecording.audioOnly(heard), clock, "mic")) {
      speaker.onPlayback(new PlaybackListener() {
        @Override public void played(long startNanos, int rate, short[] pcm, int off, int len) {
          stamps.add(new long[] {startNanos, startNanos + len * 1_000_000_000L / rate});
        }

        @Override public void cut(long atNanos) { }
      }, clock);
      speaker.bargeIn(new BargeIn(BargeIn.Mode.STOP, 20, 0));
      mic.start();
      Thread.sleep(idleMs);
      short[] tone = tone();
      for (int t = 1; t <= trials; t++) {
        stamps.clear();
        heard.clear();
        long stops = speaker.bargeInStops();
        speaker.speech(new SpeechChunk(t, 0, clock.getAsLong(), tone, true, true, false));
        while (stamps.isEmpty()) {
          Thread.sleep(1);
        }
        long first = stamps.get(0)[0];
        long stopAt = first + (long) ((0.8 + random.nextDouble()) * 1e9);
        while (clock.getAsLong() < stopAt) {
          Thread.sleep(1);
        }
        long t0 = clock.getAsLong();
        speaker.voiceOnset(t0);
        long t1 = clock.getAsLong();
        long handedUntil;
        synchronized (stamps) {
          handedUntil = stamps.get(stamps.size() - 1)[1];
        }
        Thread.sleep(1200);
        if (speaker.bargeInStops() != stops + 1) {
          throw new IllegalStateException("trial " + t + ": the barge-in did not stop the speaker");
        }
        Trial r = measure(List.copyOf(heard), first, t0);
        afterStop.add(r.heardAfterStopMs);
        System.out.printf("%5d  %13.1f  %21.1f  %13.2f  %19.1f%n", t, r.echoDelayMs, (handedUntil - t0) / 1e6,
            (t1 - t0) / 1e6, r.heardAfterStopMs);
        Thread.sleep(300);
      }
    }
    double[] a = afterStop.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("heard after the stop: p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d trials%n",
        a[(int) Math.round(0.5 * (a.length - 1))], a[(int) Math.round(0.95 * (a.length - 1))], a[a.length - 1], a.length);
  }

  private record Trial(double echoDelayMs, double heardAfterStopMs) {}

  /**
   * The microphone's first 5 ms window within 30 dB of the tone's level after {@code firstNanos},
   * and its last one after {@code stopNanos}.
   */
  private static Trial measure(List<RawAudio> blocks, long firstNanos, long stopNanos) {
    SpeakerStop.Windows w = SpeakerStop.Windows.of(blocks);
    long[] windows = w.startsNanos();
    double[] energies = w.energies();
    double[] during = new double[energies.length];
    int n = 0;
    for (int i = 0; i < windows.length; i++) {
      long at = windows[i];
      if (at > stopNanos - 500_000_000L && at < stopNanos) {
        during[n++] = energies[i];
      }
    }
    double[] sorted = Arrays.copyOf(during, n);
    Arrays.sort(sorted);
    double level = n == 0 ? 0 : sorted[n / 2];
    double threshold = level / 1000; // 30 dB under
    long firstHeard = Long.MIN_VALUE;
    long lastHeard = Long.MIN_VALUE;
    for (int i = 0; i < windows.length; i++) {
      long at = windows[i];
      boolean loud = energies[i] > threshold;
      if (loud && firstHeard == Long.MIN_VALUE && at >= firstNanos) {
        firstHeard = at;
      }
      if (loud && at >= stopNanos) {
        lastHeard = at + 5_000_000L;
      }
    }
    if (level == 0 || firstHeard == Long.MIN_VALUE) {
      throw new IllegalStateException("the microphone did not hear the speaker");
    }
    return new Trial((firstHeard - firstNanos) / 1e6,
        lastHeard == Long.MIN_VALUE ? 0 : (lastHeard - stopNanos) / 1e6);
  }

  /** A steady tone (220, 660 and 1320 Hz) at about -12 dBFS, for {@value #TONE_S} s. */
  private static short[] tone() {
    short[] s = new short[(int) (TONE_S * RATE)];
    for (int i = 0; i < s.length; i++) {
      double t = (double) i / RATE;
      double v = Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t)
          + 0.25 * Math.sin(2 * Math.PI * 1320 * t);
      s[i] = (short) Math.round(v / 1.75 * 8000);
    }
    return s;
  }

  private SpeakerFlushBench() { }
}
