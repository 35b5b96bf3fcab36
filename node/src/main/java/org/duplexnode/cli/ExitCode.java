package org.duplexnode.cli;

/**
 * The process exit codes of every command, one table for all of them (docs/reliability.md, "Exit
 * codes"). Configuration errors get their own code so a supervisor (the systemd unit) can stop
 * restarting a node that will never start.
 */
public enum ExitCode {
  /** The command did what it was asked. */
  OK(0),
  /** The run completed but scenario checks failed (replay, demo), or a checked package is invalid. */
  CHECKS_FAILED(1),
  /** Bad input or configuration: a parameter, file, bag or model package that cannot be used. */
  BAD_INPUT(2),
  /** The command started but failed while running: the model died, the disk filled, I/O failed. */
  RUNTIME_FAILURE(3),
  /** Stopped by SIGINT (128 + 2), as a shell reports it. */
  INTERRUPTED(130),
  /** Stopped by SIGTERM (128 + 15), as a shell reports it. */
  TERMINATED(143);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  public int code() {
    return code;
  }
}
