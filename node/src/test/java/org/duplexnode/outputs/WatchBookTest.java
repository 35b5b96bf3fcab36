package org.duplexnode.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ports.Watch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WatchBookTest {
  @Test
  void addRemoveClearAndExpire() {
    WatchBook b = new WatchBook();
    assertThat(b.add("a", "door opens", false, 0, 0)).isEmpty();
    assertThat(b.add("b", "light turns green", false, 5, 1_000)).isEmpty();
    assertThat(b.add("a", "again", false, 0, 0)).contains("watch 'a' is already active");
    assertThat(b.add("", "x", false, 0, 0)).isPresent();
    assertThat(b.add("c", " ", false, 0, 0)).isPresent();
    assertThat(b.add("c", "x", false, Double.NaN, 0)).isPresent();
    assertThat(b.expire(5_000_000_000L)).isFalse();
    assertThat(b.expire(5_000_001_000L)).isTrue();
    assertThat(b.active()).extracting(Watch::id).containsExactly("a");
    assertThat(b.remove("a")).isTrue();
    assertThat(b.remove("a")).isFalse();
    b.add("z", "x", false, 0, 0);
    assertThat(b.clear()).isTrue();
    assertThat(b.active()).isEmpty();
  }

  @Test
  void refusesMoreThanTheLimit() {
    WatchBook b = new WatchBook();
    for (int i = 0; i < WatchBook.MAX_WATCHES; i++) {
      assertThat(b.add("w" + i, "c", false, 0, 0)).isEmpty();
    }
    assertThat(b.add("one-more", "c", false, 0, 0)).contains("at most 256 watches may be active");
  }

  @Test
  void attributionPrefersSharedWordsAndCountsFirings() {
    WatchBook b = new WatchBook();
    b.add("door", "tell me when the door opens", false, 0, 0);
    b.add("light", "tell me when the light turns green", false, 0, 1);
    assertThat(b.attribute("The door is open... door opens!")).get().extracting(Watch::id).isEqualTo("door");
    assertThat(b.attribute("The light is green.")).get().extracting(Watch::id).isEqualTo("light");
    assertThat(b.active()).filteredOn(w -> w.id().equals("door")).extracting(Watch::firedCount).containsExactly(1);
  }

  @Test
  void anUnpromptedRemarkAboutNoWatchFiresNoneAndLeavesOnceWatchesArmed() {
    WatchBook b = new WatchBook();
    b.add("door", "tell me when the door opens", true, 0, 0);
    b.add("light", "tell me when the light turns green", true, 0, 1);
    // "Look!" used to go to the newest watch, consuming it: it shares nothing with either condition
    assertThat(b.attribute("Look!")).isEmpty();
    assertThat(b.attribute("Hello, nice weather today, isn't it?")).isEmpty();
    assertThat(b.attribute("Tell me when you are there.")).as("only stop words shared").isEmpty();
    assertThat(b.active()).extracting(Watch::id).containsExactly("door", "light");
    assertThat(b.active()).extracting(Watch::firedCount).containsExactly(0, 0);
  }

  @Test
  void aSingleArmedWatchIsNotAnsweredByAnUnrelatedRemark() {
    WatchBook b = new WatchBook();
    b.add("door", "tell me when the door opens", true, 0, 0);
    assertThat(b.attribute("I am happy to help.")).isEmpty();
    assertThat(b.active()).extracting(Watch::id).containsExactly("door");
    assertThat(b.attribute("Someone opened the door.")).get().extracting(Watch::id).isEqualTo("door");
    assertThat(b.active()).as("once: removed when it fires").isEmpty();
  }

  @Test
  void chineseConditionsAreMatchedByChineseUtterances() {
    WatchBook b = new WatchBook();
    b.add("door", "前门打开的时候告诉我", true, 0, 0);
    b.add("light", "红绿灯变绿的时候告诉我", true, 0, 1);
    assertThat(b.attribute("你好，今天过得怎么样？")).isEmpty();
    assertThat(b.attribute("红绿灯变绿了。")).get().extracting(Watch::id).isEqualTo("light");
    assertThat(b.attribute("有人把门打开了。")).get().extracting(Watch::id).isEqualTo("door");
    assertThat(b.active()).isEmpty();
  }

  @Test
  void exactTiesGoToTheNewestWatchWhateverTheOrderOfTheirTerms() {
    WatchBook b = new WatchBook();
    b.add("first", "the red door", false, 0, 0);
    b.add("second", "the door red", false, 0, 1);
    assertThat(b.attribute("a red door")).get().extracting(Watch::id).isEqualTo("second");
  }

  @Test
  void theScoreSaysWhichTermsCountedAndHowMuch() {
    var s = WatchAttribution.score("The doors opened", new Watch("d", "tell me when the door opens", true, 0, 0, 0));
    assertThat(s.shared()).containsExactly("door", "open");
    assertThat(s.evidence()).isEqualTo(2.0);
    assertThat(s.coverage()).isEqualTo(1.0);
    assertThat(WatchAttribution.stem("opening")).isEqualTo(WatchAttribution.stem("opens")).isEqualTo("open");
  }
}
