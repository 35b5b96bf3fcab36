package org.duplexnode.bag;

import java.nio.file.Path;

/**
 * Recorded data that could not be read: a damaged chunk of an MCAP file, a storage file left out.
 *
 * @param file the storage file (or, for a missing one, the bag folder and its listed name)
 * @param place where in it, e.g. "chunk at offset 4242", "whole file"
 * @param reason why it could not be read
 * @param lostMessages how many messages were lost, or -1 when the bag does not say
 */
public record DataLoss(Path file, String place, String reason, long lostMessages) {
  /** One line naming the file, the place, the reason and what was lost. */
  public String describe() {
    return file + ": " + place + ": " + reason + "; "
        + (lostMessages < 0 ? "its messages are lost (the bag does not say how many)"
            : lostMessages + (lostMessages == 1 ? " message" : " messages") + " lost");
  }
}
