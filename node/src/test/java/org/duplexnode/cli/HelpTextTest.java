package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.duplexnode.config.RosArgs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * {@code --help} of every command reads as whole sentences: each paragraph of a description (the
 * first is the summary in the parent's command list) and each option's text is a sentence that
 * ends with a period, so no summary stops mid-sentence.
 */
@Tag("unit")
class HelpTextTest {
  @Test
  void everyDescriptionParagraphAndOptionIsAWholeSentence() {
    List<String> cutOff = new ArrayList<>();
    for (CommandLine c : all(DuplexNodeCommand.commandLine(RosArgs.empty()))) {
      CommandSpec spec = c.getCommandSpec();
      String name = spec.qualifiedName();
      String[] description = spec.usageMessage().description();
      if (description.length == 0) {
        cutOff.add(name + ": no description");
      }
      for (String paragraph : description) {
        check(name, paragraph, cutOff);
      }
      for (ArgSpec arg : spec.args()) {
        String text = String.join(" ", arg.description());
        check(name + " " + arg.paramLabel() + (arg.isOption() ? " " + ((CommandLine.Model.OptionSpec) arg).longestName() : ""),
            text, cutOff);
      }
    }
    assertThat(cutOff).isEmpty();
  }

  @Test
  void theCommandListShowsEachSummaryWhole() {
    String usage = DuplexNodeCommand.commandLine(RosArgs.empty()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    for (String command : List.of("run", "demo", "replay", "bag", "engines")) {
      String row = usage.lines().filter(l -> l.strip().startsWith(command + " ")).findFirst().orElseThrow();
      // The row and any wrapped continuation lines under it end the summary with a period.
      List<String> lines = usage.lines().toList();
      int i = lines.indexOf(row);
      StringBuilder summary = new StringBuilder(row.strip());
      while (i + 1 < lines.size() && indent(lines.get(i + 1)) > indent(row) && !lines.get(i + 1).isBlank()) {
        summary.append(' ').append(lines.get(++i).strip());
      }
      assertThat(summary.toString()).as(command).endsWith(".");
    }
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }

  private static void check(String where, String text, List<String> cutOff) {
    String t = text.strip();
    if (t.isEmpty() || !t.endsWith(".") || !Character.isUpperCase(t.charAt(0)) && !t.startsWith("--")) {
      cutOff.add(where + ": \"" + text + "\"");
    }
  }

  private static List<CommandLine> all(CommandLine root) {
    List<CommandLine> out = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) {
      out.addAll(all(sub));
    }
    return out;
  }
}
