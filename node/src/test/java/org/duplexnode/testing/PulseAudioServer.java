package org.duplexnode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio server for tests of the real Java Sound path, on a machine without a sound
 * card: two null sinks with fixed formats, {@code speaker} (24 kHz mono S16LE, the default sink)
 * and {@code mic} (16 kHz mono S16LE, whose monitor is the default source), a unix socket in the
 * folder, and an ALSA configuration whose {@code default} PCM is that server (through the ALSA
 * pulse plugin). A child JVM started with {@link #environment()} plays to {@code speaker} and
 * captures what is played to {@code mic}; {@link #record} keeps what {@code speaker} plays.
 * Needs the Debian packages pulseaudio, pulseaudio-utils and libasound2-plugins. Stopped by
 * {@link #close()}.
 */
public final class PulseAudioServer implements AutoCloseable {
  private final Path dir;
  private final Process server;
  private final List<Process> clients = new ArrayList<>();

  private PulseAudioServer(Path dir, Process server) {
    this.dir = dir;
    this.server = server;
  }

  public static PulseAudioServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, false);
  }

  /**
   * As above; with {@code realtime}, the server asks for real-time scheduling of its audio threads
   * and a high priority whatever its configuration says (as desktops run it), so that a busy
   * machine does not starve its sinks (refused quietly where not permitted).
   */
  public static PulseAudioServer start(Path dir, boolean realtime) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path socket = dir.resolve("native");
    Files.writeString(dir.resolve("daemon.pa"), String.join("\n",
        "load-module module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
        "load-module module-null-sink sink_name=speaker rate=24000 channels=1 format=s16le",
        "load-module module-null-sink sink_name=mic rate=16000 channels=1 format=s16le",
        "set-default-sink speaker",
        "set-default-source mic.monitor", ""));
    Files.writeString(dir.resolve("asound.conf"),
        "pcm.!default { type pulse server \"unix:" + socket + "\" }\n"
            + "ctl.!default { type pulse server \"unix:" + socket + "\" }\n");
    List<String> command = new ArrayList<>(List.of("pulseaudio", "-n", "-F", dir.resolve("daemon.pa").toString(),
        "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--system=false", "--log-target=stderr"));
    if (realtime) {
      command.addAll(List.of("--realtime=yes", "--high-priority=yes"));
    }
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(dir.resolve("pulseaudio.log").toFile());
    pb.environment().putAll(Map.of("HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString(),
        "PULSE_RUNTIME_PATH", dir.resolve("runtime").toString(), "PULSE_STATE_PATH", dir.resolve("state").toString()));
    PulseAudioServer s = new PulseAudioServer(dir, pb.start());
    for (int i = 0; i < 100; i++) {
      if (!s.server.isAlive()) {
        throw new AssertionError("pulseaudio ended: " + Files.readString(dir.resolve("pulseaudio.log")));
      }
      ProcessResult info = ProcessResult.run(List.of("pactl", "info"), s.environment());
      if (info.exitCode() == 0) {
        return s;
      }
      Thread.sleep(100);
    }
    s.close();
    throw new AssertionError("pulseaudio did not answer within 10 s: " + Files.readString(dir.resolve("pulseaudio.log")));
  }

  /** Environment of a client: the ALSA configuration and the server's socket. */
  public Map<String, String> environment() {
    return Map.of("ALSA_CONFIG_PATH", dir.resolve("asound.conf").toString(),
        "PULSE_SERVER", "unix:" + dir.resolve("native"), "HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString());
  }

  /** Starts keeping what the speaker sink plays (24 kHz mono S16LE, silence included) in {@code raw}. */
  public Process record(Path raw) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("parec", "--raw", "--format=s16le", "--rate=24000", "--channels=1",
        "--latency-msec=20", "-d", "speaker.monitor")
        .redirectError(dir.resolve("parec.log").toFile()).redirectOutput(raw.toFile());
    pb.environment().putAll(environment());
    Process p = pb.start();
    clients.add(p);
    return p;
  }

  /**
   * Loads {@code module} with {@code arguments} into the running server (pactl load-module);
   * returns its index, for {@link #unloadModule}.
   */
  public int loadModule(String module, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("pactl", "load-module", module));
    command.addAll(List.of(arguments));
    ProcessResult r = ProcessResult.run(command, environment());
    if (r.exitCode() != 0) {
      throw new AssertionError("pactl load-module " + module + " failed: " + r.stderr() + " (log: "
          + Files.readString(dir.resolve("pulseaudio.log")) + ")");
    }
    return Integer.parseInt(r.stdout().strip());
  }

  public void unloadModule(int index) throws IOException, InterruptedException {
    ProcessResult r = ProcessResult.run(List.of("pactl", "unload-module", Integer.toString(index)), environment());
    if (r.exitCode() != 0) {
      throw new AssertionError("pactl unload-module " + index + " failed: " + r.stderr());
    }
  }

  /** Starts keeping what {@code source} captures (mono S16LE at {@code rate}) in {@code raw}. */
  public Process record(String source, int rate, Path raw) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("parec", "--raw", "--format=s16le", "--rate=" + rate, "--channels=1",
        "--latency-msec=20", "-d", source)
        .redirectError(dir.resolve("parec-" + source + ".log").toFile()).redirectOutput(raw.toFile());
    pb.environment().putAll(environment());
    Process p = pb.start();
    clients.add(p);
    return p;
  }

  /**
   * Starts playing {@code raw} (mono S16LE at {@code rate}) to {@code sink} in real time, with
   * 500 ms of buffer so that a busy machine does not starve the stream (a gap would shift all after it).
   */
  public Process play(String sink, int rate, Path raw) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("pacat", "--playback", "--raw", "--format=s16le", "--rate=" + rate,
        "--channels=1", "--latency-msec=500", "-d", sink)
        .redirectInput(raw.toFile()).redirectError(dir.resolve("pacat-" + sink + ".log").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(environment());
    Process p = pb.start();
    clients.add(p);
    return p;
  }

  /** CPU seconds the server has used so far (NaN where the platform does not tell). */
  public double cpuSeconds() {
    return server.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** Plays a WAV file to the mic sink (real time) and waits for it to end. */
  public void playToMicrophone(Path wav) throws IOException, InterruptedException {
    ProcessResult r = ProcessResult.run(List.of("paplay", "-d", "mic", wav.toString()), environment());
    if (r.exitCode() != 0) {
      throw new AssertionError("paplay failed: " + r.stderr());
    }
  }

  /** Stops a recording and waits until its file is complete. */
  public static void stop(Process recording) throws InterruptedException {
    recording.destroy();
    if (!recording.waitFor(10, TimeUnit.SECONDS)) {
      recording.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : clients) {
      stop(p);
    }
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
