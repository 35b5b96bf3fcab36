package org.duplexnode.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WatchLanguageTest {
  @Test
  void theSettingNamesTheLanguageOrAutoReadsTheSystemPromptsScript() {
    assertThat(WatchLanguage.of("en", "你是一个机器人。")).isEqualTo(WatchLanguage.EN);
    assertThat(WatchLanguage.of("zh", "You are a robot.")).isEqualTo(WatchLanguage.ZH);
    assertThat(WatchLanguage.of("auto", "你是一个家用机器人，用中文回答。")).isEqualTo(WatchLanguage.ZH);
    assertThat(WatchLanguage.of("auto", "You are a home robot. 你好")).isEqualTo(WatchLanguage.EN);
    assertThat(WatchLanguage.of("auto", "")).as("the default prompt is English").isEqualTo(WatchLanguage.EN);
    assertThat(WatchLanguage.of("auto", null)).isEqualTo(WatchLanguage.EN);
    assertThatThrownBy(() -> WatchLanguage.of("fr", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fr'");
  }

  @Test
  void theInstructionIsInTheBooksLanguageAndItsTokensAreCountedAsSuch() {
    assertThat(new WatchBook().instructionFor(" the door opens "))
        .isEqualTo("Please keep watching and tell me as soon as this happens: the door opens");
    WatchBook zh = new WatchBook(WatchLanguage.ZH);
    assertThat(zh.instructionFor("门开了")).isEqualTo("请一直留意，一旦发生以下情况就马上告诉我：门开了");
    // one token per character: the Chinese instruction is 24 characters, the English one 61
    assertThat(zh.add("door", "门开了", true, 0, 0, String::length, 24)).isEmpty();
    assertThat(new WatchBook().add("door", "门开了", true, 0, 0, String::length, 24)).get().asString()
        .contains("its instruction is 61 tokens");
  }
}
