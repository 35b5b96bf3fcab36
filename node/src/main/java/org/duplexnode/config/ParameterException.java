package org.duplexnode.config;

/** A parameter value or parameter file that cannot be used; the message names the parameter. */
public final class ParameterException extends IllegalArgumentException {
  public ParameterException(String message) {
    super(message);
  }

  public ParameterException(String message, Throwable cause) {
    super(message, cause);
  }
}
