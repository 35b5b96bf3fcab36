package org.duplexnode.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.duplexnode.audio.BargeIn;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.RobotMonologue;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.pipeline.EchoAloneRun;

/**
 * False triggers of the voice detector on the robot's own voice (docs/benchmarks.md): MINUTES of
 * varied espeak-ng speech, split over six generated rooms (RT60 0.2 to 0.8 s, delays 20 to 300 ms),
 * no user, the microphone hearing the echo and the room's noise; each room through the pipeline
 * with the echo cancelled (SpeexDSP, a FILTER_MS filter, default 500 as the node's, told the delay
 * less 10 ms, a fresh canceller per room) and with it off; the START events on ~/user_speech are counted.
 * Each room also plays through the local speaker (a simulated sound card) with barge-in on stop,
 * up to the first stop or duck on the canceller's cue (each one false): the time of that one, if any.
 * Arguments: MINUTES [FILTER_MS].
 *
 * <pre>./mvnw -q -B -o -pl node -am test-compile exec:exec@echo-vad-bench "-DechoVadBench=10 500"</pre>
 */
public final class EchoVadBench {
  private record Room(double rt60S, int delayMs) {}

  private static final List<Room> ROOMS = List.of(new Room(0.2, 20), new Room(0.4, 120), new Room(0.8, 300),
      new Room(0.2, 300), new Room(0.4, 20), new Room(0.8, 120));

  private EchoVadBench() {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int filterMs = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    double perRoomS = minutes * 60 / ROOMS.size();
    System.out.printf(Locale.ROOT, "%.1f min of the robot alone, %.0f s per room; echo -22 dBFS, noise -60 dBFS; "
        + "filter %d ms%n", minutes, perRoomS, filterMs);
    System.out.println("rt60_s delay_ms  audio_s  starts_speex  starts_off  speaker_first_trigger_s  "
        + "speex_start_times_s");
    int triggered = 0;
    SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1));
    int seed = 0;
    double audio = 0;
    int speexTotal = 0;
    int offTotal = 0;
    for (Room r : ROOMS) {
      short[] robot = RobotMonologue.make(perRoomS - SyntheticRoom.PLAY_START_S - 1.0, 100 + seed++);
      SyntheticRoom room = SyntheticRoom.echoAlone(new SyntheticRoom.Shape(r.rt60S(), r.delayMs(), -22, -26, -60, seed),
          robot, 1.0);
      EchoAloneRun speex = EchoAloneRun.run(room, new EchoSettings(EchoSettings.Mode.SPEEX, filterMs, r.delayMs() - 10));
      EchoAloneRun off = EchoAloneRun.run(room, EchoSettings.off());
      BargeInRun speaker = BargeInRun.run(room, new float[0], -1, room.robotEndS() + 1.0, 20,
          new BargeIn(BargeIn.Mode.STOP, 20), vad, new EchoSettings(EchoSettings.Mode.SPEEX, filterMs, r.delayMs() - 10));
      triggered += speaker.earlyBargeIns() > 0 ? 1 : 0;
      audio += speex.audioS();
      speexTotal += speex.startsS().size();
      offTotal += off.startsS().size();
      System.out.printf(Locale.ROOT, "%6.1f %8d  %7.1f  %12d  %10d  %23s  %s%n", r.rt60S(), r.delayMs(),
          speex.audioS(), speex.startsS().size(), off.startsS().size(), speaker.earlyBargeIns() == 0 ? "none"
              : String.format(Locale.ROOT, "%.2f (%s)", speaker.firstEarlyS(), speaker.cueDucks() > 0 ? "cue duck" : "stop"),
          speex.startsS().stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).collect(Collectors.joining(" ")));
    }
    System.out.printf(Locale.ROOT, "total   %14.1f  %12d  %10d  rooms where the speaker was stopped or ducked: %d%n",
        audio, speexTotal, offTotal, triggered);
    vad.close();
  }
}
