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
  void speexNeedsTheLocalSpeakerAsItsReference() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    assertThatThrownBy(() -> LiveRun.echoSettings(p))
        .isInstanceOf(ParameterException.class)
        .hasMessage("parameter audio.echo_cancel (speex) needs audio.local_speaker true: its playback is the reference");
  }

  @Test
  void speexWithTheLocalSpeakerAndTheLibraryStarts() {
    ParameterSet p = new ParameterSet(NodeParameters.all());
    p.set(NodeParameters.ECHO_CANCEL, TextNode.valueOf("speex"), "test");
    p.set(NodeParameters.LOCAL_SPEAKER, BooleanNode.TRUE, "test");
    EchoSettings s = LiveRun.echoSettings(p);
    assertThat(s).isEqualTo(new EchoSettings(EchoSettings.Mode.SPEEX, 500, 0));
  }

  @Test
  void offNeedsNothing() {
    assertThat(LiveRun.echoSettings(new ParameterSet(NodeParameters.all())).enabled()).isFalse();
  }
}
