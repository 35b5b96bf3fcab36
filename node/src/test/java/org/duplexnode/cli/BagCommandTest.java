package org.duplexnode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.duplexnode.bag.RosbagTestData.rosbag2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("unit")
class BagCommandTest {
  @Test
  void infoPrintsJson() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BagCommand());
    cli.setOut(new PrintWriter(out));
    int code = cli.execute("info", rosbag2("mcap", "talker").toString(), "--json");
    assertThat(code).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("message_count").asLong()).isEqualTo(20);
    assertThat(json.get("topics")).extracting(t -> t.get("name").asText())
        .containsExactly("/parameter_events", "/rosout", "/topic");
  }

  @Test
  void infoPrintsText() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BagCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("info", rosbag2("sqlite3", "talker").toString())).isZero();
    assertThat(out.toString()).contains("Storage id:        sqlite3\n").contains("Messages:          20\n")
        .contains("Topic: /topic | Type: std_msgs/msg/String | Count: 10 | Serialization Format: cdr\n");
  }

  @Test
  void missingBagIsBadInputAndSaysWhy() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BagCommand());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("info", "/no/such/bag")).isEqualTo(ExitCode.BAD_INPUT.code());
    assertThat(err.toString()).isEqualTo("duplex-node bag info: cannot read /no/such/bag: no bag there\n");
  }
}
