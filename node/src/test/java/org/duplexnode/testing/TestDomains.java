package org.duplexnode.testing;

import java.util.concurrent.ThreadLocalRandom;

/** DDS domain ids for tests: random in 100..199 so parallel runs on one host rarely meet. */
public final class TestDomains {
  private TestDomains() {}

  public static int random() {
    return 100 + ThreadLocalRandom.current().nextInt(100);
  }
}
