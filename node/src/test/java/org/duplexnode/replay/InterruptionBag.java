package org.duplexnode.replay;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.duplexnode.audio.BargeInRun;
import org.duplexnode.bag.RosbagWriter;
import org.duplexnode.bag.RosbagWriterOptions;
import org.duplexnode.ingest.echo.SyntheticRoom;
import sensor_msgs.msg.dds.Image;

/**
 * A bag recorded in a {@link SyntheticRoom} in which the user interrupts the robot, as a robot
 * whose loudspeaker is driven by another node would record it:
 * <ul>
 *   <li>{@code /audio/far_end}: what the player played (the robot's espeak-ng speech at 24 kHz, in
 *       100 ms messages stamped and logged when each starts playing), from {@value #PLAY_S} s, until
 *       the player faded it out {@value #PLAYER_REACTS_MS} ms after the user's voice began;</li>
 *   <li>{@code /audio/in}: the microphone (16 kHz S16LE, 100 ms messages logged as captured): the
 *       echo of what was played through the room's impulse response, -60 dBFS noise, and the user's
 *       "Stop please, robot..." with its onset at {@value #ONSET_S} s, 4 dB below the echo;</li>
 *   <li>{@code /camera/image_raw} at 2 Hz (the demo's red light).</li>
 * </ul>
 * The player's reaction is part of the recording (it is what a player told by ~/state does); the
 * replay is judged on what the node hears, not on what the player did.
 */
public final class InterruptionBag {
  /** Seconds from the bag's start. */
  static final double PLAY_S = SyntheticRoom.PLAY_START_S;
  public static final double ONSET_S = 14.0;
  static final int PLAYER_REACTS_MS = 200;
  static final double DURATION_S = 18.0;
  private static final int RATE = SyntheticRoom.RATE;

  private InterruptionBag() {}

  /** Writes the bag into the folder given (which must not exist yet): node/src/demo/interruption-bag is made so. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: InterruptionBag OUT_FOLDER");
      System.exit(2);
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    write(out);
    System.out.println("wrote " + out);
  }

  /** The room the bag was recorded in: RT60 0.4 s, the echo 120 ms after playback. */
  static SyntheticRoom.Shape shape() {
    return SyntheticRoom.Shape.typical();
  }

  public static void write(Path folder) throws IOException {
    SyntheticRoom.Shape shape = shape();
    SyntheticRoom room = SyntheticRoom.make(shape);
    float[] voice = BargeInRun.userVoice(room);
    int playedLength = (int) Math.round((ONSET_S + PLAYER_REACTS_MS / 1000.0 - PLAY_S) * 24_000);
    short[] played = fadedOut(Arrays.copyOf(room.robot24k(), Math.min(playedLength, room.robot24k().length)));
    SyntheticRoom echoRoom = SyntheticRoom.echoAlone(shape, played, 1.0);
    int total = (int) Math.round(DURATION_S * RATE);
    float[] mic = new float[total];
    float[] echo = echoRoom.echo();
    for (int i = 0; i < Math.min(total, echo.length); i++) {
      mic[i] += echo[i];
    }
    int voiceAt = (int) Math.round(ONSET_S * RATE) - BargeInRun.onsetSample(voice);
    for (int i = 0; i < voice.length && voiceAt + i < total; i++) {
      mic[voiceAt + i] += voice[i];
    }
    Random random = new Random(shape.seed() + 1);
    double sigma = Math.pow(10, shape.noiseDbfs() / 20);
    for (int i = 0; i < total; i++) {
      mic[i] += (float) (random.nextGaussian() * sigma);
    }
    try (RosbagWriter w = RosbagWriter.create(folder, RosbagWriterOptions.defaults())) {
      DemoBag.Topic<Image> cam = new DemoBag.Topic<>(w, "/camera/image_raw", Image.class, "best_effort", "volatile");
      DemoBag.Topic<AudioDataStamped> micTopic =
          new DemoBag.Topic<>(w, "/audio/in", AudioDataStamped.class, "best_effort", "volatile");
      DemoBag.Topic<AudioInfo> info = new DemoBag.Topic<>(w, "/audio/in/info", AudioInfo.class, "reliable",
          "transient_local");
      DemoBag.Topic<AudioDataStamped> farEnd =
          new DemoBag.Topic<>(w, "/audio/far_end", AudioDataStamped.class, "reliable", "volatile");
      AudioInfo ai = new AudioInfo();
      ai.setChannels((byte) 1);
      ai.setSampleRate(RATE);
      ai.setSampleFormat("S16LE");
      ai.setCodingFormat("wave");
      ai.setBitrate(256000);
      long start = DemoBag.START_NS;
      info.write(ai, start);
      long nextFrameNs = start;
      int played24 = 0;
      long nextPlayNs = start + (long) (PLAY_S * 1e9);
      for (int s = 0; s + 1600 <= total; s += 1600) {
        long t = start + s * 62_500L; // the block's first sample
        long captured = t + 100_000_000L;
        while (nextPlayNs <= captured && played24 < played.length) {
          int n = Math.min(2400, played.length - played24);
          farEnd.write(DemoBag.audio(nextPlayNs, "speaker_link", Arrays.copyOfRange(played, played24, played24 + n)), nextPlayNs);
          played24 += n;
          nextPlayNs += n * 1_000_000_000L / 24_000;
        }
        while (nextFrameNs <= captured) {
          cam.write(DemoBag.frame(nextFrameNs, DemoBag.Light.STAYS_RED), nextFrameNs);
          nextFrameNs += 500_000_000L;
        }
        short[] block = new short[1600];
        for (int i = 0; i < 1600; i++) {
          block[i] = (short) Math.max(-32768, Math.min(32767, Math.round(mic[s + i] * 32768)));
        }
        micTopic.write(DemoBag.audio(t, "microphone_link", block), captured);
      }
    }
  }

  /** The player's fade: the last 20 ms go down to silence. */
  private static short[] fadedOut(short[] pcm) {
    int fade = Math.min(pcm.length, 480);
    for (int i = 0; i < fade; i++) {
      int k = pcm.length - fade + i;
      pcm[k] = (short) Math.round(pcm[k] * (1.0 - (i + 1) / (double) fade));
    }
    return pcm;
  }
}
