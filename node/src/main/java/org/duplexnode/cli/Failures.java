package org.duplexnode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.RosArgsException;
import org.duplexnode.model.pkg.ModelPackageException;
import org.duplexnode.replay.ReplayInputException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * What a command that threw exits with: one line on stderr ("duplex-node replay: WHAT: WHY") and
 * the exit code of {@link ExitCode}; the stack trace only when the node logs at debug. Bad input
 * or configuration is 2 (a supervisor must not restart it); anything else that fails once the
 * command has started (a full disk, I/O, a bug) is 3, never 1, which means checks failed.
 */
final class Failures implements IExecutionExceptionHandler {
  /** How a failure ends the command. */
  record Failure(ExitCode code, String message) {}

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    Failure f = classify(e);
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + f.message());
    if (LogLevels.debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return f.code().code();
  }

  static Failure classify(Throwable e) {
    if (e instanceof CommandFailure c) {
      return new Failure(c.code(), c.getMessage());
    }
    if (e instanceof RosArgsException || e instanceof ParameterException || e instanceof ReplayInputException) {
      return new Failure(ExitCode.BAD_INPUT, e.getMessage());
    }
    if (e instanceof ModelPackageException) {
      return new Failure(ExitCode.BAD_INPUT, "model package: " + e.getMessage());
    }
    if (e instanceof UncheckedIOException u) {
      return classify(u.getCause());
    }
    if (e instanceof IOException io) {
      return new Failure(ExitCode.RUNTIME_FAILURE, describe(io));
    }
    if (e.getCause() instanceof IOException && e.getMessage() != null) {
      return new Failure(ExitCode.RUNTIME_FAILURE, e.getMessage()); // an I/O error wrapped with what it was doing
    }
    return new Failure(ExitCode.RUNTIME_FAILURE, "unexpected " + e);
  }

  /** "FILE: why" for file-system errors, which the JDK words as the bare file name or the bare reason. */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String why = f.getReason();
      if (why == null) {
        why = e instanceof NoSuchFileException ? "not found"
            : e instanceof AccessDeniedException ? "permission denied"
            : e instanceof FileAlreadyExistsException ? "is in the way (a file where a folder should be)"
            : e instanceof NotDirectoryException ? "not a folder"
            : e.getClass().getSimpleName();
      }
      return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + why;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The failure's reason, without the file name it often starts with, for a line that names the file itself. */
  static String reasonAbout(Exception e, java.nio.file.Path file) {
    String m = e instanceof IOException io ? describe(io) : String.valueOf(e.getMessage());
    for (String prefix : new String[] {file + ": ", file.toAbsolutePath() + ": "}) {
      if (m.startsWith(prefix)) {
        return m.substring(prefix.length());
      }
    }
    return m;
  }
}
