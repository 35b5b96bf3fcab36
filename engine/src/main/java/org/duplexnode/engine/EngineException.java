package org.duplexnode.engine;

/** A graph that cannot be loaded or run; the message names the graph and what went wrong. */
public final class EngineException extends RuntimeException {
  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
