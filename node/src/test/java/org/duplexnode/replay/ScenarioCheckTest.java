package org.duplexnode.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.outputs.ProactiveAlert;
import org.duplexnode.outputs.SpeechChunk;
import org.duplexnode.outputs.TranscriptUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioCheckTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1000 * S;

  @TempDir Path dir;

  static RunRecord run(boolean interruptedInTime) {
    RunRecord r = new RunRecord();
    r.start(T0);
    for (int i = 0; i < 10; i++) {
      r.unit(new UnitRecord(i, T0 + i * S, T0 + (i + 1) * S, i >= 4 && i < 8, "", 0.2, 1.0, 0, i == 9 ? 2 : 0, false));
    }
    r.event(new SpeechChunk(1, 4, T0 + 5 * S, new short[10], true, false, false));
    r.event(new TranscriptUpdate(1, 4, T0 + 5 * S, "The light", "The light", false, true, false, T0 + 4 * S, T0 + 5 * S));
    r.event(new ProactiveAlert("e1", "utterance", "The light is green", "w1", "light green", 1, 4, "cam", -1,
        T0 + 5 * S, 0.1));
    r.event(new SpeechChunk(1, 5, T0 + 6 * S, new short[10], false, false, false));
    r.forceListen(T0 + 6 * S + 200_000_000L);
    long end = interruptedInTime ? T0 + 7 * S : T0 + 9 * S;
    r.event(new SpeechChunk(1, 6, end, new short[0], false, true, true));
    return r;
  }

  Scenario scenario(String yaml) throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, yaml);
    return Scenario.load(f);
  }

  @Test
  void passingAndFailingChecksSayWhy() throws Exception {
    Scenario s = scenario(String.join("\n", "name: demo", "checks:",
        "  - event: {text: \"(?i)green\", from_s: 3, to_s: 8, watch: w1}",
        "  - event: {text: \"red\"}",
        "  - no_speech: {from_s: 0, to_s: 4}",
        "  - no_speech: {from_s: 0, to_s: 10}",
        "  - speech: {from_s: 4, to_s: 7}",
        "  - transcript: {text: light}",
        "  - barge_in: {within_ms: 1000}",
        "  - max_drops: 1", ""));
    List<ScenarioCheck.Result> r = ScenarioCheck.evaluate(s, run(true));
    assertThat(r).extracting(ScenarioCheck.Result::passed)
        .containsExactly(true, false, true, false, true, true, true, false);
    assertThat(r.get(1).detail()).contains("The light is green");
    assertThat(r.get(3).detail()).contains("speech at 5.00 s");
    assertThat(r.get(7).detail()).isEqualTo("2 dropped");

    List<ScenarioCheck.Result> late = ScenarioCheck.evaluate(scenario("checks:\n  - barge_in: {within_ms: 1000}\n"), run(false));
    assertThat(late.get(0).passed()).isFalse();
    assertThat(late.get(0).detail()).contains("ended at 9.00 s");
  }

  @Test
  void badScenariosAreClearErrors() {
    assertThatThrownBy(() -> scenario("checks:\n  - nonsense: 1\n")).hasMessageContaining("unknown check");
    assertThatThrownBy(() -> scenario("checks:\n  - no_speech: {from_s: 0}\n")).hasMessageContaining("'to_s'");
    assertThatThrownBy(() -> scenario("checks:\n  - event: {text: \"(\"}\n")).hasMessageContaining("regular expression");
    assertThatThrownBy(() -> scenario("name: x\n")).hasMessageContaining("'checks' list");
  }

  @Test
  void writesJUnitXmlAndAnHtmlReport() throws Exception {
    RunRecord r = run(true);
    List<ScenarioCheck.Result> results = ScenarioCheck.evaluate(
        scenario("checks:\n  - max_drops: 0\n  - transcript: {text: light}\n"), r);
    Path xml = dir.resolve("junit.xml");
    JUnitXml.write(xml, "demo <scenario>", results, 1.5);
    String x = Files.readString(xml);
    assertThat(x).contains("tests=\"2\" failures=\"1\"").contains("name=\"demo &lt;scenario&gt;\"")
        .contains("<failure message=\"2 dropped\"/>");
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());

    Path html = dir.resolve("report.html");
    HtmlReport.write(html, "Replay of demo", r, results);
    String h = Files.readString(html);
    assertThat(h).contains("<svg").contains("The light is green").contains("FAIL").contains("10 units (4 speaking)");
  }
}
