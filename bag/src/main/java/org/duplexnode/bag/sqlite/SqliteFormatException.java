package org.duplexnode.bag.sqlite;

import java.io.IOException;

/** A .db3 file that is not a readable rosbag2 sqlite3 database. */
public class SqliteFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SqliteFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
