package org.duplexnode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterDeclaration;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.ros.NodeTopics;
import org.duplexnode.ros.TopicSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docs/interfaces.md and launch/duplex_node.params.yaml say what the code does. */
@Tag("unit")
class InterfacesDocTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyTopicIsDocumentedWithItsTypeAndQos() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/interfaces.md"));
    for (TopicSpec<?> t : concat()) {
      String row = doc.lines().filter(l -> l.startsWith("| `" + t.name() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError("docs/interfaces.md has no row for " + t.name()));
      assertThat(row).as(t.name()).contains(t.rosType()).contains("| " + t.qos().name() + " |");
    }
  }

  @Test
  void everyParameterIsDocumentedWithItsDefault() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/interfaces.md"));
    for (ParameterDeclaration d : NodeParameters.all()) {
      String row = doc.lines().filter(l -> l.startsWith("| `" + d.name() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError("docs/interfaces.md has no row for parameter " + d.name()));
      String def = d.defaultValue() instanceof String s && s.isEmpty() ? "\"\"" : String.valueOf(d.defaultValue());
      assertThat(row).as(d.name()).contains("| " + def + " |");
    }
  }

  @Test
  void theParameterFileSetsEveryParameterToItsDefault() {
    Path file = ROOT.resolve("launch/duplex_node.params.yaml");
    ParameterSet fromFile = new ParameterSet(NodeParameters.all())
        .apply(RosArgsParser.parse("--ros-args", "--params-file", file.toString()), "/duplex_node");
    assertThat(fromFile.unknown()).isEmpty();
    for (String line : fromFile.describe()) {
      assertThat(line).as("every parameter is in the file").endsWith("(" + file + ")");
    }
    ParameterSet defaults = new ParameterSet(NodeParameters.all());
    assertThat(strip(fromFile)).isEqualTo(strip(defaults));
  }

  private static java.util.List<String> strip(ParameterSet p) {
    return p.describe().stream().map(l -> l.substring(0, l.lastIndexOf(" ("))).toList();
  }

  private static java.util.List<TopicSpec<?>> concat() {
    java.util.List<TopicSpec<?>> all = new java.util.ArrayList<>(NodeTopics.inputs());
    all.addAll(NodeTopics.outputs());
    return all;
  }
}
