package org.duplexnode.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.duplexnode.logging.RateLimitedLog;
import org.duplexnode.outputs.WatchBook;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.Refusal;
import org.duplexnode.ports.WatchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes behaviours' commands as they arrive, on the ingest thread. Watch requests and context
 * notes are applied and answered at once, whether or not audio is flowing and whatever the model
 * is doing; the model takes the armed watches and notes at its next unit
 * ({@link WatchBook#armedAt}, {@link ContextNotes#armedAt}). A say is checked and answered at once
 * and handed to the model thread with a reset, which is answered there once done.
 *
 * <p>A watch or note is refused (answered with the reason, counted, logged at most once every
 * 10 s) unless its text fits what the model's context keeps for watches and notes together; that
 * budget is known once the model has started its session, so commands that arrive before then
 * wait for it and are answered then.
 */
final class CommandDesk {
  static final String COMMAND = "watch";
  private static final Logger LOG = LoggerFactory.getLogger(CommandDesk.class);

  private final WatchBook book;
  private final ContextNotes notes;
  private final ToIntFunction<String> tokensOf;
  private final boolean speaksText;
  private final ToModel toModel;
  private final OutputPort out;
  private final RateLimitedLog warnings = RateLimitedLog.warnings(LOG);
  private final List<Pending> waiting = new ArrayList<>();
  private int budgetTokens = -1;
  private long refused;

  /** Where says and resets go: the model thread, which applies each from input time {@code applyFromNs}. */
  interface ToModel {
    void take(ConversationControl control, long stampNs, long applyFromNs);
  }

  /** A command (a WatchRequest or a ConversationControl) that came before the model knew its budget. */
  private record Pending(Object command, long stampNs, long armFromNs) {}

  /**
   * @param speaksText whether the model can speak a given text (else a say is refused)
   * @param toModel takes a say or reset, with its input time, to the model thread
   */
  CommandDesk(WatchBook book, ContextNotes notes, ToIntFunction<String> tokensOf, boolean speaksText,
              ToModel toModel, OutputPort out) {
    this.book = book;
    this.notes = notes;
    this.tokensOf = tokensOf;
    this.speaksText = speaksText;
    this.toModel = toModel;
    this.out = out;
  }

  /**
   * Applies {@code request} and answers it; {@code stampNs} is its input time (list and reply
   * stamps, expiry), {@code armFromNs} the unit end from which the model holds it.
   */
  synchronized void request(WatchRequest request, long stampNs, long armFromNs) {
    if (budgetTokens < 0) {
      waiting.add(new Pending(request, stampNs, armFromNs));
      return;
    }
    apply(request, stampNs, armFromNs);
  }

  /** Applies or hands on {@code control}, as {@link #request} does. */
  synchronized void control(ConversationControl control, long stampNs, long armFromNs) {
    if (budgetTokens < 0) {
      waiting.add(new Pending(control, stampNs, armFromNs));
      return;
    }
    apply(control, stampNs, armFromNs);
  }

  /** The model's watch budget, from the model thread once its session has started. */
  synchronized void budgetKnown(int tokens) {
    budgetTokens = Math.max(0, tokens);
    for (Pending p : waiting) {
      if (p.command() instanceof WatchRequest r) {
        apply(r, p.stampNs(), p.armFromNs());
      } else {
        apply((ConversationControl) p.command(), p.stampNs(), p.armFromNs());
      }
    }
    waiting.clear();
  }

  /** Watch ADDs refused so far (/diagnostics "refused watches"; every command's refusals are in CommandTally). */
  synchronized long refused() {
    return refused;
  }

  void flushWarnings() {
    warnings.flush();
  }

  private void apply(WatchRequest r, long stampNs, long armFromNs) {
    boolean changed = book.expire(stampNs);
    CommandReply reply;
    switch (r.action()) {
      case ADD -> {
        Optional<Refusal> no = book.tryAdd(r.watchId(), r.condition(), r.once(), r.expireAfterS(), stampNs,
            armFromNs, tokensOf, budgetTokens - notes.usedTokens());
        if (no.isPresent()) {
          refused++;
          warnings.log("watch refused", "watch '" + r.watchId() + "' refused: " + no.get().message());
          reply = CommandReply.refused(stampNs, r.requestId(), COMMAND, no.get().reason(), no.get().message());
        } else {
          changed = true;
          reply = CommandReply.accepted(stampNs, r.requestId(), COMMAND, "watch '" + r.watchId() + "' added");
        }
      }
      case REMOVE -> {
        if (book.remove(r.watchId(), armFromNs)) {
          changed = true;
          reply = CommandReply.accepted(stampNs, r.requestId(), COMMAND, "watch '" + r.watchId() + "' removed");
        } else {
          reply = CommandReply.refused(stampNs, r.requestId(), COMMAND, CommandReply.UNKNOWN_ID,
              "no active watch '" + r.watchId() + "'");
        }
      }
      case CLEAR -> {
        int n = book.active().size();
        changed |= book.clear(armFromNs);
        reply = CommandReply.accepted(stampNs, r.requestId(), COMMAND, n + " watches cleared");
      }
      default -> throw new IllegalStateException("unknown watch action " + r.action());
    }
    // The list first: a behaviour that reads the list when its reply comes finds its change there.
    if (changed) {
      book.sendList(stampNs, out);
    }
    out.reply(reply);
  }

  private void apply(ConversationControl c, long stampNs, long armFromNs) {
    if (c instanceof ConversationControl.Context n) {
      out.reply(context(n, stampNs, armFromNs));
    } else if (c instanceof ConversationControl.Say say) {
      out.reply(say(say, stampNs, armFromNs));
    } else {
      toModel.take(c, stampNs, armFromNs); // a reset: answered by the model thread once done
    }
  }

  private CommandReply say(ConversationControl.Say say, long stampNs, long armFromNs) {
    if (!speaksText) {
      return CommandReply.refused(stampNs, say.requestId(), say.command(), CommandReply.UNSUPPORTED,
          "this model cannot speak a given text");
    }
    if (say.text().isBlank() || say.text().length() > ConversationControl.Say.MAX_CHARS) {
      return CommandReply.refused(stampNs, say.requestId(), say.command(), CommandReply.INVALID_FIELD,
          "text must be 1.." + ConversationControl.Say.MAX_CHARS + " characters, not blank");
    }
    toModel.take(say, stampNs, armFromNs);
    return CommandReply.accepted(stampNs, say.requestId(), say.command(), say.interrupt()
        ? "to be said now, cutting the utterance in progress" : "to be said after the utterance in progress");
  }

  private CommandReply context(ConversationControl.Context n, long stampNs, long armFromNs) {
    String cmd = n.command();
    return switch (n.action()) {
      case ADD -> notes.add(n.contextId(), n.text(), armFromNs, tokensOf, budgetTokens - notes.usedTokens()
              - book.usedTokens())
          .map(no -> {
            warnings.log("context refused", "context note '" + n.contextId() + "' refused: " + no.message());
            return CommandReply.refused(stampNs, n.requestId(), cmd, no.reason(), no.message());
          })
          .orElseGet(() -> CommandReply.accepted(stampNs, n.requestId(), cmd,
              "context note '" + n.contextId() + "' added"));
      case REMOVE -> notes.remove(n.contextId(), armFromNs)
          ? CommandReply.accepted(stampNs, n.requestId(), cmd, "context note '" + n.contextId() + "' removed")
          : CommandReply.refused(stampNs, n.requestId(), cmd, CommandReply.UNKNOWN_ID,
              "no active context note '" + n.contextId() + "'");
      case CLEAR -> CommandReply.accepted(stampNs, n.requestId(), cmd, notes.clear(armFromNs) + " context notes cleared");
    };
  }
}
