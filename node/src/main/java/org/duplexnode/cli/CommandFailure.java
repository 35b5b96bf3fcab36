package org.duplexnode.cli;

/** A command cannot go on: its exit code, and the one line that says why (naming the file or parameter). */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode code;

  CommandFailure(ExitCode code, String message) {
    this(code, message, null);
  }

  CommandFailure(ExitCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  static CommandFailure badInput(String message) {
    return new CommandFailure(ExitCode.BAD_INPUT, message);
  }

  static CommandFailure badInput(String message, Throwable cause) {
    return new CommandFailure(ExitCode.BAD_INPUT, message, cause);
  }

  ExitCode code() {
    return code;
  }
}
