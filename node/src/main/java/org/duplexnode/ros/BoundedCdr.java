package org.duplexnode.ros;

import us.ihmc.idl.CDR;
import us.ihmc.idl.IDLSequence;

/**
 * String reading for the generated message classes, which the build routes here instead of
 * ihmc's {@code CDR.read_type_d}: that one sizes its buffer from the length on the wire before
 * looking at it, so a 20-byte sample claiming a 2-GB string makes the JVM allocate gigabytes
 * (found by fuzzing). Here the length is checked against the field's bound from the .msg file
 * first; the characters are stored as ihmc stores them (one char per byte, see {@link WireStrings}).
 * Sequences of strings (ihmc's {@code read_type_e} reads each as {@code read_type_d} does, as many as
 * the wire claims) are read here too, their count checked against the sequence's bound.
 *
 * <p>Failure: a length above the bound throws {@link IllegalArgumentException}, a sample that
 * ends early {@link java.nio.BufferUnderflowException}; the transport counts either as an
 * undecodable sample.
 */
public final class BoundedCdr {
  private BoundedCdr() {}

  /** Reads a CDR string (length including the terminating NUL, bytes, NUL) of at most {@code bound} bytes. */
  public static void readString(CDR cdr, StringBuilder into, int bound) {
    int length = cdr.read_type_2();
    if (length == 0) {
      into.setLength(0);
      return;
    }
    if (length < 0 || length - 1 > bound) {
      throw new IllegalArgumentException("string of " + Integer.toUnsignedString(length - 1)
          + " bytes exceeds its bound of " + bound);
    }
    into.setLength(length - 1);
    for (int i = 0; i < length - 1; i++) {
      into.setCharAt(i, (char) cdr.read_type_9());
    }
    cdr.read_type_9();
  }

  /**
   * Reads a CDR sequence of strings: a count of at most {@code maxCount}, then that many strings of
   * at most {@code maxLength} bytes each.
   */
  public static void readStrings(CDR cdr, IDLSequence.StringBuilderHolder into, int maxCount, int maxLength) {
    int count = cdr.read_type_2();
    if (count < 0 || count > maxCount) {
      throw new IllegalArgumentException("sequence of " + Integer.toUnsignedString(count)
          + " strings exceeds its bound of " + maxCount);
    }
    into.resetQuick();
    for (int i = 0; i < count; i++) {
      readString(cdr, into.add(), maxLength);
    }
  }
}
