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
    boolean ok = shape.isArray() && shape.size() > 0;
    for (int i = 0; ok && i < shape.size(); i++) {
      ok = shape.get(i).isIntegralNumber() && shape.get(i).longValue() >= 0;
    }
    if (!ok) {
      out.add(where + ".shape is " + shape + ", expected a list of sizes");
    }
    return out;
  }

  @Override
  public String toString() {
    return path + " (" + file + ", " + dtype + Arrays.toString(shape) + ")";
  }
}
