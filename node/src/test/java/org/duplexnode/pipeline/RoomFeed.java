package org.duplexnode.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.duplexnode.ingest.echo.FarEndReference;
import org.duplexnode.ingest.echo.SyntheticRoom;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.RawAudio;

/**
 * A generated room played into the pipeline as the node hears it with a local speaker: the
 * speaker's 100 ms slices handed to the far-end reference half a second ahead of the microphone,
 * the microphone in 100 ms S16LE messages stamped from {@code t0}.
 */
final class RoomFeed {
  private static final long S = 1_000_000_000L;

  private RoomFeed() {}

  static void play(SyntheticRoom room, FarEndReference reference, InputPort input, long t0) {
    float[] mic = room.microphone();
    long playStart = t0 + (long) (SyntheticRoom.PLAY_START_S * S);
    int played = 0;
    for (int k = 0; k * 1600 < mic.length; k++) {
      long stamp = t0 + k * 100_000_000L;
      while (played < room.robot24k().length && playStart + played * S / 24_000 < stamp + S / 2) {
        int len = Math.min(2400, room.robot24k().length - played);
        reference.played(playStart + played * S / 24_000, 24_000, room.robot24k(), played, len);
        played += len;
      }
      ByteBuffer b = ByteBuffer.allocate(3200).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 1600; i++) {
        int at = k * 1600 + i;
        b.putShort(at < mic.length ? (short) Math.round(Math.max(-1, Math.min(1, mic[at])) * 32767) : 0);
      }
      input.onAudio(new RawAudio(stamp, "mic", 16000, 1, "S16LE", b.array()));
    }
  }
}
