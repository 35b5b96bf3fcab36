package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.duplexnode.config.RosArgs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command the code has is in docs/interfaces.md's command-line table and in the exit-code
 * table of docs/reliability.md, so neither falls behind when a command is added.
 */
@Tag("unit")
class CommandDocsTest {
  @Test
  void everyCommandIsInTheCommandLineTableAndTheExitCodeTable() throws Exception {
    String interfaces = section(Files.readString(ExitCodesTest.ROOT.resolve("docs/interfaces.md")), "## Command line");
    String reliability = section(Files.readString(ExitCodesTest.ROOT.resolve("docs/reliability.md")), "## 6. Exit codes");
    List<String> commands = new ArrayList<>();
    leaves(DuplexNodeCommand.commandLine(RosArgs.empty()), commands);
    assertThat(commands).contains("run", "demo", "replay", "bag info", "engines check", "make-demo-bag");
    for (String c : commands) {
      assertThat(interfaces).as("interfaces.md lists %s", c).contains("| `duplex-node " + c + " ");
      assertThat(reliability).as("reliability.md has exit codes of %s", c).contains("| `" + c + "` |");
    }
  }

  private static void leaves(CommandLine c, List<String> out) {
    if (c.getSubcommands().isEmpty()) {
      out.add(c.getCommandSpec().qualifiedName().substring("duplex-node ".length()));
    }
    c.getSubcommands().values().forEach(sub -> leaves(sub, out));
  }

  private static String section(String doc, String heading) {
    int start = doc.indexOf(heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = doc.indexOf("\n## ", start + heading.length());
    return end < 0 ? doc.substring(start) : doc.substring(start, end);
  }
}
