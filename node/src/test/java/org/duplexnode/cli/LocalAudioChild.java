package org.duplexnode.cli;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.audio.LocalAudio;
import org.duplexnode.audio.LocalAudioHealth;
import org.duplexnode.audio.LocalAudioStatus;
import org.duplexnode.audio.LocalMicrophone;
import org.duplexnode.audio.LocalSpeaker;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.audio.AudioIngest;
import org.duplexnode.ingest.audio.AudioIngestConfig;
import org.duplexnode.ingest.audio.AudioStreamSink;
import org.duplexnode.pipeline.IngestStage;
import org.duplexnode.ports.SpeechChunk;

/**
 * A child JVM for LocalAudioDeviceTest: the local speaker and microphone opened through Java
 * Sound on whatever ALSA configuration the parent set in the environment. Prints key=value lines.
 * <ul>
 *   <li>{@code speaker DEVICE A.raw B.raw}: plays utterance A (24 kHz S16LE) in 1 s chunks, interrupts it
 *   once 1.5 s has been played, then plays B whole.
 *   <li>{@code microphone OUT.raw}: captures into the real audio ingest until a line on stdin, then
 *   writes the ingest's 16 kHz stream as S16LE.
 *   <li>{@code unavailable [device]}: opens both devices as {@code run} does and prints their health.
 * </ul>
 */
public final class LocalAudioChild {
  private LocalAudioChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "speaker" -> speaker(args[1], read(Path.of(args[2])), read(Path.of(args[3])));
      case "microphone" -> microphone(Path.of(args[1]));
      case "unavailable" -> unavailable(args.length > 1 ? args[1] : "");
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
    System.exit(0);
  }

  private static void speaker(String device, short[] a, short[] b) throws Exception {
    try (LocalSpeaker speaker = LocalSpeaker.open(device, LocalSpeaker.DEFAULT_BUFFER_MS)) {
      for (int i = 0, unit = 0; i < a.length; i += 24_000, unit++) {
        speaker.publish(new SpeechChunk(1, unit, 0, Arrays.copyOfRange(a, i, Math.min(a.length, i + 24_000)),
            unit == 0, false, false));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (speaker.playedFrames() < 36_000 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long playedAtInterruption = speaker.playedFrames();
      long writtenAtInterruption = speaker.health().samples();
      speaker.publish(new SpeechChunk(1, 99, 0, new short[0], false, true, true));
      speaker.publish(new SpeechChunk(2, 100, 0, b, true, true, false));
      Thread.sleep(b.length / 24 + 1500); // B plays out before the line closes
      System.out.println("playedAtInterruption=" + playedAtInterruption);
      System.out.println("writtenAtInterruption=" + writtenAtInterruption);
      System.out.println("health=" + speaker.health());
    }
  }

  private static void microphone(Path out) throws Exception {
    List<float[]> stream = new CopyOnWriteArrayList<>();
    List<String> events = new CopyOnWriteArrayList<>();
    AudioIngest ingest = new AudioIngest(AudioIngestConfig.defaults(), new AudioStreamSink() {
      @Override public void streamStarted(long anchorNanos) { events.add("start"); }
      @Override public void samples(float[] s, int off, int len) { stream.add(Arrays.copyOfRange(s, off, off + len)); }
      @Override public void streamEnded() { events.add("end"); }
    });
    IngestStage stage = new IngestStage(ingest, null, null, null, null, null, null, null);
    LocalMicrophone mic = LocalMicrophone.openDefault(stage, System::nanoTime, "microphone_link");
    mic.start();
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in)).readLine();
    mic.close();
    Thread.sleep(200);
    ingest.finish();
    ByteBuffer bytes = ByteBuffer.allocate(stream.stream().mapToInt(f -> f.length).sum() * 2)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] f : stream) {
      for (float v : f) {
        bytes.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768f))));
      }
    }
    Files.write(out, bytes.array());
    System.out.println("accepted=" + ingest.counters().acceptedMessages());
    System.out.println("rejected=" + ingest.counters().rejectedTotal());
    System.out.println("rejectedByReason=" + ingest.counters().rejectedByReason());
    System.out.println("gapsFilled=" + ingest.counters().gapsFilled());
    System.out.println("overlapsTrimmed=" + ingest.counters().overlapsTrimmed());
    System.out.println("streams=" + events.stream().filter("start"::equals).count());
    System.out.println("resyncs=" + mic.resyncs());
    System.out.println("health=" + mic.health());
  }

  private static void unavailable(String device) {
    ParameterSet params = new ParameterSet(NodeParameters.all());
    params.set(NodeParameters.LOCAL_SPEAKER, BooleanNode.TRUE, "test");
    params.set(NodeParameters.LOCAL_MICROPHONE, BooleanNode.TRUE, "test");
    params.set(NodeParameters.LOCAL_SPEAKER_DEVICE, TextNode.valueOf(device), "test");
    params.set(NodeParameters.LOCAL_MICROPHONE_DEVICE, TextNode.valueOf(device), "test");
    LocalAudio local = new LocalAudio(params);
    System.out.println("speakerOpened=" + (local.openSpeaker() != null));
    System.out.println("microphoneOpened=" + (local.openMicrophone(new IngestStage(null, null, null, null, null, null, null, null),
        System::nanoTime) != null));
    List<LocalAudioHealth> health = local.health();
    for (LocalAudioHealth h : health) {
      System.out.println(h.role() + "=" + h);
    }
    LocalAudioStatus status = LocalAudioStatus.of(health, 0);
    System.out.println("level=" + status.level());
    System.out.println("message=" + status.message());
  }

  private static short[] read(Path raw) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    short[] s = new short[b.remaining() / 2];
    b.asShortBuffer().get(s);
    return s;
  }
}
