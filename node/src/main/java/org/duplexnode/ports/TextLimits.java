package org.duplexnode.ports;

import java.nio.charset.StandardCharsets;

/**
 * The byte bounds of the output messages' text fields, which every adapter applies alike so that
 * ROS 2, the output bag and MQTT carry the same text.
 */
public final class TextLimits {
  private TextLimits() {}

  /** Cuts text to a byte bound of its UTF-8 form without splitting a character. */
  public static String clip(String s, int maxBytes) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length <= maxBytes) {
      return s;
    }
    int end = maxBytes;
    while (end > 0 && (b[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }
}
