package org.duplexnode.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
  void attributionPrefersSharedWordsThenTheNewestAndCountsFirings() {
    WatchBook b = new WatchBook();
    b.add("door", "tell me when the door opens", false, 0, 0);
    b.add("light", "tell me when the light turns green", false, 0, 1);
    assertThat(b.attribute("The door is open... door opens!")).get().extracting(Watch::id).isEqualTo("door");
    assertThat(b.attribute("Look!")).get().extracting(Watch::id).isEqualTo("light");
    assertThat(b.active()).filteredOn(w -> w.id().equals("door")).extracting(Watch::firedCount).containsExactly(1);
  }
}
