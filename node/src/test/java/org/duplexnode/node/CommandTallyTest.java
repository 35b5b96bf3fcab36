package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.StatusReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The "commands" status on /diagnostics counts the answers by command and says why the last was refused. */
@Tag("unit")
class CommandTallyTest {
  @Test
  void countsAnswersByCommandAndWarnsWhileTheLastWasRefused() {
    CommandTally t = new CommandTally();
    assertThat(t.get().level()).isEqualTo(StatusReport.Level.OK);
    t.reply(CommandReply.accepted(1, "a", "watch", "watch 'door' added"));
    t.reply(CommandReply.accepted(2, "b", "say", "to be said"));
    t.reply(CommandReply.refused(3, "c", "watch", CommandReply.DUPLICATE_ID, "watch 'door' is already active"));
    StatusReport r = t.get();
    assertThat(r.name()).isEqualTo("commands");
    assertThat(r.level()).isEqualTo(StatusReport.Level.WARN);
    assertThat(r.message()).isEqualTo("last command refused (duplicate_id): watch 'door' is already active");
    assertThat(r.values()).extracting(StatusReport.Value::key, StatusReport.Value::value).contains(
        org.assertj.core.groups.Tuple.tuple("watch accepted", "1"), org.assertj.core.groups.Tuple.tuple("watch refused", "1"),
        org.assertj.core.groups.Tuple.tuple("say accepted", "1"));
    assertThat(t.counts("watch")).containsExactly(1, 1);
    t.reply(CommandReply.accepted(4, "d", "reset", "new conversation"));
    assertThat(t.get().level()).isEqualTo(StatusReport.Level.OK);
  }
}
