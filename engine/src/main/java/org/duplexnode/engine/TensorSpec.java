package org.duplexnode.engine;

import java.util.List;

/**
 * A graph input or output as declared: name, element type and shape, where a dimension is a
 * number or a symbol ({@code "S"}, {@code "P"}) that may vary between runs.
 */
public record TensorSpec(String name, DType dtype, List<String> dims) {
  public TensorSpec {
    dims = List.copyOf(dims);
  }

  public int rank() {
    return dims.size();
  }

  @Override
  public String toString() {
    return name + ": " + dtype.name().toLowerCase() + dims;
  }
}
