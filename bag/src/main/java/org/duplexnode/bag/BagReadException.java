package org.duplexnode.bag;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Thrown by message iterators, which cannot throw checked exceptions, when reading fails: an I/O
 * error, or malformed data while the reader runs in strict mode. The cause holds the details.
 */
public class BagReadException extends UncheckedIOException {
  private static final long serialVersionUID = 1L;

  public BagReadException(IOException cause) {
    super(cause.getMessage(), cause);
  }
}
