package org.duplexnode.ros.services;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import us.ihmc.idl.CDR;

/**
 * CDR strings and sequences for the service types, with every length checked against a bound
 * before anything is allocated: a request claiming a huge sequence is refused, not obeyed.
 *
 * <p>Failure: a length above its bound throws {@link IllegalArgumentException}, a sample that
 * ends early {@link java.nio.BufferUnderflowException}; the transport counts either as an
 * undecodable sample.
 */
final class ServiceCdr {
  /** Longest string in a request (a parameter name or a string value), in bytes. */
  static final int MAX_STRING = 64 * 1024;
  /** Most elements in a request's sequence (names, parameters, array values). */
  static final int MAX_ELEMENTS = 1024;

  private ServiceCdr() {}

  static void writeString(CDR cdr, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    cdr.write_type_2(bytes.length + 1);
    for (byte b : bytes) {
      cdr.write_type_9(b);
    }
    cdr.write_type_9((byte) 0);
  }

  static String readString(CDR cdr) {
    int length = cdr.read_type_2();
    if (length == 0) {
      return "";
    }
    if (length < 0 || length - 1 > MAX_STRING) {
      throw new IllegalArgumentException("string of " + Integer.toUnsignedString(length - 1)
          + " bytes exceeds its bound of " + MAX_STRING);
    }
    byte[] bytes = new byte[length - 1];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = cdr.read_type_9();
    }
    cdr.read_type_9();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static void writeStrings(CDR cdr, List<String> strings) {
    cdr.write_type_2(strings.size());
    strings.forEach(s -> writeString(cdr, s));
  }

  static List<String> readStrings(CDR cdr) {
    int n = count(cdr, MAX_ELEMENTS);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString(cdr));
    }
    return List.copyOf(out);
  }

  /** A sequence length, refused above {@code bound}. */
  static int count(CDR cdr, int bound) {
    int n = cdr.read_type_2();
    if (n < 0 || n > bound) {
      throw new IllegalArgumentException("sequence of " + Integer.toUnsignedString(n) + " elements exceeds its bound of " + bound);
    }
    return n;
  }
}
