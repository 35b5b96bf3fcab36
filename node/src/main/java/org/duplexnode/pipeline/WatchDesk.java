package org.duplexnode.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.duplexnode.logging.RateLimitedLog;
import org.duplexnode.outputs.WatchBook;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.WatchRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies watch requests as they arrive, on the ingest thread: the watch list changes and the
 * request is answered at once, whether or not audio is flowing and whatever the model is doing.
 * The model takes the armed set at its next unit ({@link WatchBook#armedAt}).
 *
 * <p>An ADD is refused (answered with the reason, counted, logged at most once every 10 s) unless
 * its instruction fits what the model's context keeps for watches; that budget is known once the
 * model has started its session, so requests that arrive before then wait for it and are answered
 * then.
 */
final class WatchDesk {
  static final String COMMAND = "watch";
  private static final Logger LOG = LoggerFactory.getLogger(WatchDesk.class);

  private final WatchBook book;
  private final ToIntFunction<String> tokensOf;
  private final OutputPort out;
  private final RateLimitedLog warnings = RateLimitedLog.warnings(LOG);
  private final List<Pending> waiting = new ArrayList<>();
  private int budgetTokens = -1;
  private long refused;

  /** A request that came before the model knew its budget, with its times. */
  private record Pending(WatchRequest request, long stampNs, long armFromNs) {}

  WatchDesk(WatchBook book, ToIntFunction<String> tokensOf, OutputPort out) {
    this.book = book;
    this.tokensOf = tokensOf;
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

  /** The model's watch budget, from the model thread once its session has started. */
  synchronized void budgetKnown(int tokens) {
    budgetTokens = Math.max(0, tokens);
    for (Pending p : waiting) {
      apply(p.request(), p.stampNs(), p.armFromNs());
    }
    waiting.clear();
  }

  /** ADDs refused so far. */
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
        Optional<WatchBook.Refusal> no = book.tryAdd(r.watchId(), r.condition(), r.once(), r.expireAfterS(), stampNs,
            armFromNs, tokensOf, budgetTokens);
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
        if (book.remove(r.watchId())) {
          changed = true;
          reply = CommandReply.accepted(stampNs, r.requestId(), COMMAND, "watch '" + r.watchId() + "' removed");
        } else {
          reply = CommandReply.refused(stampNs, r.requestId(), COMMAND, CommandReply.UNKNOWN_ID,
              "no active watch '" + r.watchId() + "'");
        }
      }
      case CLEAR -> {
        int n = book.active().size();
        changed |= book.clear();
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
}
