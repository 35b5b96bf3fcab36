package org.duplexnode.ros;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 for ROS 2 strings through ihmc's CDR, which writes each Java char as its low byte and
 * reads each byte back as a sign-extended char: non-ASCII text would be mangled both ways. The
 * generated classes therefore carry one char per UTF-8 byte; the bounds then count bytes, as
 * ROS 2 does.
 */
public final class WireStrings {
  private WireStrings() {}

  /** The value to put into a generated message's string field. */
  public static String encode(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    char[] chars = new char[utf8.length];
    for (int i = 0; i < utf8.length; i++) {
      chars[i] = (char) (utf8[i] & 0xff);
    }
    return new String(chars);
  }

  /** The text of a string field read by a generated message. */
  public static String decode(CharSequence field) {
    byte[] utf8 = new byte[field.length()];
    for (int i = 0; i < utf8.length; i++) {
      utf8[i] = (byte) field.charAt(i);
    }
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
