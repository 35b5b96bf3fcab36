package org.duplexnode.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.duplexnode.ports.ProactiveAlert;
import org.duplexnode.ports.SpeechChunk;
import org.duplexnode.ports.TranscriptUpdate;
import org.duplexnode.ports.UnitRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@Tag("unit")
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
  void userSpeechAndBargeInNoticeChecksFollowTheUsersVoiceAndState() throws Exception {
    RunRecord r = run(true);
    r.event(org.duplexnode.ports.UserSpeechChange.start(T0 + 3 * S + 100_000_000L, T0 + 3 * S));
    r.event(org.duplexnode.ports.UserSpeechChange.end(T0 + 4 * S, T0 + 3 * S, T0 + 3 * S + 900_000_000L));
    r.event(new org.duplexnode.ports.StateUpdate(T0 + 3 * S, true, 3, 1, 0.2, 1.0, 0, 0, 0, 0, 300, false)
        .bargeInAt(T0 + 3 * S + 32_000_000L));
    r.event(new org.duplexnode.ports.StateUpdate(T0 + 6 * S, true, 6, 2, 0.2, 1.0, 0, 0, 0, 0, 300, false)
        .bargeInAt(T0 + 6 * S));
    Scenario s = scenario(String.join("\n", "checks:",
        "  - user_speech: {from_s: 2.9, to_s: 3.2}",
        "  - user_speech: {from_s: 5, to_s: 6}",
        "  - no_user_speech: {to_s: 2.9}",
        "  - no_user_speech: {from_s: 2, to_s: 4}",
        "  - barge_in_notice: {from_s: 3, to_s: 3.1}",
        "  - barge_in_notice: {from_s: 5, to_s: 7}", ""));
    List<ScenarioCheck.Result> results = ScenarioCheck.evaluate(s, r);
    assertThat(results).extracting(ScenarioCheck.Result::passed).containsExactly(true, false, true, false, true, false);
    assertThat(results.get(1).detail()).contains("starts at [3.00] s");
    assertThat(results.get(3).detail()).contains("user speech from 3.00 s");
    assertThat(results.get(5).detail()).as("the first barge-in decides").contains("first at 3.03 s (onset), 2 in the run");
    List<ScenarioCheck.Result> none = ScenarioCheck.evaluate(scenario("checks:\n  - barge_in_notice: {from_s: 0, to_s: 9}\n"),
        quietRun());
    assertThat(none.get(0).passed()).isFalse();
    assertThat(none.get(0).detail()).isEqualTo("no barge-in on ~/state in the run");
  }

  @Test
  void modelInputChecksTheLevelOfEveryUnitInTheWindow() throws Exception {
    RunRecord r = new RunRecord();
    r.start(T0);
    double[] levels = {-22, -58, -60, -27};
    for (int i = 0; i < levels.length; i++) {
      r.unit(new UnitRecord(i, T0 + i * S, T0 + (i + 1) * S, false, "", 0.2, 1.0, 0, 0, false, levels[i]));
    }
    Scenario s = scenario(String.join("\n", "checks:",
        "  - model_input: {from_s: 1, to_s: 3, max_dbfs: -45}",
        "  - model_input: {from_s: 0, to_s: 3, max_dbfs: -45}",
        "  - model_input: {from_s: 3, to_s: 4, min_dbfs: -35}",
        "  - model_input: {from_s: 1, to_s: 4, min_dbfs: -35}",
        "  - model_input: {from_s: 5, to_s: 9, max_dbfs: -45}", ""));
    List<ScenarioCheck.Result> results = ScenarioCheck.evaluate(s, r);
    assertThat(results).extracting(ScenarioCheck.Result::status).containsExactly(ScenarioCheck.Status.PASSED,
        ScenarioCheck.Status.FAILED, ScenarioCheck.Status.PASSED, ScenarioCheck.Status.FAILED,
        ScenarioCheck.Status.SKIPPED);
    assertThat(results.get(1).detail()).isEqualTo("unit 0 (0.00 s) at -22.0 dBFS");
    assertThat(results.get(3).detail()).isEqualTo("unit 1 (1.00 s) at -58.0 dBFS");
    assertThatThrownBy(() -> scenario("checks:\n  - model_input: {from_s: 1, to_s: 2}\n"))
        .hasMessageContaining("give 'max_dbfs', 'min_dbfs' or both");
    assertThat(UnitRecord.dbfs(new float[] {0.5f, -0.5f}, 0, 2)).isCloseTo(-6.02, org.assertj.core.data.Offset.offset(0.01));
    assertThat(UnitRecord.dbfs(new float[4], 0, 4)).isEqualTo(-120);
  }

  /** Ten listening units, no speech, no events; force-listens at the given seconds. */
  static RunRecord quietRun(double... forceListensS) {
    RunRecord r = new RunRecord();
    r.start(T0);
    for (int i = 0; i < 10; i++) {
      r.unit(new UnitRecord(i, T0 + i * S, T0 + (i + 1) * S, false, "", 0.2, 1.0, 0, 0, false));
    }
    for (double t : forceListensS) {
      r.forceListen(T0 + (long) (t * S));
    }
    return r;
  }

  @Test
  void checksWithNothingToCheckAreSkippedWithTheReason() throws Exception {
    Scenario s = scenario(String.join("\n", "name: nothing to check", "checks:",
        "  - no_speech: {from_s: 20, to_s: 30}",
        "  - speech: {from_s: -5, to_s: -1}",
        "  - event: {text: green, from_s: 11, to_s: 12}",
        "  - barge_in: {within_ms: 1000}",
        "  - no_speech: {from_s: 9.5, to_s: 30}",
        "  - max_drops: 0", ""));
    List<ScenarioCheck.Result> r = ScenarioCheck.evaluate(s, quietRun(2.0));
    assertThat(r).extracting(ScenarioCheck.Result::status).containsExactly(ScenarioCheck.Status.SKIPPED,
        ScenarioCheck.Status.SKIPPED, ScenarioCheck.Status.SKIPPED, ScenarioCheck.Status.SKIPPED,
        ScenarioCheck.Status.PASSED, ScenarioCheck.Status.PASSED);
    String outside = "no unit of the run lies in the window: the units cover [0.00, 10.00] s";
    assertThat(r).extracting(ScenarioCheck.Result::detail).startsWith(outside, outside, outside,
        "no force-listen came while speech was playing (1 force-listens in the run)");
    assertThat(r).noneMatch(ScenarioCheck.Result::failsTheRun);
    assertThat(ScenarioCheck.tally(r)).isEqualTo("2 passed, 0 failed, 4 skipped, 0 errors");

    List<ScenarioCheck.Result> empty = ScenarioCheck.evaluate(
        scenario("checks:\n  - transcript: {text: hi}\n  - max_drops: 0\n  - no_speech: {from_s: 0, to_s: 3}\n"),
        new RunRecord());
    assertThat(empty).allSatisfy(e -> {
      assertThat(e.status()).isEqualTo(ScenarioCheck.Status.SKIPPED);
      assertThat(e.detail()).isEqualTo("the run processed no units");
    });

    Path xml = dir.resolve("junit.xml");
    JUnitXml.write(xml, "nothing to check", r, 2.0);
    Element suite = parse(xml);
    assertThat(suite.getAttribute("tests")).isEqualTo("6");
    assertThat(suite.getAttribute("skipped")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    NodeList skipped = suite.getElementsByTagName("skipped");
    assertThat(skipped.getLength()).isEqualTo(4);
    assertThat(((Element) skipped.item(3)).getAttribute("message"))
        .isEqualTo("no force-listen came while speech was playing (1 force-listens in the run)");
    assertThat(((Element) skipped.item(3).getParentNode()).getAttribute("name"))
        .isEqualTo("speech stops within 1000.0 ms of each force-listen");
    assertThat(suite.getElementsByTagName("system-out").getLength()).isEqualTo(2);

    String h = HtmlReport.render("nothing to check", quietRun(2.0), r);
    assertThat(h).contains("2 passed, 0 failed, 4 skipped, 0 errors")
        .contains("<td class=\"skip\">skipped</td><td>no force-listen came while speech was playing")
        .contains("<td class=\"skip\">skipped</td><td>" + outside).doesNotContain("FAIL");
  }

  @Test
  void everyCheckOfAnInterruptedRunIsAnError() throws Exception {
    RunRecord r = run(true);
    r.interrupted("the replay was interrupted (shutdown requested) after 40 of 183 input messages");
    List<ScenarioCheck.Result> results = ScenarioCheck.evaluate(scenario(
        "checks:\n  - max_drops: 5\n  - transcript: {text: light}\n  - event: {text: red}\n"), r);
    assertThat(results).extracting(ScenarioCheck.Result::status).containsOnly(ScenarioCheck.Status.ERROR);
    assertThat(results).allMatch(ScenarioCheck.Result::failsTheRun);
    assertThat(results.get(0).detail()).isEqualTo("the replay was interrupted (shutdown requested) after 40 of 183"
        + " input messages; on the part replayed the check was passed: 2 dropped");
    assertThat(results.get(2).detail()).contains("the check was failed: 1 events, none matching");

    Path xml = dir.resolve("junit.xml");
    JUnitXml.write(xml, "interrupted", results, 2.0);
    Element suite = parse(xml);
    assertThat(suite.getAttribute("errors")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("skipped")).isEqualTo("0");
    assertThat(suite.getElementsByTagName("error").getLength()).isEqualTo(3);
    assertThat(suite.getElementsByTagName("system-out").getLength()).isZero();
    assertThat(((Element) suite.getElementsByTagName("error").item(1)).getAttribute("message"))
        .startsWith("the replay was interrupted");

    String h = HtmlReport.render("interrupted", r, results);
    assertThat(h).contains("<p class=\"error\">Interrupted: the replay was interrupted (shutdown requested) after 40")
        .contains("<td class=\"error\">ERROR</td>").contains("0 passed, 0 failed, 0 skipped, 3 errors")
        .doesNotContain("class=\"pass\"");
  }

  static Element parse(Path xml) throws Exception {
    return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
        .getDocumentElement();
  }

  /** Ten listening units; a proactive event for watch w1 raised at unit {@code unit}, after a frame of {@code frameS}. */
  static RunRecord alertAt(int unit, double frameS) {
    RunRecord r = quietRun();
    r.event(new ProactiveAlert("e1", "utterance", "The light turned green.", "w1", "light green", 1, unit, "cam",
        T0 + (long) (frameS * S), T0 + (unit + 1) * S, 0.05));
    return r;
  }

  @Test
  void anEventMustComeWithinUnitsOfAMomentAndNoneBefore() throws Exception {
    Scenario s = scenario(String.join("\n", "checks:",
        "  - event_after: {after_s: 5.0, within_units: 2, watch: w1, text: \"(?i)green\"}",
        "  - no_event: {to_s: 5.0}", ""));
    // units 4 (ends at 5 s) and 5 are the first two that can have seen what happened at 5 s
    List<ScenarioCheck.Result> inTime = ScenarioCheck.evaluate(s, alertAt(5, 5.5));
    assertThat(inTime).extracting(ScenarioCheck.Result::passed).containsExactly(true, true);
    assertThat(inTime.get(0).detail()).isEqualTo("event at 6.00 s, unit 5 (1 after unit 4, the first to end at or"
        + " after 5.00 s), frame of 5.50 s: \"The light turned green.\"");

    List<ScenarioCheck.Result> late = ScenarioCheck.evaluate(s, alertAt(6, 6.5));
    assertThat(late.get(0).passed()).isFalse();
    assertThat(late.get(0).detail()).isEqualTo("no matching event in units 4-5; events: [unit 6 7.00 s"
        + " \"The light turned green.\" (w1)]");

    List<ScenarioCheck.Result> early = ScenarioCheck.evaluate(s, alertAt(3, 3.5));
    assertThat(early).extracting(ScenarioCheck.Result::passed).containsExactly(false, false);
    assertThat(early.get(1).detail()).isEqualTo("event at 4.00 s (unit 3): \"The light turned green.\" for watch w1");

    List<ScenarioCheck.Result> otherWatch = ScenarioCheck.evaluate(scenario(
        "checks:\n  - event_after: {after_s: 5.0, within_units: 2, watch: w2}\n"), alertAt(5, 5.5));
    assertThat(otherWatch.get(0).passed()).isFalse();

    List<ScenarioCheck.Result> none = ScenarioCheck.evaluate(scenario(String.join("\n", "checks:",
        "  - no_event: {from_s: 0, to_s: 10}", "  - event_after: {after_s: 5.0, within_units: 1}",
        "  - event_after: {after_s: 11.0, within_units: 1}", "")), quietRun());
    assertThat(none).extracting(ScenarioCheck.Result::status).containsExactly(ScenarioCheck.Status.PASSED,
        ScenarioCheck.Status.FAILED, ScenarioCheck.Status.SKIPPED);
    assertThat(none.get(0).detail()).isEqualTo("0 events in the run, none in the window");
    assertThat(none.get(2).detail()).isEqualTo("no unit of the run ends at or after 11.00 s");
  }

  @Test
  void theReportJoinsAnEventToTheFrameItsUnitSaw() {
    String h = HtmlReport.render("alert", alertAt(5, 5.5), List.of());
    assertThat(h).contains("<rect class=\"frame\" x=\"655.0\"")
        .contains("<title>frame cam at 5.500 s, seen by unit 5</title>")
        .contains("<tr><td>6.000</td><td>5</td><td>utterance</td><td>w1</td><td>The light turned green.</td>"
            + "<td>5.500</td><td>0.500</td><td>0.050</td></tr>");
    assertThat(HtmlReport.render("no frame", run(true), List.of())).doesNotContain("class=\"frame\"");
  }

  @Test
  void badScenariosAreClearErrors() {
    assertThatThrownBy(() -> scenario("checks:\n  - nonsense: 1\n")).hasMessageContaining("unknown check");
    assertThatThrownBy(() -> scenario("checks:\n  - no_speech: {from_s: 0}\n")).hasMessageContaining("'to_s'");
    assertThatThrownBy(() -> scenario("checks:\n  - event: {text: \"(\"}\n")).hasMessageContaining("regular expression");
    assertThatThrownBy(() -> scenario("name: x\n")).hasMessageContaining("'checks' list");
    assertThatThrownBy(() -> scenario("checks:\n  - event_after: {after_s: 9, within_units: 0}\n"))
        .hasMessageContaining("'within_units' must be a whole number of at least 1");
    assertThatThrownBy(() -> scenario("checks:\n  - event_after: {within_units: 2}\n")).hasMessageContaining("'after_s'");
    assertThatThrownBy(() -> scenario("checks:\n  - no_event: {from_s: 2}\n")).hasMessageContaining("'to_s'");
  }

  @Test
  void writesJUnitXmlAndAnHtmlReport() throws Exception {
    RunRecord r = run(true);
    List<ScenarioCheck.Result> results = ScenarioCheck.evaluate(
        scenario("checks:\n  - max_drops: 0\n  - transcript: {text: light}\n"), r);
    Path xml = dir.resolve("junit.xml");
    JUnitXml.write(xml, "demo <scenario>", results, 1.5);
    String x = Files.readString(xml);
    assertThat(x).contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"0\"").contains("name=\"demo &lt;scenario&gt;\"")
        .contains("<failure message=\"2 dropped\"/>");
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());

    Path html = dir.resolve("report.html");
    HtmlReport.write(html, "Replay of demo", r, results);
    String h = Files.readString(html);
    assertThat(h).contains("<svg").contains("The light is green").contains("FAIL").contains("10 units (4 speaking)");
  }
}
