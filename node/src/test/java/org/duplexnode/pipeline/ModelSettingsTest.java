package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.model.spec.SlidingWindow;
import org.duplexnode.testing.WavFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model's session settings come from parameters, and a wrong voice prompt stops the start with its name. */
@Tag("unit")
class ModelSettingsTest {
  @TempDir Path dir;

  private static ParameterSet params(String... p) {
    String[] args = new String[1 + 2 * p.length];
    args[0] = "--ros-args";
    for (int i = 0; i < p.length; i++) {
      args[1 + 2 * i] = "-p";
      args[2 + 2 * i] = p[i];
    }
    return new ParameterSet(NodeParameters.all()).apply(RosArgsParser.parse(args), "/duplex_node");
  }

  @Test
  void defaultsAreTheBasicWindowTheDefaultSystemTextAndNoVoice() {
    ModelSettings s = ModelSettings.from(params());
    assertThat(s.window()).isEqualTo(SlidingWindow.basic());
    assertThat(s.systemPrompt()).isNull();
    assertThat(s.voicePrompt()).isNull();
  }

  @Test
  void theContextWindowTakesItsBoundsFromParameters() {
    ModelSettings s = ModelSettings.from(params("model.sliding_window:=context", "model.context_max_units:=12",
        "model.context_previous_max_tokens:=200", "model.system_prompt:=You are a robot."));
    assertThat(s.window().mode()).isEqualTo(SlidingWindow.Mode.CONTEXT);
    assertThat(s.window().maxUnits()).isEqualTo(12);
    assertThat(s.window().maxPreviousTokens()).isEqualTo(200);
    assertThat(s.runtimeOptions(true, 0).window()).isEqualTo(s.window());
    assertThat(s.systemPrompt()).isEqualTo("You are a robot.");
  }

  @Test
  void aVoicePromptIsReadAtStartAndABadOneNamesTheParameter() throws Exception {
    Path wav = dir.resolve("voice.wav");
    WavFile.writeMono(wav, 16000, new float[24000]);
    assertThat(ModelSettings.from(params("model.voice_prompt:=" + wav)).voicePrompt()).hasSize(24000);
    assertThatThrownBy(() -> ModelSettings.from(params("model.voice_prompt:=" + dir.resolve("none.wav"))))
        .isInstanceOf(ParameterException.class).hasMessageContaining("model.voice_prompt")
        .hasMessageContaining("none.wav");
    assertThatThrownBy(() -> ModelSettings.from(params("model.sliding_window:=off")))
        .isInstanceOf(ParameterException.class);
  }

  @Test
  void theWatchInstructionLanguageFollowsTheParameterOrTheSystemPrompt() {
    assertThat(PipelineSettings.from(params()).watchLanguage()).isEqualTo(org.duplexnode.outputs.WatchLanguage.EN);
    assertThat(PipelineSettings.from(params("model.language:=zh")).watchLanguage())
        .isEqualTo(org.duplexnode.outputs.WatchLanguage.ZH);
    assertThat(PipelineSettings.from(params("model.system_prompt:=你是一个家用机器人。")).watchLanguage())
        .isEqualTo(org.duplexnode.outputs.WatchLanguage.ZH);
    assertThat(PipelineSettings.from(params("model.language:=en", "model.system_prompt:=你是一个家用机器人。"))
        .watchLanguage()).isEqualTo(org.duplexnode.outputs.WatchLanguage.EN);
    assertThat(PipelineSettings.from(params("model.language:=zh")).forReplay().watchLanguage())
        .isEqualTo(org.duplexnode.outputs.WatchLanguage.ZH);
    assertThatThrownBy(() -> params("model.language:=fr")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("model.language");
  }
}
