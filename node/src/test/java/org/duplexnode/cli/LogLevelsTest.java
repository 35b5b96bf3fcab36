package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ros.NodeIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code --log-level} as rcl takes it, on the node's Java loggers. */
@Tag("unit")
class LogLevelsTest {
  private static final NodeIdentity NODE = new NodeIdentity("head", "/robot1");

  @AfterEach
  void reset() {
    CommandOutput.resetLogLevels();
  }

  @Test
  void rosLoggerNamesMapToTheNodesJavaLoggers() {
    assertThat(LogLevels.rosName(NODE)).isEqualTo("robot1.head");
    assertThat(LogLevels.javaName("robot1.head", NODE)).isEqualTo("org.duplexnode");
    assertThat(LogLevels.javaName("head", NODE)).isEqualTo("org.duplexnode");
    assertThat(LogLevels.javaName("head.mqtt", NODE)).isEqualTo("org.duplexnode.mqtt");
    assertThat(LogLevels.javaName("robot1.head.bag", NODE)).isEqualTo("org.duplexnode.bag");
    assertThat(LogLevels.javaName("us.ihmc", NODE)).isEqualTo("us.ihmc");
    assertThat(LogLevels.rosName(new NodeIdentity("duplex_node", "/"))).isEqualTo("duplex_node");
  }

  @Test
  void theDefaultLevelSetsEveryLoggerAndANamedOneOnlyItsOwn() {
    LogLevels.apply(RosArgsParser.parse("--ros-args", "--log-level", "WARN", "--log-level", "head.mqtt:=debug"), NODE);
    assertThat(LoggerFactory.getLogger("org.duplexnode.cli.RunCommand").isInfoEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("org.duplexnode.cli.RunCommand").isWarnEnabled()).isTrue();
    assertThat(LoggerFactory.getLogger("org.duplexnode.mqtt.MqttBridge").isDebugEnabled()).isTrue();
  }

  @Test
  void fatalShowsErrorsOnly() {
    LogLevels.apply(RosArgsParser.parse("--ros-args", "--log-level", "fatal"), NODE);
    assertThat(LoggerFactory.getLogger("org.duplexnode.x").isWarnEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("org.duplexnode.x").isErrorEnabled()).isTrue();
  }

  @Test
  void aFailureShowsItsStackTraceOnlyAtDebug() {
    String[] bad = {"run", "--ros-args", "-p", "model.package:=/nonexistent/model", "--log-level"};
    CommandOutput info = CommandOutput.execute(concat(bad, "info"));
    assertThat(info.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(info.err()).doesNotContain("\tat ");
    CommandOutput debug = CommandOutput.execute(concat(bad, "debug"));
    assertThat(debug.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(debug.errorLines().get(0)).isEqualTo("duplex-node run: parameter model.package (/nonexistent/model): no such folder");
    assertThat(debug.err()).contains("\tat org.duplexnode.cli.NodeSetup.checkedModelDir");
  }

  private static String[] concat(String[] a, String last) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }
}
