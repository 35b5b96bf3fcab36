package org.duplexnode.engine;

/** Element types that cross graph boundaries. */
public enum DType {
  FLOAT32(4),
  FLOAT16(2),
  INT64(8),
  INT32(4),
  BOOL(1),
  UINT8(1);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }
}
