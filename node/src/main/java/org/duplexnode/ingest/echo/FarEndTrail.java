package org.duplexnode.ingest.echo;

/**
 * The far end lined up with each sample the {@link EchoCancelStage} sends on, for a
 * {@link ResidualEchoSink} further down the same call chain: the stage adds a frame's worth before
 * it sends the frame, the sink takes as many as it is given. One thread.
 */
final class FarEndTrail {
  private short[] farEnd = new short[1024];
  private boolean[] echoPossible = new boolean[1024];
  private int head;
  private int size;
  /** Set once a sink takes from it: until then nothing is kept (no one would take it). */
  private boolean taken;

  /** A sink will take from it from now on. */
  void taker() {
    taken = true;
  }

  /** The far end of {@code len} samples sent on, and whether their microphone could hold its echo. */
  void add(short[] far, int off, int len, boolean echo) {
    if (!taken) {
      return;
    }
    if (size + len > farEnd.length) {
      grow(size + len);
    }
    for (int i = 0; i < len; i++) {
      int at = (head + size + i) % farEnd.length;
      farEnd[at] = far[off + i];
      echoPossible[at] = echo;
    }
    size += len;
  }

  /**
   * The next sample's far end; a sample the stage did not account for (none left) has none.
   *
   * @return whether its microphone could hold echo
   */
  boolean take(short[] into, int at) {
    if (size == 0) {
      into[at] = 0;
      return false;
    }
    into[at] = farEnd[head];
    boolean echo = echoPossible[head];
    head = (head + 1) % farEnd.length;
    size--;
    return echo;
  }

  /** A new stream: what was left of the last is dropped. */
  void clear() {
    head = 0;
    size = 0;
  }

  private void grow(int needed) {
    int capacity = Math.max(needed, farEnd.length * 2);
    short[] f = new short[capacity];
    boolean[] e = new boolean[capacity];
    for (int i = 0; i < size; i++) {
      f[i] = farEnd[(head + i) % farEnd.length];
      e[i] = echoPossible[(head + i) % farEnd.length];
    }
    farEnd = f;
    echoPossible = e;
    head = 0;
  }
}
