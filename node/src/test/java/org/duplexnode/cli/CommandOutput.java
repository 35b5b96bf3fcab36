package org.duplexnode.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.LoggerFactory;

/** One in-process run of {@code duplex-node}: its exit code and what it printed on stdout and stderr. */
record CommandOutput(int exit, String out, String err) {
  static synchronized CommandOutput execute(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int exit = DuplexNodeCommand.execute(args);
      return new CommandOutput(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      resetLogLevels();
    }
  }

  /** --log-level changes the JVM's loggers; later tests start from logback.xml's levels again. */
  static void resetLogLevels() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    for (String name : List.of(LogLevels.NODE_LOGGER, "org.duplexnode.mqtt", "org.duplexnode.bag")) {
      ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
    }
  }

  /** The lines on stderr that are not log lines ("[INFO] ...") nor a stack trace's: what the command itself said. */
  List<String> errorLines() {
    // "INFO: Instrumented ..." is the fuzzing agent of the same test JVM announcing a class it
    // hooked on first load, not the node.
    return err.lines().filter(l -> !l.startsWith("[") && !l.startsWith("\t") && !l.startsWith("INFO: Instrumented "))
        .toList();
  }
}
