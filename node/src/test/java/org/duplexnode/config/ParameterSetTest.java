package org.duplexnode.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ParameterSetTest {
  private static final List<ParameterDeclaration> DECLARED = List.of(
      ParameterDeclaration.of("use_sim_time", ParameterType.BOOL, false, "Follow /clock."),
      ParameterDeclaration.of("audio.sample_rate", ParameterType.INTEGER, 16000, "Rate.")
          .must("between 8000 and 192000", v -> (Long) v >= 8000 && (Long) v <= 192000),
      ParameterDeclaration.of("session.max_frame_age_s", ParameterType.DOUBLE, 2.0, "Age."),
      ParameterDeclaration.of("session.queue_policy", ParameterType.STRING, "drop_oldest", "Policy.")
          .oneOf("drop_oldest", "block"),
      ParameterDeclaration.of("dds.interfaces", ParameterType.STRING_ARRAY, List.of(), "Interfaces."));

  @TempDir Path dir;

  @Test
  void defaultsThenFilesThenOverridesInOrder() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, String.join("\n",
        "/**:",
        "  ros__parameters:",
        "    use_sim_time: true",
        "    audio:",
        "      sample_rate: 48000",
        "/r1/duplex_node:",
        "  ros__parameters:",
        "    session.max_frame_age_s: 1",
        "other_node:",
        "  ros__parameters:",
        "    session.queue_policy: block",
        ""));
    ParameterSet p = new ParameterSet(DECLARED).apply(RosArgsParser.parse("--ros-args",
        "--params-file", f.toString(), "-p", "audio.sample_rate:=44100", "-p", "dds.interfaces:=['127.0.0.1']"),
        "/r1/duplex_node");
    assertThat(p.getBool("use_sim_time")).isTrue();
    assertThat(p.getLong("audio.sample_rate")).isEqualTo(44100);
    assertThat(p.getDouble("session.max_frame_age_s")).isEqualTo(1.0);
    assertThat(p.getString("session.queue_policy")).isEqualTo("drop_oldest");
    assertThat(p.getStringList("dds.interfaces")).containsExactly("127.0.0.1");
    assertThat(p.describe()).contains("audio.sample_rate = 44100 (-p)");
  }

  @Test
  void wrongTypesAndRuleViolationsNameTheParameter() {
    assertThatThrownBy(() -> new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "-p", "use_sim_time:=maybe"), "/duplex_node"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("use_sim_time").hasMessageContaining("bool");
    assertThatThrownBy(() -> new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "-p", "audio.sample_rate:=7"), "/duplex_node"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("between 8000 and 192000");
    assertThatThrownBy(() -> new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "-p", "session.queue_policy:=fifo"), "/duplex_node"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("one of [drop_oldest, block]");
  }

  @Test
  void unknownNamesAreReportedNotFatal() {
    ParameterSet p = new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "-p", "no_such:=1"), "/duplex_node");
    assertThat(p.unknown()).containsExactly("no_such (from -p)");
  }

  @Test
  void malformedFilesAreClearErrors() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "duplex_node:\n  parameters:\n    a: 1\n");
    assertThatThrownBy(() -> new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "--params-file", f.toString()), "/duplex_node"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("ros__parameters");
    assertThatThrownBy(() -> new ParameterSet(DECLARED).apply(
        RosArgsParser.parse("--ros-args", "--params-file", dir.resolve("missing.yaml").toString()), "/duplex_node"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("missing.yaml");
  }

  @Test
  void nodeNamePatternsFollowRos() {
    assertThat(ParamsFile.matches("/**", "/a/b/n")).isTrue();
    assertThat(ParamsFile.matches("n", "/n")).isTrue();
    assertThat(ParamsFile.matches("n", "/a/n")).isFalse();
    assertThat(ParamsFile.matches("/**/n", "/a/b/n")).isTrue();
    assertThat(ParamsFile.matches("/a/*", "/a/n")).isTrue();
    assertThat(ParamsFile.matches("/a/*", "/a/b/n")).isFalse();
  }
}
