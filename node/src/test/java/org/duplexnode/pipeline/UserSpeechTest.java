package org.duplexnode.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.UserSpeechChange;
import org.duplexnode.testing.SpokenAudio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ~/user_speech from the pipeline's own voice detector (Silero, for real) over spoken audio:
 * starts and ends in input time, and a mute in the middle of the user's speech ends it, since the
 * detector hears what the model hears.
 */
@Tag("interop")
class UserSpeechTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1000 * S;

  @TempDir Path dir;

  private static void hear(ConversationPipeline p, byte[] pcm, long fromNs, int fromMessage, int toMessage) {
    for (int k = fromMessage; k < toMessage && k * 3200 < pcm.length; k++) {
      p.input().onAudio(new RawAudio(fromNs + k * 100_000_000L, "mic", 16000, 1, "S16LE",
          Arrays.copyOfRange(pcm, k * 3200, Math.min(pcm.length, (k + 1) * 3200))));
    }
  }

  private static List<UserSpeechChange> changes(List<OutputEvent> events) {
    return events.stream().filter(e -> e instanceof UserSpeechChange).map(e -> (UserSpeechChange) e).toList();
  }

  @Test
  void aMuteWhileTheUserSpeaksEndsTheirSpeechAndNoneStartsUntilUnmuted() throws Exception {
    byte[] spoken = SpokenAudio.s16le(dir, "Please tell me when the light turns green", 2);
    int messages = (spoken.length + 3199) / 3200;
    List<OutputEvent> events = new CopyOnWriteArrayList<>();
    WatchRepliesTest.ListeningModel model = new WatchRepliesTest.ListeningModel();
    model.started.countDown();
    try (ConversationPipeline p = ConversationPipeline.start(WatchRepliesTest.settings(), model,
        OutputPort.ofEach(events::add), null, () -> T0)) {
      hear(p, spoken, T0, 0, 28); // 2 s of silence, then 0.8 s of the sentence
      assertThat(changes(events)).extracting(UserSpeechChange::kind).containsExactly(UserSpeechChange.Kind.START);
      p.input().onMute(new MuteRequest("m", true)); // at 2.7 s, the last message's stamp
      hear(p, spoken, T0, 28, messages);
      p.finishInput();
    }
    List<UserSpeechChange> changes = changes(events);
    assertThat(changes).extracting(UserSpeechChange::kind)
        .as("muted, the detector hears silence: the speech ends and no other starts")
        .containsExactly(UserSpeechChange.Kind.START, UserSpeechChange.Kind.END);
    UserSpeechChange start = changes.get(0);
    UserSpeechChange end = changes.get(1);
    assertThat((start.startNs() - T0) / 1e9).isBetween(1.8, 2.6);
    assertThat(start.stampNs()).isGreaterThan(start.startNs()).isLessThanOrEqualTo(start.startNs() + 64_000_000L);
    assertThat(end.startNs()).isEqualTo(start.startNs());
    // The voice reached the detector up to the end of the last message before the mute (2.8 s).
    assertThat((end.endNs() - T0) / 1e9).isBetween(2.6, 2.85);
    assertThat((end.stampNs() - T0) / 1e9).isBetween(2.8, 3.0);
  }
}
