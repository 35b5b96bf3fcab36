package org.duplexnode.ingest.echo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.duplexnode.ports.RawAudio;

/**
 * The far end as the robot's player publishes it ({@code audio/far_end}), handed to a
 * {@link FarEndReference}: each message at its stamp, the time its first sample plays (the node
 * clock when the stamp is zero). A message that continues the one before within
 * {@value #JOIN_MS} ms is joined to it, so that a player's stamp jitter does not restart the
 * resampling. Only S16LE mono is taken; any other message is refused and counted, never guessed
 * at. Runs on the ingest thread, in order with the microphone.
 */
public final class FarEndTopic {
  static final long JOIN_MS = 20;

  private final FarEndReference reference;
  private final LongSupplier clockNs;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<String> lastRefusal = new AtomicReference<>("");
  private long playsUntilNanos = Long.MIN_VALUE;

  public FarEndTopic(FarEndReference reference, LongSupplier clockNs) {
    this.reference = reference;
    this.clockNs = clockNs;
  }

  public void accept(RawAudio a) {
    String why = unusable(a);
    if (why != null) {
      refused.incrementAndGet();
      lastRefusal.set(why);
      return;
    }
    short[] pcm = new short[a.data().length / 2];
    ByteBuffer.wrap(a.data()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
    long start = a.stampNanos() > 0 ? a.stampNanos() : clockNs.getAsLong();
    if (playsUntilNanos != Long.MIN_VALUE && Math.abs(start - playsUntilNanos) <= JOIN_MS * 1_000_000L) {
      start = playsUntilNanos;
    }
    reference.played(start, a.sampleRate(), pcm, 0, pcm.length);
    playsUntilNanos = start + pcm.length * 1_000_000_000L / a.sampleRate();
    accepted.incrementAndGet();
  }

  private static String unusable(RawAudio a) {
    if (!"S16LE".equals(a.sampleFormat()) || a.channels() != 1) {
      return "not S16LE mono (" + a.sampleFormat() + ", " + a.channels() + " channels)";
    }
    if (a.sampleRate() < 8000 || a.sampleRate() > 48000) {
      return "sample rate " + a.sampleRate() + " Hz outside 8000-48000";
    }
    if (a.data().length % 2 != 0) {
      return "odd byte count " + a.data().length + " for 16-bit samples";
    }
    return null;
  }

  public long accepted() {
    return accepted.get();
  }

  public long refused() {
    return refused.get();
  }

  /** Why the last refused message was refused; empty when none was. */
  public String lastRefusal() {
    return lastRefusal.get();
  }
}
