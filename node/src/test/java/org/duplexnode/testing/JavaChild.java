package org.duplexnode.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on the test's own class path (surefire's manifest jar keeps it
 * short), for tests that need a real process: killed, signalled, or held to resource limits.
 */
public final class JavaChild {
  private JavaChild() {}

  /** {@code java -cp <test class path> [DJL settings] mainClass args...}. */
  public static List<String> command(Class<?> mainClass, String... args) {
    return command(mainClass.getName(), args);
  }

  public static List<String> command(String mainClass, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    for (String p : List.of("DJL_CACHE_DIR", "ai.djl.offline")) {
      String v = System.getProperty(p);
      if (v != null) {
        cmd.add("-D" + p + "=" + v);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }
}
