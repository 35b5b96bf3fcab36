package org.duplexnode.bag.sqlite;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One rosbag2 sqlite3 storage file (.db3), opened read-only and immutable so that reading never
 * writes beside it (no journal or -shm files). Handles every schema version: topics without
 * QoS (1), without type hashes (before 4), and the schema, metadata and message_definitions
 * tables of newer versions.
 *
 * <p>Failure: a file that is not an SQLite database, or lacks the topics and messages tables,
 * throws {@link SqliteFormatException} from {@link #open}.
 */
public final class SqliteBagFile implements Closeable {
  private final Path path;
  private final Connection connection;
  private final Set<String> tables;
  private final int schemaVersion;

  private SqliteBagFile(Path path, Connection connection, Set<String> tables, int schemaVersion) {
    this.path = path;
    this.connection = connection;
    this.tables = tables;
    this.schemaVersion = schemaVersion;
  }

  public static SqliteBagFile open(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString());
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setOpenMode(SQLiteOpenMode.OPEN_URI);
    String url = "jdbc:sqlite:" + path.toAbsolutePath().toUri() + "?immutable=1";
    Connection connection = null;
    try {
      connection = config.createConnection(url);
      Set<String> tables = tables(connection);
      if (!tables.contains("topics") || !tables.contains("messages")) {
        throw new SQLException("no topics and messages tables");
      }
      return new SqliteBagFile(path, connection, tables, readSchemaVersion(connection, tables));
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new SqliteFormatException(path + ": not a rosbag2 sqlite3 file: " + e.getMessage(), e);
    }
  }

  public Path path() {
    return path;
  }

  /** The storage schema version (the schema table, or 1-2 guessed from the topics columns). */
  public int schemaVersion() {
    return schemaVersion;
  }

  public Optional<String> rosDistro() throws IOException {
    if (!tables.contains("schema") || !columns("schema").contains("ros_distro")) {
      return Optional.empty();
    }
    return query("SELECT ros_distro FROM schema", rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
  }

  public List<SqliteTopic> topics() throws IOException {
    Set<String> columns = columns("topics");
    String qos = columns.contains("offered_qos_profiles") ? "offered_qos_profiles" : "''";
    String hash = columns.contains("type_description_hash") ? "type_description_hash" : "''";
    return query("SELECT id, name, type, serialization_format, " + qos + ", " + hash
        + " FROM topics ORDER BY id", rs -> {
          List<SqliteTopic> topics = new ArrayList<>();
          while (rs.next()) {
            topics.add(new SqliteTopic(rs.getLong(1), text(rs, 2), text(rs, 3), text(rs, 4),
                text(rs, 5), text(rs, 6)));
          }
          return topics;
        });
  }

  /** Count and time range of every topic that has messages, by topic id. */
  public Map<Long, SqliteTopicStats> statistics() throws IOException {
    return query("SELECT topic_id, COUNT(*), MIN(timestamp), MAX(timestamp) FROM messages GROUP BY topic_id",
        rs -> {
          Map<Long, SqliteTopicStats> stats = new LinkedHashMap<>();
          while (rs.next()) {
            stats.put(rs.getLong(1), new SqliteTopicStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
          }
          return stats;
        });
  }

  public List<SqliteMessageDefinition> messageDefinitions() throws IOException {
    if (!tables.contains("message_definitions")) {
      return List.of();
    }
    return query("SELECT topic_type, encoding, encoded_message_definition, type_description_hash "
        + "FROM message_definitions ORDER BY id", rs -> {
          List<SqliteMessageDefinition> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new SqliteMessageDefinition(text(rs, 1), text(rs, 2), text(rs, 3), text(rs, 4)));
          }
          return out;
        });
  }

  /** The last metadata YAML saved in the file (schema 3 and later), without a top-level key. */
  public Optional<String> latestMetadata() throws IOException {
    if (!tables.contains("metadata")) {
      return Optional.empty();
    }
    return query("SELECT metadata FROM metadata ORDER BY id DESC LIMIT 1",
        rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
  }

  /** Messages of the given topic ids (null: all), by timestamp then insertion order. */
  public SqliteMessageCursor messages(Set<Long> topicIds) throws IOException {
    String where = topicIds == null ? "" : " WHERE topic_id IN ("
        + topicIds.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")";
    try {
      PreparedStatement statement = connection.prepareStatement(
          "SELECT id, topic_id, timestamp, data FROM messages" + where + " ORDER BY timestamp, id");
      try {
        return new SqliteMessageCursor(path.toString(), statement);
      } catch (SQLException e) {
        statement.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new SqliteFormatException(path + ": reading messages failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IOException(path + ": closing failed: " + e.getMessage(), e);
    }
  }

  private interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> T query(String sql, RowReader<T> reader) throws IOException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return reader.read(rs);
    } catch (SQLException e) {
      throw new SqliteFormatException(path + ": query failed (" + sql + "): " + e.getMessage(), e);
    }
  }

  private Set<String> columns(String table) throws IOException {
    try (ResultSet rs = connection.getMetaData().getColumns(null, null, table, null)) {
      Set<String> out = new HashSet<>();
      while (rs.next()) {
        out.add(rs.getString("COLUMN_NAME"));
      }
      return out;
    } catch (SQLException e) {
      throw new SqliteFormatException(path + ": cannot read columns of " + table + ": " + e.getMessage(), e);
    }
  }

  private static Set<String> tables(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    Set<String> out = new HashSet<>();
    try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }

  private static int readSchemaVersion(Connection connection, Set<String> tables) throws SQLException {
    if (tables.contains("schema")) {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT schema_version FROM schema")) {
        if (rs.next()) {
          return rs.getInt(1);
        }
      }
    }
    try (ResultSet rs = connection.getMetaData().getColumns(null, null, "topics", "offered_qos_profiles")) {
      return rs.next() ? 2 : 1;
    }
  }

  private static String text(ResultSet rs, int column) throws SQLException {
    String s = rs.getString(column);
    return s == null ? "" : s;
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The open failed already; that error is the one to report.
      }
    }
  }
}
