package org.duplexnode.bag.mcap;

/**
 * How many bytes a chunk may take in memory now. A chunk's declared uncompressed size is checked
 * against it before anything is allocated, so a small file whose chunk inflates to hundreds of
 * megabytes is refused with a warning instead of ending the JVM with an OutOfMemoryError.
 *
 * <p>Half of the heap still free (counting what the JVM may still grow to) goes to one chunk: its
 * messages are copied once more downstream (decoding, the output bag), and chunks whose time
 * ranges overlap are held together.
 */
final class McapMemoryBudget {
  private McapMemoryBudget() {}

  /** Bytes one chunk may take now. */
  static long forChunk() {
    return available() / 2;
  }

  /** Heap bytes the JVM can still hand out: its maximum less what is in use. */
  static long available() {
    Runtime rt = Runtime.getRuntime();
    return Math.max(0, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()));
  }

  static long maxHeap() {
    return Runtime.getRuntime().maxMemory();
  }
}
