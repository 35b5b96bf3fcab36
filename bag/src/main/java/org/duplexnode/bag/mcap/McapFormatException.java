package org.duplexnode.bag.mcap;

import java.io.IOException;

/** An MCAP file breaks the specification: bad magic, a record that overruns, a CRC mismatch. */
public class McapFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public McapFormatException(String message) {
    super(message);
  }

  public McapFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
