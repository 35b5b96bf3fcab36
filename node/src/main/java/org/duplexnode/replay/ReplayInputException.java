package org.duplexnode.replay;

import java.io.IOException;

/** The bag, scenario or output folder of a replay cannot be used; nothing was run. The message says which and why. */
public final class ReplayInputException extends IOException {
  private static final long serialVersionUID = 1L;

  public ReplayInputException(String message) {
    super(message);
  }

  public ReplayInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
