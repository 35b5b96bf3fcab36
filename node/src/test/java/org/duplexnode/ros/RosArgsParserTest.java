package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsException;
import org.duplexnode.config.RosArgsParser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RosArgsParserTest {

  @Test
  void separatesRosArgumentsFromApplicationArguments() {
    RosArgs a = RosArgsParser.parse("run", "--model", "m", "--ros-args", "-r", "chatter:=talk",
        "-p", "rate:=3", "--", "--verbose");
    assertThat(a.otherArgs()).containsExactly("run", "--model", "m", "--verbose");
    assertThat(a.remaps()).containsExactly(new RosArgs.Remap(Optional.empty(), "chatter", "talk"));
    assertThat(a.parameters()).containsExactly(new RosArgs.ParameterOverride("rate", "3"));
  }

  @Test
  void readsEveryRosFormInSeveralSections() {
    RosArgs a = RosArgsParser.parse("--ros-args", "--remap", "my_node:/in:=/out", "--param", "a.b:=[1, 2]",
        "--params-file", "/tmp/p.yaml", "--log-level", "debug", "-e", "/robot", "--disable-rosout-logs",
        "--", "x", "--ros-args", "-r", "__ns:=/r1", "-r", "__node:=head");
    assertThat(a.remaps()).containsExactly(
        new RosArgs.Remap(Optional.of("my_node"), "/in", "/out"),
        new RosArgs.Remap(Optional.empty(), "__ns", "/r1"),
        new RosArgs.Remap(Optional.empty(), "__node", "head"));
    assertThat(a.parameters()).containsExactly(new RosArgs.ParameterOverride("a.b", "[1, 2]"));
    assertThat(a.paramsFiles()).containsExactly(Path.of("/tmp/p.yaml"));
    assertThat(a.logLevel()).contains("debug");
    assertThat(a.enclave()).contains("/robot");
    assertThat(a.otherArgs()).containsExactly("x");
  }

  @Test
  void logLevelsAsRclTakesThem() {
    RosArgs a = RosArgsParser.parse("--ros-args", "--log-level", "WARN", "--log-level", "head.mqtt:=Debug",
        "--log-level", "fatal");
    assertThat(a.logLevels()).containsExactly(new RosArgs.LogLevel(Optional.empty(), "warn"),
        new RosArgs.LogLevel(Optional.of("head.mqtt"), "debug"), new RosArgs.LogLevel(Optional.empty(), "fatal"));
    assertThat(a.logLevel()).contains("fatal");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "--log-level", "NOPE"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("'NOPE' is not a log level");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "--log-level", "head:=verbose"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("'verbose' is not a log level");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "--log-level", ":=debug"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("empty logger name");
  }

  @Test
  void nodeNameAndNamespaceOverridesTakeTheLastRuleForThisNode() {
    RosArgs a = RosArgsParser.parse("--ros-args", "-r", "__node:=a", "-r", "other:__node:=b",
        "-r", "__node:=c", "-r", "__ns:=/x/y");
    assertThat(NodeIdentity.from("duplex_node", a)).isEqualTo(new NodeIdentity("c", "/x/y"));
    assertThat(a.nodeNameOverride("other")).contains("c");
  }

  @Test
  void rejectsMalformedArgumentsWithAMessageNamingThem() {
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "-r", "nocolon"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("nocolon");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "-p"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("-p needs a value");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "--bogus"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "-r", "__ns:=relative"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("absolute");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "-r", "a//b:=c"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("invalid part");
    assertThatThrownBy(() -> RosArgsParser.parse("--ros-args", "-p", "1x:=2"))
        .isInstanceOf(RosArgsException.class).hasMessageContaining("1x");
  }

  @Test
  void withoutRosArgsEverythingIsForTheApplication() {
    RosArgs a = RosArgsParser.parse("-r", "a:=b");
    assertThat(a.otherArgs()).isEqualTo(List.of("-r", "a:=b"));
    assertThat(a.remaps()).isEmpty();
  }
}
