package org.duplexnode.bench;

import java.util.Locale;
import org.duplexnode.ingest.echo.EchoCancelRun;
import org.duplexnode.ingest.echo.SpeexEchoCanceller;
import org.duplexnode.ingest.echo.SyntheticRoom;

/**
 * SpeexDSP echo cancellation in generated rooms (docs/benchmarks.md): for each RT60 and echo
 * delay, ERLE in single talk after convergence, convergence time, the user's level kept in double
 * talk, and CPU per second of audio. Arguments: FILTER_MS DELAY (audio.echo_delay_ms: a number of
 * ms for every room, the rest left to the filter; or "near", 10 ms less than each room's delay).
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-bench "-DechoBench=300 0"</pre>
 */
public final class EchoCancelBench {
  private EchoCancelBench() {}

  public static void main(String[] args) {
    int filterMs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    // "near": told 10 ms less than the room's delay (as measured at installation), else a fixed value
    boolean near = args.length > 1 && args[1].equals("near");
    int delaySetMs = args.length > 1 && !near ? Integer.parseInt(args[1]) : 0;
    double[] rt60s = {0.2, 0.4, 0.8};
    int[] delays = {20, 120, 300};
    System.out.printf(Locale.ROOT, "filter %d ms, delay told %s, frame 10 ms, 16 kHz%n", filterMs,
        near ? "room delay - 10 ms" : delaySetMs + " ms");
    System.out.println("rt60_s delay_ms  erle_db  convergence_s  dt_near_end_kept_db  dt_echo_lowered_db  lag  cpu_ms_per_s");
    for (double rt60 : rt60s) {
      for (int delay : delays) {
        SyntheticRoom room = SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7));
        try (SpeexEchoCanceller c = SpeexEchoCanceller.open(10, filterMs)) {
          EchoCancelRun r = EchoCancelRun.run(room, c, near ? delay - 10 : delaySetMs);
          System.out.printf(Locale.ROOT, "%6.1f %8d  %7.1f  %13.2f  %19.1f  %18.1f  %3d  %12.2f%n", rt60, delay,
              r.erleDb(), r.convergenceS(), r.nearEndKeptDb(), r.erleDoubleTalkDb(), r.nearEndLagSamples(),
              r.cpuPerAudioS() * 1000);
        }
      }
    }
  }
}
