package org.duplexnode.bag;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duplexnode.bag.mcap.McapReadOptions;

/** Finds and opens the storage files of a bag, telling MCAP from sqlite3 by their first bytes. */
final class StorageFiles {
  private static final byte[] MCAP_MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P'};
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern TRAILING_NUMBER = Pattern.compile("^(.*?)(\\d+)(\\.[^.]*)?$");

  private StorageFiles() {}

  static StorageReader open(Path file, McapReadOptions options, MessageDecompressor decompressor)
      throws IOException {
    byte[] head = new byte[SQLITE_MAGIC.length];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (startsWith(head, n, MCAP_MAGIC)) {
      return McapStorageReader.open(file, options);
    }
    if (startsWith(head, n, SQLITE_MAGIC)) {
      return SqliteStorageReader.open(file, decompressor);
    }
    throw new BagFormatException(file + ": neither an MCAP nor a sqlite3 file");
  }

  /** The .mcap and .db3 files of a folder without metadata.yaml, in split order (_0, _1, ... _10). */
  static List<Path> discover(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (Files.isRegularFile(p) && (name.endsWith(".mcap") || name.endsWith(".db3"))) {
          files.add(p);
        }
      }
    }
    files.sort(SPLIT_ORDER);
    return files;
  }

  /** Orders "bag_2.mcap" before "bag_10.mcap". */
  static final Comparator<Path> SPLIT_ORDER = (a, b) -> {
    Matcher ma = TRAILING_NUMBER.matcher(a.getFileName().toString());
    Matcher mb = TRAILING_NUMBER.matcher(b.getFileName().toString());
    if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))) {
      int byNumber = new BigInteger(ma.group(2)).compareTo(new BigInteger(mb.group(2)));
      if (byNumber != 0) {
        return byNumber;
      }
    }
    return a.getFileName().toString().compareTo(b.getFileName().toString());
  };

  private static boolean startsWith(byte[] head, int n, byte[] magic) {
    return n >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
  }
}
