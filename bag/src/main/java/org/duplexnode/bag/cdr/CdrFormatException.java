package org.duplexnode.bag.cdr;

import java.io.IOException;

/** CDR bytes, or a message schema, that cannot be decoded; the message says where and why. */
public class CdrFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CdrFormatException(String message) {
    super(message);
  }
}
