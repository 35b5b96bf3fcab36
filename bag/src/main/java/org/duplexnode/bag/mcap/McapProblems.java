package org.duplexnode.bag.mcap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects what is wrong with one file. In strict mode the first problem is thrown; otherwise it
 * becomes a warning and the reader carries on with what it can still read.
 */
final class McapProblems {
  private static final Logger LOG = LoggerFactory.getLogger(McapProblems.class);
  /** Keeps a pathological file from growing the list without bound. */
  private static final int MAX_WARNINGS = 1000;

  private final String file;
  private final boolean strict;
  private final LinkedHashSet<String> warnings = new LinkedHashSet<>();
  private final Map<Long, McapChunkLoss> losses = new LinkedHashMap<>();
  private int dropped;

  McapProblems(String file, boolean strict) {
    this.file = file;
    this.strict = strict;
  }

  /** Records a problem, or throws it in strict mode. */
  void report(String message) throws McapFormatException {
    report(message, null);
  }

  void report(String message, Throwable cause) throws McapFormatException {
    String full = file + ": " + message;
    if (strict) {
      throw new McapFormatException(full, cause);
    }
    LOG.debug("{}", full);
    synchronized (warnings) {
      if (warnings.size() < MAX_WARNINGS || warnings.contains(full)) {
        warnings.add(full);
      } else {
        dropped++;
      }
    }
  }

  /**
   * Records a chunk whose messages were not all read (once per chunk, however often it is read),
   * as a loss and as a warning, or throws in strict mode.
   */
  void chunkLost(McapChunkLoss loss) throws McapFormatException {
    boolean first;
    synchronized (warnings) {
      first = losses.putIfAbsent(loss.offset(), loss) == null;
    }
    if (first || strict) {
      report(loss.describe());
    }
  }

  List<McapChunkLoss> losses() {
    synchronized (warnings) {
      return List.copyOf(losses.values());
    }
  }

  List<String> warnings() {
    synchronized (warnings) {
      List<String> copy = new ArrayList<>(warnings);
      if (dropped > 0) {
        copy.add(file + ": " + dropped + " more problems not listed");
      }
      return Collections.unmodifiableList(copy);
    }
  }
}
