package org.duplexnode.bag;

import java.nio.file.Path;

/**
 * A child JVM for tests that hold the reader to a small heap: reads every message of the bag
 * given and prints {@code messages=N}, then one {@code warning=...} line per warning.
 */
public final class BagReadChild {
  private BagReadChild() {}

  public static void main(String[] args) throws Exception {
    long messages = 0;
    try (Bag bag = Bag.open(Path.of(args[0])); MessageIterator it = bag.messages()) {
      while (it.hasNext()) {
        it.next();
        messages++;
      }
      System.out.println("messages=" + messages);
      bag.warnings().forEach(w -> System.out.println("warning=" + w));
    }
  }
}
