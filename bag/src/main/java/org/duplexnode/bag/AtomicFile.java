package org.duplexnode.bag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside the target, which is
 * moved over the target only once it is complete and on disk. A full disk or any other write error
 * leaves the target as it was (absent, or its previous content), never empty or cut short.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes {@code text} (UTF-8) to {@code target}; the exception names {@code target} and the cause. */
  public static void writeString(Path target, CharSequence text) throws IOException {
    write(target, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] data) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + ".part");
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          out.write(b);
        }
        out.force(true);
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the write error is the one to report
      }
      FileSystemException named = new FileSystemException(target.toString(), null, reason(e));
      named.initCause(e);
      throw named;
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName() + " " + f.getFile();
    }
    return e.getMessage();
  }
}
