package org.duplexnode.model.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A host-side table (contract section 2.3), memory-mapped: row i of a {@code [rows, ...]} table
 * is the {@code width} elements after the first axis, read as float32 (float16 decoded by hand).
 * Immutable; safe to share between threads.
 */
public final class HostTable {
  private final TableEntry entry;
  private final int rows;
  private final int width;
  private final ShortBuffer halves;
  private final FloatBuffer floats;

  private HostTable(TableEntry entry, ByteBuffer data) {
    this.entry = entry;
    long[] shape = entry.shape();
    this.rows = Math.toIntExact(shape[0]);
    this.width = Math.toIntExact(entry.elements() / Math.max(1, shape[0]));
    ByteBuffer le = data.order(ByteOrder.LITTLE_ENDIAN);
    this.halves = entry.elementBytes() == 2 ? le.asShortBuffer() : null;
    this.floats = entry.elementBytes() == 4 ? le.asFloatBuffer() : null;
  }

  /** Maps the entry's file under {@code dir}; fails naming the table when the file does not fit the entry. */
  public static HostTable map(Path dir, TableEntry entry) {
    Path file = dir.resolve(entry.file());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() != entry.byteSize()) {
        throw new ModelPackageException(entry.path() + ": " + entry.file() + " holds " + ch.size()
            + " bytes, shape and dtype need " + entry.byteSize());
      }
      if (entry.byteSize() > Integer.MAX_VALUE) {
        throw new ModelPackageException(entry.path() + ": " + entry.byteSize() + " bytes is more than one mapping holds");
      }
      return new HostTable(entry, ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()));
    } catch (IOException e) {
      throw new ModelPackageException(entry.path() + ": " + file + " cannot be read: " + e.getMessage());
    }
  }

  public String name() {
    return entry.path();
  }

  public long[] shape() {
    return entry.shape();
  }

  public int rows() {
    return rows;
  }

  /** Elements per row (product of the shape after the first axis). */
  public int width() {
    return width;
  }

  /** Copies row {@code row} as float32 into {@code dst[off .. off + width)}. */
  public void copyRow(int row, float[] dst, int off) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException("row " + row + " outside " + entry.path() + " (" + rows + " rows)");
    }
    int base = row * width;
    if (halves != null) {
      for (int i = 0; i < width; i++) {
        dst[off + i] = Float16.toFloat(halves.get(base + i));
      }
    } else {
      floats.get(base, dst, off, width);
    }
  }

  /** Copies row {@code row} as float32 into {@code dst} at its position, advancing it. */
  public void copyRow(int row, FloatBuffer dst) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException("row " + row + " outside " + entry.path() + " (" + rows + " rows)");
    }
    int base = row * width;
    for (int i = 0; i < width; i++) {
      dst.put(halves != null ? Float16.toFloat(halves.get(base + i)) : floats.get(base + i));
    }
  }

  public float[] row(int row) {
    float[] out = new float[width];
    copyRow(row, out, 0);
    return out;
  }

  /** The whole table as float32 (for the small voice caches and the noise). */
  public float[] toFloatArray() {
    float[] out = new float[Math.toIntExact(entry.elements())];
    for (int r = 0; r < rows; r++) {
      copyRow(r, out, r * width);
    }
    return out;
  }
}
