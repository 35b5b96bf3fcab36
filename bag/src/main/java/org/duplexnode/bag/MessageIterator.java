package org.duplexnode.bag;

import java.util.Iterator;

/**
 * Messages of a bag in log-time order. Close it when stopping early (it may hold a database
 * cursor). Failure: {@link #hasNext()} and {@link #next()} throw {@link BagReadException} on I/O
 * errors; damaged data is skipped and reported in {@link Bag#warnings()}.
 */
public interface MessageIterator extends Iterator<BagMessage>, AutoCloseable {
  @Override
  void close();
}
