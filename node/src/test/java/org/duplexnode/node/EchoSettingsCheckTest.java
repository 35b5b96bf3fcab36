package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterException;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ingest.echo.EchoSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Echo cancellation asked for without what it needs stops the node before it starts (exit 2). */
@Tag("unit")
class EchoSettingsCheckTest {
  @Test
  void theSpeakerReferenceNeedsTheLocalSpeaker() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    p.set(NodeParameters.ECHO_REFERENCE, TextNode.valueOf("speaker"), "test");
    assertThatThrownBy(() -> LiveRun.echoSettings(p))
        .isInstanceOf(ParameterException.class)
        .hasMessage("parameter audio.echo_reference (speaker) needs audio.local_speaker true: its playback is the "
            + "reference (published takes ~/speech as another node plays it)");
  }

  @Test
  void speexWithTheLocalSpeakerAndTheLibraryStartsWithTheSpeakerAsReference() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    p.set(NodeParameters.LOCAL_SPEAKER, BooleanNode.TRUE, "test");
    EchoSettings s = LiveRun.echoSettings(p);
    assertThat(s).isEqualTo(new EchoSettings(EchoSettings.Mode.SPEEX, 500, 0, EchoSettings.Reference.SPEAKER));
  }

  @Test
  void speexWithoutTheLocalSpeakerTakesThePublishedSpeech() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    assertThat(LiveRun.echoSettings(p).reference()).isEqualTo(EchoSettings.Reference.PUBLISHED);
    p.set(NodeParameters.LOCAL_SPEAKER, BooleanNode.TRUE, "test");
    p.set(NodeParameters.ECHO_REFERENCE, TextNode.valueOf("published"), "test");
    assertThat(LiveRun.echoSettings(p).reference()).isEqualTo(EchoSettings.Reference.PUBLISHED);
  }

  @Test
  void offNeedsNothing() {
    assertThat(LiveRun.echoSettings(new ParameterSet(NodeParameters.all())).enabled()).isFalse();
  }

  @Test
  void thePublishedSpeechReachesTheCancellerAsOneMoreOutput() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    java.util.List<org.duplexnode.ports.OutputPort> adapters = new java.util.ArrayList<>();
    org.duplexnode.ingest.echo.EchoPath echo = LiveRun.echoPath(LiveRun.echoSettings(p), null, () -> 5_000_000_000L,
        adapters);
    try {
      assertThat(adapters).singleElement().isInstanceOf(org.duplexnode.ingest.echo.PublishedSpeech.class);
      assertThat(echo.cancelling()).isTrue();
      assertThat(echo.report().values()).contains(new org.duplexnode.ports.StatusReport.Value("reference", "published"));
    } finally {
      echo.close();
    }
  }
}
