package org.duplexnode.bench;

import java.util.Locale;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInPolicy;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;

/**
 * The robot's echo alone when its path changes mid-speech (docs/benchmarks.md): in generated rooms,
 * SpeexDSP (the default 500 ms filter, told the delay less 10 ms) has converged when, 10 s into the
 * robot's speech, the echo crossfades to another impulse response of the same RT60 or to another
 * level, as when the robot turns or somebody walks between its speaker and its microphone. Through
 * Silero VAD, the echo guard and the canceller's cue as in the node, with {@code audio.barge_in: stop}:
 * what the echo alone set off after the change (the first stop or cue duck, whether the detector
 * confirmed a stop, and the first start of ~/user_speech). Nothing must happen; the rows without a change
 * are the control, and the rows "node volume +6 dB" turn the robot up as "same path +6 dB" does, but
 * through the node's own volume, which the canceller's reference follows. Arguments: none.
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-path-change-bench</pre>
 */
public final class EchoPathChangeBench {
  private static final double CHANGE_S = 10.0;
  /** A room's shape, and what its echo path becomes: another impulse response (seed) at a level change (dB). */
  private record Change(String name, long seed, double levelDb) {}

  /**
   * The robot's voice turned up by the node ({@code audio.local_speaker_volume_db} from -6 dB to 0):
   * louder in the room as "same path +6 dB" is, but the canceller's reference louder with it.
   */
  private static final String NODE_VOLUME = "node volume +6 dB";

  private EchoPathChangeBench() {}

  /** The node's volume at {@code nanos}: {@code -upDb} until the change, 0 after it, in dB steps over the fade. */
  private static double volumeDbAt(long nanos, double atS, double fadeMs, double upDb) {
    double s = nanos / 1e9 - atS;
    double done = fadeMs <= 0 ? (s >= 0 ? 1 : 0) : Math.max(0, Math.min(1, s * 1000 / fadeMs));
    return -upDb * (1 - done);
  }

  public static void main(String[] args) throws Exception {
    double[][] rooms = {{0.2, 20}, {0.4, 120}, {0.8, 20}, {0.8, 300}};
    Change[] changes = {new Change("none", 7, 0), new Change("other path", 8, 0),
        new Change("other path +3 dB", 9, 3), new Change("same path +6 dB", 7, 6), new Change("other path -6 dB", 8, -6),
        new Change(NODE_VOLUME, 7, 6)};
    double[] fadesMs = {0, 300};
    System.out.printf(Locale.ROOT, "the echo path changes %.0f s after the robot starts; filter 500 ms told the delay - 10 ms;"
        + " audio.barge_in: stop%n", CHANGE_S);
    System.out.println("rt60_s delay_ms  change              fade_ms  first_trigger_after_change_s  stop  cue_ducks  undone"
        + "  first_user_speech_start_after_change_s");
    try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
      for (double[] shape : rooms) {
        double rt60 = shape[0];
        int delay = (int) shape[1];
        SyntheticRoom room = SyntheticRoom.make(new SyntheticRoom.Shape(rt60, delay, -22, -26, -60, 7));
        EchoSettings echo = new EchoSettings(EchoSettings.Mode.SPEEX, 500, delay - 10);
        for (Change change : changes) {
          SyntheticRoom other = SyntheticRoom.make(
              new SyntheticRoom.Shape(rt60, delay, -22 + change.levelDb(), -26, -60, change.seed()));
          for (double fade : fadesMs) {
            if (change.name().equals("none") && fade > 0) {
              continue;
            }
            double at = SyntheticRoom.PLAY_START_S + CHANGE_S;
            boolean byNode = change.name().equals(NODE_VOLUME);
            SyntheticRoom changed = change.name().equals("none") || byNode ? room.withEchoPathFrom(room, at, 0)
                : room.withEchoPathFrom(other, at, fade);
            // No user: the onset lies past the end, so everything the run counts is the echo's doing.
            BargeInRun r = BargeInRun.run(changed, new float[0], 1_000, changed.robotEndS(), 20,
                BargeInPolicy.fixed(new BargeIn(BargeIn.Mode.STOP, 20)),
                (speaker, t) -> speaker.volumeDb(byNode ? volumeDbAt(t, at, fade, change.levelDb()) : 0), 0, vad, echo);
            long stops = r.earlyBargeIns() - r.cueDucks();
            // After a stop the room's echo of what was not played is taken away with the first path's
            // response, so only the first start after the change is the echo's own doing.
            String starts = r.starts().stream().filter(s -> s >= at).findFirst()
                .map(s -> String.format(Locale.ROOT, "%.2f", s - at)).orElse("-");
            System.out.printf(Locale.ROOT, "%6.1f %8d  %-18s  %7.0f  %28s  %4s  %9d  %6d  %s%n", rt60, delay, change.name(),
                fade, Double.isNaN(r.firstEarlyS()) ? "-" : String.format(Locale.ROOT, "%.2f", r.firstEarlyS() - at),
                stops > 0 ? "yes" : "no", r.cueDucks(), r.cueRestores(), starts);
          }
        }
      }
    }
  }
}
