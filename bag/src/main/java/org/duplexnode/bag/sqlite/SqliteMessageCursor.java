package org.duplexnode.bag.sqlite;

import java.io.Closeable;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Messages of a .db3 file in timestamp order (ties in insertion order), streamed from a result
 * set. Failure: a database error while stepping throws {@link UncheckedIOException}.
 */
public final class SqliteMessageCursor implements Iterator<SqliteMessage>, Closeable {
  private final String file;
  private final PreparedStatement statement;
  private final ResultSet rows;
  private SqliteMessage next;
  private boolean done;

  SqliteMessageCursor(String file, PreparedStatement statement) throws SQLException {
    this.file = file;
    this.statement = statement;
    this.rows = statement.executeQuery();
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      try {
        if (rows.next()) {
          byte[] data = rows.getBytes(4);
          next = new SqliteMessage(rows.getLong(1), rows.getLong(2), rows.getLong(3),
              data == null ? new byte[0] : data);
        } else {
          done = true;
          close();
        }
      } catch (SQLException e) {
        done = true;
        closeQuietly();
        throw new UncheckedIOException(new SqliteFormatException(file + ": reading messages failed: "
            + e.getMessage(), e));
      }
    }
    return next != null;
  }

  @Override
  public SqliteMessage next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SqliteMessage out = next;
    next = null;
    return out;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      rows.close();
      statement.close();
    } catch (SQLException ignored) {
      // Closing a read-only statement cannot lose data.
    }
  }
}
