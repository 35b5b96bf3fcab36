package org.duplexnode.ingest.image;

/** A frame that cannot be used, with the counted reason and a message naming the problem. */
public final class ImageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;

  public ImageRejectedException(RejectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
