package org.duplexnode.model.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table entry of the manifest (contract section 2.3): raw little-endian rows, no header.
 *
 * @param path where the entry sits in the manifest ({@code "embeddings.tables.llm_embed"})
 */
public record TableEntry(String path, String file, String dtype, long[] shape) {
  /** Tables have at most this many axes (the per-step voice caches have six). */
  static final int MAX_RANK = 8;

  public TableEntry {
    shape = shape.clone();
  }

  public int elementBytes() {
    return "float16".equals(dtype) ? 2 : 4;
  }

  public long elements() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public long byteSize() {
    return elements() * elementBytes();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  static List<String> problems(String path, JsonNode t) {
    List<String> out = new ArrayList<>();
    String where = Manifest.FILE_NAME + ": " + path;
    if (!t.path("file").isTextual()) {
      out.add(where + ".file missing");
    }
    String dtype = t.path("dtype").textValue();
    if (!"float16".equals(dtype) && !"float32".equals(dtype)) {
      out.add(where + ".dtype is " + t.path("dtype") + ", expected \"float16\" or \"float32\"");
    }
    if (!"little".equals(t.path("byte_order").textValue())) {
      out.add(where + ".byte_order is " + t.path("byte_order") + ", expected \"little\"");
    }
    JsonNode shape = t.path("shape");
    boolean ok = shape.isArray() && shape.size() > 0 && shape.size() <= MAX_RANK;
    for (int i = 0; ok && i < shape.size(); i++) {
      ok = shape.get(i).isIntegralNumber() && shape.get(i).canConvertToLong() && shape.get(i).longValue() >= 0;
    }
    if (!ok) {
      out.add(where + ".shape is " + abbreviate(shape.toString()) + ", expected a list of up to " + MAX_RANK
          + " sizes");
    } else {
      String tooLarge = sizeProblem(shape, "float16".equals(dtype) ? 2 : 4);
      if (tooLarge != null) {
        out.add(where + ".shape " + tooLarge);
      }
    }
    return out;
  }

  /**
   * Null when the table fits one memory mapping (its rows are int-indexed and its bytes at most
   * {@link ManifestBounds#MAX_BUFFER_BYTES}); else the size against that bound.
   */
  private static String sizeProblem(JsonNode shape, int elementBytes) {
    long bytes = elementBytes;
    boolean overflow = false;
    for (JsonNode d : shape) {
      if (d.longValue() > ManifestBounds.MAX_BUFFER_BYTES) {
        return shape + " has a dimension " + d.longValue() + ", above the bound " + ManifestBounds.MAX_BUFFER_BYTES;
      }
      try {
        bytes = Math.multiplyExact(bytes, d.longValue());
      } catch (ArithmeticException e) {
        overflow = true;
      }
    }
    if (!overflow && bytes <= ManifestBounds.MAX_BUFFER_BYTES) {
      return null;
    }
    return shape + " needs " + (overflow ? "more than " + Long.MAX_VALUE : Long.toString(bytes))
        + " bytes, above the bound " + ManifestBounds.MAX_BUFFER_BYTES + " (one memory mapping)";
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  @Override
  public String toString() {
    return path + " (" + file + ", " + dtype + Arrays.toString(shape) + ")";
  }
}
