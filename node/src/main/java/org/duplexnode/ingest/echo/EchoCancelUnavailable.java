package org.duplexnode.ingest.echo;

/** Echo cancellation was asked for and its native library cannot be loaded; the message says how to get it. */
public final class EchoCancelUnavailable extends IllegalStateException {
  public EchoCancelUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
