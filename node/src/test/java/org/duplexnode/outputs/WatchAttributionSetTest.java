package org.duplexnode.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.ports.Watch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attribution over a hand-labelled set of proactive utterances in English and Chinese
 * (watch-attribution-cases.yaml): precision = correct attributions to a watch / all attributions
 * to some watch; recall = correct attributions to a watch / cases that expect a watch; none
 * accuracy = cases expecting no watch that got none / cases expecting no watch. The floors are
 * the figures measured when the set was written, rounded down (docs/benchmarks.md).
 */
@Tag("unit")
class WatchAttributionSetTest {
  record Case(String lang, Map<String, String> watches, String utterance, String expected) {
  }

  /** Counts over a set of cases. */
  static final class Tally {
    int cases;
    int attributed;
    int correct;
    int expectingWatch;
    int expectingNone;
    int noneRight;
    final List<String> misses = new ArrayList<>();

    void add(Case c, String got) {
      cases++;
      if (got != null) {
        attributed++;
      }
      if (c.expected() != null) {
        expectingWatch++;
        if (c.expected().equals(got)) {
          correct++;
        }
      } else {
        expectingNone++;
        if (got == null) {
          noneRight++;
        }
      }
      if (!java.util.Objects.equals(c.expected(), got)) {
        misses.add(c.lang() + " \"" + c.utterance() + "\": expected " + c.expected() + ", got " + got);
      }
    }

    double precision() {
      return attributed == 0 ? 0 : (double) correct / attributed;
    }

    double recall() {
      return (double) correct / expectingWatch;
    }

    double noneAccuracy() {
      return (double) noneRight / expectingNone;
    }

    String line(String name) {
      return String.format(java.util.Locale.ROOT, "%-7s cases %3d  precision %.3f (%d/%d)  recall %.3f (%d/%d)  "
          + "none %.3f (%d/%d)", name, cases, precision(), correct, attributed, recall(), correct, expectingWatch,
          noneAccuracy(), noneRight, expectingNone);
    }
  }

  static List<Case> cases() throws Exception {
    try (InputStream in = WatchAttributionSetTest.class.getResourceAsStream("watch-attribution-cases.yaml")) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<Case> out = new ArrayList<>();
      for (JsonNode g : root.get("groups")) {
        Map<String, String> watches = new LinkedHashMap<>();
        g.get("watches").fields().forEachRemaining(e -> watches.put(e.getKey(), e.getValue().asText()));
        for (JsonNode c : g.get("cases")) {
          String expected = c.get(1).isNull() ? null : c.get(1).asText();
          assertThat(expected == null || watches.containsKey(expected)).as(c.toString()).isTrue();
          out.add(new Case(g.get("lang").asText(), watches, c.get(0).asText(), expected));
        }
      }
      return out;
    }
  }

  static String attribute(Case c) {
    WatchBook book = new WatchBook();
    long t = 0;
    for (var w : c.watches().entrySet()) {
      assertThat(book.add(w.getKey(), w.getValue(), true, 0, t++)).isEmpty();
    }
    String got = book.attribute(c.utterance()).map(Watch::id).orElse(null);
    if (got == null) {
      assertThat(book.active()).as("no once watch is consumed by an unattributed utterance").hasSize(c.watches().size());
    }
    return got;
  }

  @Test
  void precisionAndRecallStayAboveTheMeasuredFigures() throws Exception {
    List<Case> cases = cases();
    Map<String, Tally> byLang = new LinkedHashMap<>();
    Tally all = new Tally();
    for (Case c : cases) {
      String got = attribute(c);
      byLang.computeIfAbsent(c.lang(), k -> new Tally()).add(c, got);
      all.add(c, got);
    }
    byLang.forEach((lang, t) -> System.out.println(t.line(lang)));
    System.out.println(all.line("overall"));
    all.misses.forEach(m -> System.out.println("  miss: " + m));

    assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
    assertThat(byLang.get("en").cases).isGreaterThanOrEqualTo(100);
    assertThat(byLang.get("zh").cases).isGreaterThanOrEqualTo(100);
    assertFloor(byLang.get("en"), 0.93, 1.00, 0.91);
    assertFloor(byLang.get("zh"), 0.96, 0.96, 0.95);
    assertFloor(all, 0.95, 0.98, 0.93);
  }

  private static void assertFloor(Tally t, double precision, double recall, double none) {
    assertThat(t.precision()).as("precision").isGreaterThanOrEqualTo(precision);
    assertThat(t.recall()).as("recall").isGreaterThanOrEqualTo(recall);
    assertThat(t.noneAccuracy()).as("none accuracy").isGreaterThanOrEqualTo(none);
  }
}
