package org.duplexnode.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.Refusal;

/**
 * The notes a behaviour asked the model to keep in mind (~/context), each held in the model's
 * protected context region beside the armed watches until removed, cleared or reset away.
 * Thread-safe: requests are applied on the ingest thread, the model thread arms the notes.
 */
final class ContextNotes {
  static final int MAX_NOTES = 64;

  /**
   * A note, the tokens it takes in the context, and the unit ends from which the model holds it
   * and until which (exclusive; {@link Long#MAX_VALUE} while listed) it still does once removed.
   */
  private record Note(String text, int tokens, long armFromNs, long removeFromNs) {
    boolean listed() {
      return removeFromNs == Long.MAX_VALUE;
    }
  }

  private final Map<String, Note> notes = new LinkedHashMap<>();

  /** Why the note cannot be added, or empty when it was. */
  synchronized Optional<Refusal> add(String id, String text, long armFromNs, ToIntFunction<String> tokensOf,
                                      int freeTokens) {
    if (id.isEmpty() || id.length() > ConversationControl.Context.MAX_ID_CHARS) {
      return refusal(CommandReply.INVALID_FIELD, "context_id must be 1.."
          + ConversationControl.Context.MAX_ID_CHARS + " characters");
    }
    if (text.isBlank() || text.length() > ConversationControl.Context.MAX_CHARS) {
      return refusal(CommandReply.INVALID_FIELD, "context text must be 1.." + ConversationControl.Context.MAX_CHARS
          + " characters, not blank");
    }
    if (notes.containsKey(id) && !notes.get(id).listed()) {
      notes.remove(id); // removed, and now added again
    }
    if (notes.containsKey(id)) {
      return refusal(CommandReply.DUPLICATE_ID, "context note '" + id + "' is already active");
    }
    if (notes.values().stream().filter(Note::listed).count() >= MAX_NOTES) {
      return refusal(CommandReply.TOO_MANY, "at most " + MAX_NOTES + " context notes may be active");
    }
    int tokens = tokensOf.applyAsInt(text.strip());
    if (tokens > freeTokens) {
      return refusal(CommandReply.OVER_BUDGET, "does not fit the model's context: the note is " + tokens
          + " tokens and " + Math.max(0, freeTokens) + " of the budget for watches and notes are free");
    }
    notes.put(id, new Note(text.strip(), tokens, armFromNs, Long.MAX_VALUE));
    return Optional.empty();
  }

  /**
   * Unlists the note now; the model keeps it for units that end before {@code atNs} (so that a
   * replay removes it at the same unit at any speed; {@link Long#MIN_VALUE}: for none).
   */
  synchronized boolean remove(String id, long atNs) {
    Note n = notes.get(id);
    if (n == null || !n.listed()) {
      return false;
    }
    if (atNs == Long.MIN_VALUE) {
      notes.remove(id);
    } else {
      notes.put(id, new Note(n.text(), n.tokens(), n.armFromNs(), atNs));
    }
    return true;
  }

  /** Unlists every note as {@link #remove}; returns how many were listed. */
  synchronized int clear(long atNs) {
    int n = 0;
    for (String id : List.copyOf(notes.keySet())) {
      n += remove(id, atNs) ? 1 : 0;
    }
    return n;
  }

  synchronized int usedTokens() {
    return notes.values().stream().mapToInt(Note::tokens).sum();
  }

  /** The notes a unit ending at {@code unitEndNs} holds, in the order they were added. */
  synchronized List<String> armedAt(long unitEndNs) {
    notes.values().removeIf(n -> !n.listed() && n.removeFromNs() <= unitEndNs);
    return notes.values().stream().filter(n -> n.armFromNs() <= unitEndNs).map(Note::text).toList();
  }

  private static Optional<Refusal> refusal(String reason, String message) {
    return Optional.of(new Refusal(reason, message));
  }
}
