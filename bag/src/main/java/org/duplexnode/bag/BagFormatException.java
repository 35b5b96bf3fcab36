package org.duplexnode.bag;

import java.io.IOException;

/**
 * A bag, or a file inside it, is malformed: the message names the file, the offset or record
 * and what was wrong with it.
 */
public class BagFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public BagFormatException(String message) {
    super(message);
  }

  public BagFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
