package org.duplexnode.ports;

/**
 * A natural-language condition a behaviour asked the node to watch for.
 *
 * @param expiresNs 0 when it never expires
 */
public record Watch(String id, String condition, boolean once, long addedNs, long expiresNs, int firedCount) {
  public Watch fired() {
    return new Watch(id, condition, once, addedNs, expiresNs, firedCount + 1);
  }

  public boolean expiredAt(long nowNs) {
    return expiresNs > 0 && nowNs >= expiresNs;
  }
}
