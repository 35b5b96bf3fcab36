package org.duplexnode.replay;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.duplexnode.bag.Bag;
import org.duplexnode.bag.BagMessage;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.ports.PlayedAudio;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ros.CdrCodec;
import org.duplexnode.ros.Stamps;

/**
 * The bag {@code duplex-node audio check} leaves behind: what the robot's microphone heard
 * ({@code /audio/in} with {@code /audio/in/info}) and what its speaker played ({@code /audio/far_end},
 * stamped with each slice's playback time), the layout a replay cancels the echo from
 * (docs/testing-with-bags.md, "Bags with the robot's own voice").
 */
public final class AudioCheckBag {
  private AudioCheckBag() {}

  /** What the check plays: the robot's voice as the bundled interruption bag's speaker played it (24 kHz mono). */
  public static short[] robotVoice(Path interruptionBag) throws IOException {
    return DemoBag.audioOf(interruptionBag, "/audio/far_end", Long.MIN_VALUE);
  }

  /** One message to write; the message itself is made when written (each holds a large buffer). */
  private record Entry(long logNs, boolean microphone, long stampNs, String frameId, byte[] s16le) {}

  /** The most of a bag read back (s from its first message): a check needs seconds, a bag may hold hours. */
  public static final int MAX_S = 600;

  /**
   * A recording read back: the microphone's blocks and what the speaker played, by their stamps;
   * {@code cut}: the bag went on past {@value #MAX_S} s, which was not read.
   */
  public record Recording(List<RawAudio> microphone, List<PlayedAudio> played, boolean cut) {}

  /**
   * Reads {@code /audio/in} (16 kHz mono S16LE unless {@code /audio/in/info} says otherwise) and
   * {@code /audio/far_end} (mono S16LE at {@code farEndRate}) of a bag: one this check wrote, or
   * one recorded on the robot with the far end (docs/testing-with-bags.md).
   */
  public static Recording read(Path bag, int farEndRate, String microphoneFrame) throws IOException {
    CdrCodec<AudioDataStamped> codec = new CdrCodec<>(AudioDataStamped.class);
    CdrCodec<AudioInfo> infoCodec = new CdrCodec<>(AudioInfo.class);
    AudioDataStamped msg = codec.newMessage();
    AudioInfo info = infoCodec.newMessage();
    int micRate = 16_000;
    int channels = 1;
    String format = "S16LE";
    List<RawAudio> mic = new ArrayList<>();
    List<PlayedAudio> played = new ArrayList<>();
    boolean cut = false;
    long firstNs = Long.MIN_VALUE;
    try (Bag b = Bag.open(bag);
         var it = b.messages(Set.of("/audio/in", "/audio/in/info", "/audio/far_end"))) {
      while (it.hasNext()) {
        BagMessage m = it.next();
        if (firstNs == Long.MIN_VALUE) {
          firstNs = m.logTimeNs();
        } else if (m.logTimeNs() - firstNs > MAX_S * 1_000_000_000L) {
          cut = true;
          break;
        }
        if (m.topic().equals("/audio/in/info")) {
          infoCodec.decode(m.data(), info);
          micRate = (int) info.getSampleRate();
          channels = info.getChannels();
          format = info.getSampleFormat().toString();
          continue;
        }
        codec.decode(m.data(), msg);
        long stamp = Stamps.toNanos(msg.getHeader().getStamp());
        byte[] data = msg.getAudio().getData().copyArray();
        if (m.topic().equals("/audio/in")) {
          mic.add(new RawAudio(stamp, microphoneFrame, micRate, channels, format, data));
        } else {
          played.add(new PlayedAudio(stamp, farEndRate, DemoBag.samples(data)));
        }
      }
    }
    played.sort(Comparator.comparingLong(PlayedAudio::startNanos));
    return new Recording(mic, played, cut);
  }

  /** Writes the recording into {@code folder}, which must not exist yet. */
  public static void write(Path folder, List<RawAudio> microphone, List<PlayedAudio> played, String speakerFrame)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (RawAudio a : microphone) {
      // Logged as a recorder would: when the block had been captured.
      long capturedNs = a.stampNanos() + a.data().length / 2 * 1_000_000_000L / a.sampleRate();
      entries.add(new Entry(capturedNs, true, a.stampNanos(), a.frameId(), a.data()));
    }
    for (PlayedAudio p : played) {
      entries.add(new Entry(p.startNanos(), false, p.startNanos(), speakerFrame, DemoBag.s16le(p.pcm())));
    }
    entries.sort(Comparator.comparingLong(Entry::logNs));
    try (RosbagWriter w = RosbagWriter.create(folder, RosbagWriterOptions.defaults())) {
      DemoBag.Topic<AudioDataStamped> mic =
          new DemoBag.Topic<>(w, "/audio/in", AudioDataStamped.class, "best_effort", "volatile");
      DemoBag.Topic<AudioInfo> info = new DemoBag.Topic<>(w, "/audio/in/info", AudioInfo.class, "reliable",
          "transient_local");
      DemoBag.Topic<AudioDataStamped> farEnd =
          new DemoBag.Topic<>(w, "/audio/far_end", AudioDataStamped.class, "reliable", "volatile");
      if (!microphone.isEmpty()) {
        RawAudio first = microphone.get(0);
        AudioInfo ai = new AudioInfo();
        ai.setChannels((byte) first.channels());
        ai.setSampleRate(first.sampleRate());
        ai.setSampleFormat(first.sampleFormat());
        ai.setCodingFormat("wave");
        ai.setBitrate(first.sampleRate() * 16L * first.channels());
        info.write(ai, entries.get(0).logNs());
      }
      for (Entry e : entries) {
        (e.microphone() ? mic : farEnd).write(DemoBag.audio(e.stampNs(), e.frameId(), e.s16le()), e.logNs());
      }
    }
  }
}
