package org.duplexnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.duplexnode.audio.LocalMicrophone;
import org.duplexnode.audio.LocalSpeaker;
import org.duplexnode.audio.SpeakerEchoRecording;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.engine.OnnxRuntimeEngine;
import org.duplexnode.ingest.echo.EchoCheck;
import org.duplexnode.ingest.echo.EchoSettings;
import org.duplexnode.ingest.echo.SpeakerStop;
import org.duplexnode.ingest.vad.SileroVad;
import org.duplexnode.ports.PlayedAudio;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.replay.AudioCheckBag;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code duplex-node audio}: tools for the robot's own speaker and microphone. */
@Command(name = "audio", mixinStandardHelpOptions = true, description = "Check this computer's speaker and microphone.",
    subcommands = {AudioCommand.Check.class})
public final class AudioCommand implements Runnable {
  @ParentCommand private DuplexNodeCommand parent;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /**
   * {@code duplex-node audio check}: plays the robot's voice on the local speaker, records the local
   * microphone, and says whether echo cancellation and barge-in will work there and with which
   * audio.echo_delay_ms; exits 1 when a check fails, 2 when a device cannot be opened.
   */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Play the robot's voice on the local speaker and record the local microphone: the room's noise,"
          + " the echo's level, clipping and delay, and the node's echo canceller, barge-in guard and voice detector"
          + " over the recording, then how soon a barge-in's stop silences the speaker. Keep the room quiet while it"
          + " runs (about 25 s).",
          "The devices and the canceller come from the node's parameters (audio.local_speaker_device,"
              + " audio.local_microphone_device, their buffers, audio.echo_filter_ms, audio.echo_delay_ms,"
              + " audio.echo_delay_tracking):"
              + " --ros-args -p NAME:=VALUE or --params-file FILE. The recording is left in DIR/bag for"
              + " duplex-node replay."})
  static final class Check implements Callable<Integer> {
    @ParentCommand private AudioCommand parent;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the recording's bag (DIR/bag, which must"
        + " not exist yet;"
        + " default: ${DEFAULT-VALUE}).")
    Path out = Path.of("audio-check-out");

    @Option(names = "--room-s", paramLabel = "S", description = "Seconds of the room recorded before the robot speaks"
        + " (default ${DEFAULT-VALUE}).")
    double roomS = 2.0;

    @Option(names = "--bag", paramLabel = "BAG", description = "Check a recording made before (/audio/in and"
        + " /audio/far_end, as this command leaves it) instead of playing and recording.")
    Path recorded;

    @Override
    public Integer call() throws Exception {
      ParameterSet params = NodeSetup.of(parent.parent.rosArgs()).params();
      // The check runs SpeexDSP whatever audio.echo_cancel says: it tells whether to turn it on.
      EchoSettings echo = EchoSettings.from(params);
      List<RawAudio> microphone;
      List<PlayedAudio> played;
      long streamRestarts = 0;
      SpeakerEchoRecording.Stop stop = null;
      if (recorded != null) {
        AudioCheckBag.Recording r = readRecording(params);
        microphone = r.microphone();
        played = r.played();
        System.out.printf(Locale.ROOT, "duplex-node audio check: the recording in %s%s%n", recorded,
            r.cut() ? " (its first " + AudioCheckBag.MAX_S + " s)" : "");
      } else {
        SpeakerEchoRecording r = record(params);
        microphone = r.microphone();
        played = r.played();
        streamRestarts = r.streamRestarts();
        stop = r.stop();
      }
      EchoCheck.Result result;
      try (SileroVad vad = SileroVad.bundled(new OnnxRuntimeEngine(OnnxRuntimeEngine.Provider.CPU, 1))) {
        result = EchoCheck.run(microphone, played, echo, vad);
      } catch (IllegalArgumentException e) {
        // Nothing recorded or played, or a microphone in another format: a bag given is bad input,
        // devices that gave nothing failed at run time.
        if (recorded != null) {
          throw CommandFailure.badInput("--bag " + recorded + ": " + e.getMessage(), e);
        }
        throw new CommandFailure(ExitCode.RUNTIME_FAILURE, "the devices gave nothing to check: " + e.getMessage(), e);
      }
      List<EchoCheck.Finding> findings = new ArrayList<>(result.findings());
      if (streamRestarts > 0) {
        findings.add(new EchoCheck.Finding("speaker", EchoCheck.Level.WARN, "the device ran dry " + streamRestarts
            + " time(s) between the utterances (the speaker's thread fell behind: a busy machine); each restart"
            + " moves the echo's delay"));
      }
      if (stop != null) {
        findings.add(SpeakerStop.finding(stop.atNanos() == Long.MIN_VALUE ? Double.NaN
            : SpeakerStop.silentAfterMs(stop.microphone(), stop.atNanos())));
      }
      for (EchoCheck.Finding f : findings) {
        System.out.printf(Locale.ROOT, "%-13s %-5s %s%n", f.what(), f.level().name().toLowerCase(Locale.ROOT),
            f.text());
      }
      List<String> set = new ArrayList<>(List.of("-p audio.echo_cancel:=speex"));
      if (result.recommendedDelayMs() != echo.delayMs()) {
        set.add("-p audio.echo_delay_ms:=" + result.recommendedDelayMs());
      }
      if (result.recommendedFilterMs() != echo.filterMs()) {
        set.add("-p audio.echo_filter_ms:=" + result.recommendedFilterMs());
      }
      if (result.recommendsTracking() != echo.trackDelay()) {
        set.add("-p audio.echo_delay_tracking:=" + result.recommendsTracking());
      }
      System.out.println("parameters: --ros-args " + String.join(" ", set));
      if (recorded == null) {
        Path bag = out.resolve("bag");
        System.out.println("recording: " + bag + " (duplex-node replay " + bag
            + " --ros-args -p audio.echo_cancel:=speex; duplex-node audio check --bag " + bag + ")");
      }
      if (!result.passed()) {
        System.err.println("duplex-node audio check: the speaker and microphone failed the check (lines marked fail)");
        return ExitCode.CHECKS_FAILED.code();
      }
      return ExitCode.OK.code();
    }

    private AudioCheckBag.Recording readRecording(ParameterSet params) {
      if (!Files.isDirectory(recorded) && !Files.isRegularFile(recorded)) {
        throw CommandFailure.badInput("--bag " + recorded + ": no such bag");
      }
      try {
        return AudioCheckBag.read(recorded, (int) params.getLong(NodeParameters.FAR_END_SAMPLE_RATE),
            params.getString(NodeParameters.MICROPHONE_FRAME));
      } catch (IOException | RuntimeException e) {
        throw CommandFailure.badInput("--bag " + recorded + ": " + e.getMessage(), e);
      }
    }

    /** Plays the robot's voice and records the microphone; leaves the recording in DIR/bag. */
    private SpeakerEchoRecording record(ParameterSet params) throws IOException, InterruptedException {
      if (!(roomS >= 0.5 && roomS <= 30)) {
        throw CommandFailure.badInput("--room-s " + roomS + ": must be between 0.5 and 30");
      }
      Path bag = out.resolve("bag");
      if (Files.exists(bag)) {
        throw CommandFailure.badInput(bag + " exists: the check does not overwrite a recording (remove it or"
            + " pass --out)");
      }
      short[] voice = AudioCheckBag.robotVoice(Home.interruptionBag());
      String speakerDevice = params.getString(NodeParameters.LOCAL_SPEAKER_DEVICE);
      String micDevice = params.getString(NodeParameters.LOCAL_MICROPHONE_DEVICE);
      System.out.printf(Locale.ROOT, "duplex-node audio check: speaker '%s', microphone '%s': %.1f s of the room,"
          + " then %.1f s of the robot's voice in %d utterances (keep the room quiet)%n", name(speakerDevice),
          name(micDevice), roomS, voice.length / 24_000.0, SpeakerEchoRecording.UTTERANCES);
      SpeakerEchoRecording recording;
      try (LocalSpeaker speaker = open(() -> LocalSpeaker.open(speakerDevice,
          (int) params.getLong(NodeParameters.LOCAL_SPEAKER_BUFFER_MS)))) {
        speaker.volumeDb(params.getDouble(NodeParameters.LOCAL_SPEAKER_VOLUME_DB));
        recording = SpeakerEchoRecording.record(speaker, (listener, clock) -> open(() -> LocalMicrophone.open(micDevice,
            (int) params.getLong(NodeParameters.LOCAL_MICROPHONE_BUFFER_MS), listener, clock,
            params.getString(NodeParameters.MICROPHONE_FRAME))), voice, roomS, 1.5, System::nanoTime);
      }
      Files.createDirectories(out);
      try {
        AudioCheckBag.write(bag, recording.microphone(), recording.played(),
            params.getString(NodeParameters.SPEAKER_FRAME));
      } catch (IOException e) {
        throw new CommandFailure(ExitCode.RUNTIME_FAILURE, bag + ": cannot write the recording: " + e.getMessage(), e);
      }
      return recording;
    }

    private static String name(String device) {
      return device.isEmpty() ? "default" : device;
    }

    /** A device that cannot be opened is a configuration error naming its parameter and the devices there are. */
    private static <T> T open(java.util.function.Supplier<T> device) {
      try {
        return device.get();
      } catch (IllegalStateException e) {
        throw CommandFailure.badInput(e.getMessage(), e);
      }
    }
  }
}
