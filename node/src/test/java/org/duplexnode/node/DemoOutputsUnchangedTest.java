package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's output bag holds the same messages as the recorded one: every message, by topic, log
 * time and a hash of its bytes (~/state and ~/events by topic and time only: the state's compute
 * times and the event's latency are measured, and an event's id is random; DemoAlertTest checks
 * the event's content). Messages
 * of one log time are compared in topic order: the inputs copied into the bag and the outputs are
 * written from different threads.
 * The recording (demo-outputs.txt) was made from the demo bag through the bundled tiny model with
 * greedy decoding; a change to how the node is put together must not change a line of it. When a
 * change to the model or the outputs changes it on purpose, the actual lines are written to
 * target/demo-outputs.actual.txt to review and copy over.
 */
@Tag("integration")
class DemoOutputsUnchangedTest {
  @TempDir Path dir;

  @Test
  void theDemoOutputBagHoldsTheRecordedMessages() throws Exception {
    ReplayRunTest run = new ReplayRunTest();
    run.dir = dir;
    ReplayRun.Outcome outcome = run.replay("demo", 0);
    List<String> actual = messages(outcome.outputBag());
    List<String> expected;
    try (InputStream in = getClass().getResourceAsStream("demo-outputs.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    Path target = Path.of("target", "demo-outputs.actual.txt");
    Files.createDirectories(target.getParent());
    Files.write(target, actual);
    assertThat(actual).as("output messages of the demo (actual in %s)", target.toAbsolutePath())
        .hasSizeGreaterThan(150).containsExactlyElementsOf(expected);
  }

  static List<String> messages(Path bag) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    try (org.duplexnode.bag.Bag b = org.duplexnode.bag.Bag.open(bag)) {
      for (var it = b.messages(); it.hasNext(); ) {
        org.duplexnode.bag.BagMessage m = it.next();
        out.add(m.topic() + "@" + m.logTimeNs()
            + (measured(m.topic()) ? "" : ":" + java.util.Arrays.hashCode(m.data())));
      }
    }
    out.sort(java.util.Comparator.comparingLong(DemoOutputsUnchangedTest::logTime)
        .thenComparing(java.util.Comparator.naturalOrder()));
    return out;
  }

  /** Topics whose messages carry measured times or random ids, compared by topic and log time. */
  static boolean measured(String topic) {
    return topic.endsWith("/state") || topic.endsWith("/events");
  }

  private static long logTime(String line) {
    int at = line.indexOf('@');
    int colon = line.indexOf(':', at);
    return Long.parseLong(line.substring(at + 1, colon < 0 ? line.length() : colon));
  }
}
