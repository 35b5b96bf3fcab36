package org.duplexnode.bag.cdr;

/**
 * The type of one field of a ROS 2 message definition.
 *
 * @param baseType a primitive name ("int32", "string") or a full message name ("pkg/msg/Type")
 * @param primitive whether {@code baseType} is a primitive
 * @param arrayKind whether the field is a single value, a fixed array or a sequence
 * @param arrayLength the fixed length, or the bound of a bounded sequence (0 otherwise)
 * @param stringBound the bound of a bounded string (0 when unbounded)
 */
public record MsgFieldType(
    String baseType, boolean primitive, ArrayKind arrayKind, int arrayLength, int stringBound) {
  /** How many values a field holds. */
  public enum ArrayKind {
    NONE,
    /** {@code T[N]}: exactly N values, no length prefix. */
    FIXED,
    /** {@code T[<=N]}: a length-prefixed sequence of at most N values. */
    BOUNDED,
    /** {@code T[]}: a length-prefixed sequence. */
    UNBOUNDED;

    public boolean isSequence() {
      return this == BOUNDED || this == UNBOUNDED;
    }
  }

  /** The same type without the array part, i.e. the element type. */
  public MsgFieldType element() {
    return new MsgFieldType(baseType, primitive, ArrayKind.NONE, 0, stringBound);
  }
}
