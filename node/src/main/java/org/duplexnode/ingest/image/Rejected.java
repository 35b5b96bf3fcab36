package org.duplexnode.ingest.image;

import java.util.Objects;

/**
 * A frame that was dropped.
 *
 * @param reason the counter it was added to
 * @param message what was wrong with this frame, for logs
 */
public record Rejected(RejectReason reason, String message) implements ImageOutcome {
  public Rejected {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }
}
