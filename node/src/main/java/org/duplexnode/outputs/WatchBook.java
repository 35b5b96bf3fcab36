package org.duplexnode.outputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.Refusal;
import org.duplexnode.ports.Watch;
import org.duplexnode.ports.WatchExpiry;
import org.duplexnode.ports.WatchRules;

/**
 * The active watches and the rules that tie a proactive utterance to one of them.
 *
 * <p>Attribution: a proactive utterance answers the watch whose condition it shares enough
 * evidence with (words, or characters of Chinese; {@link WatchAttribution}); one about no watch is
 * not attributed and fires none. A watch
 * added with {@code once} is removed when it fires; one with an expiry is removed when the node
 * clock passes it.
 *
 * <p>Limits: at most {@link #MAX_WATCHES} watches; ids up to 64 and conditions up to 1024
 * characters; and, where the model has a context budget, the tokens of the armed watches'
 * instructions together within it (a watch the model cannot hold is not armed). A request beyond
 * them is refused with the reason.
 *
 * <p>Thread-safe: requests are applied as they arrive (ingest thread), while the model thread
 * arms, fires and expires watches.
 */
public final class WatchBook {
  public static final int MAX_WATCHES = 256;

  private final Map<String, Watch> watches = new LinkedHashMap<>();
  private final WatchLanguage language;
  /** The tokens each armed watch's instruction takes in the model's context. */
  private final Map<String, Integer> tokens = new java.util.HashMap<>();
  /** The input time from which each watch is armed (its unit end must be at or after it). */
  private final Map<String, Long> armFrom = new java.util.HashMap<>();
  /**
   * Watches removed at an input time the model has not reached yet: no longer listed, but still
   * armed for the units before it, so that a replay removes them at the same unit at any speed.
   */
  private final Map<String, Long> removeFrom = new java.util.HashMap<>();
  /**
   * Watches with an expiry added before any input time: their expiry runs from the first unit,
   * on the input clock (the node clock they were stamped with may be another clock).
   */
  private final Map<String, Double> unanchored = new java.util.HashMap<>();

  /** A book whose watch instructions are in English. */
  public WatchBook() {
    this(WatchLanguage.EN);
  }

  /** A book whose watch instructions are in {@code language}. */
  public WatchBook(WatchLanguage language) {
    this.language = language;
  }

  /** Adds a watch; returns empty when accepted, else the reason it was refused. */
  public Optional<String> add(String id, String condition, boolean once, double expireAfterS, long nowNs) {
    return add(id, condition, once, expireAfterS, nowNs, text -> 0, Integer.MAX_VALUE);
  }

  /** As {@link #tryAdd}, with the refusal's sentence only. */
  public Optional<String> add(String id, String condition, boolean once, double expireAfterS, long nowNs,
                              java.util.function.ToIntFunction<String> tokensOf, int budgetTokens) {
    return tryAdd(id, condition, once, expireAfterS, nowNs, tokensOf, budgetTokens).map(Refusal::message);
  }

  /**
   * Adds a watch, armed for units that end at or after {@code nowNs}, for a model whose context
   * holds {@code budgetTokens} tokens of watch instructions: refused when this one's
   * {@link #instructionFor instruction}, counted by {@code tokensOf}, does not fit beside those of the
   * armed watches.
   */
  public Optional<Refusal> tryAdd(String id, String condition, boolean once, double expireAfterS, long nowNs,
                                  java.util.function.ToIntFunction<String> tokensOf, int budgetTokens) {
    return tryAdd(id, condition, once, expireAfterS, nowNs, nowNs, tokensOf, budgetTokens);
  }

  /**
   * As {@link #tryAdd(String, String, boolean, double, long, java.util.function.ToIntFunction, int)},
   * armed for units that end at or after {@code armFromNs} ({@link Long#MIN_VALUE}: from the next
   * unit, whatever its time: a request that came before any input has no input time to go by).
   */
  public synchronized Optional<Refusal> tryAdd(String id, String condition, boolean once, double expireAfterS,
                                               long nowNs, long armFromNs,
                                               java.util.function.ToIntFunction<String> tokensOf, int budgetTokens) {
    if (removeFrom.containsKey(id)) {
      drop(id); // removed, and now added again: the new one replaces it from its own arming time
    }
    tokens.keySet().retainAll(watches.keySet());
    armFrom.keySet().retainAll(watches.keySet());
    Optional<Refusal> refused = refusal(id, condition, expireAfterS, nowNs);
    if (refused.isPresent()) {
      return refused;
    }
    int instructionTokens = tokensOf.applyAsInt(instructionFor(condition));
    int used = usedTokens();
    if (instructionTokens > budgetTokens - used) {
      return Optional.of(new Refusal(CommandReply.OVER_BUDGET, "does not fit the model's context: its instruction is "
          + instructionTokens + " tokens and " + Math.max(0, budgetTokens - used) + " of the " + budgetTokens
          + "-token watch budget are free"));
    }
    watches.put(id, new Watch(id, condition.strip(), once, nowNs, WatchExpiry.expiresNs(expireAfterS, nowNs), 0));
    tokens.put(id, instructionTokens);
    armFrom.put(id, armFromNs);
    if (armFromNs == Long.MIN_VALUE && expireAfterS > 0) {
      unanchored.put(id, expireAfterS);
    }
    return Optional.empty();
  }

  /** Tokens the armed watches' instructions take together. */
  public synchronized int usedTokens() {
    return watches.keySet().stream().mapToInt(id -> tokens.getOrDefault(id, 0)).sum();
  }

  private Optional<Refusal> refusal(String id, String condition, double expireAfterS, long nowNs) {
    Optional<String> invalid = WatchRules.invalidAdd(id, condition, expireAfterS);
    if (invalid.isPresent()) {
      return invalid.map(m -> new Refusal(CommandReply.INVALID_FIELD, m));
    }
    if (watches.containsKey(id)) {
      return Optional.of(new Refusal(CommandReply.DUPLICATE_ID, "watch '" + id + "' is already active"));
    }
    if (watches.size() - removeFrom.size() >= MAX_WATCHES) {
      return Optional.of(new Refusal(CommandReply.TOO_MANY, "at most " + MAX_WATCHES + " watches may be active"));
    }
    return WatchExpiry.tooLate(expireAfterS, nowNs).map(m -> new Refusal(CommandReply.EXPIRED, m));
  }

  public synchronized boolean remove(String id) {
    return remove(id, Long.MIN_VALUE);
  }

  /**
   * Unlists the watch now; the model keeps it for units that end before {@code atNs}
   * ({@link Long#MIN_VALUE}: for none). Returns false when no such watch is listed.
   */
  public synchronized boolean remove(String id, long atNs) {
    if (!watches.containsKey(id) || removeFrom.containsKey(id)) {
      return false;
    }
    if (atNs == Long.MIN_VALUE) {
      drop(id);
    } else {
      removeFrom.put(id, atNs);
    }
    return true;
  }

  public synchronized boolean clear() {
    return clear(Long.MIN_VALUE);
  }

  /** Unlists every watch now, as {@link #remove(String, long)}; returns true when any was listed. */
  public synchronized boolean clear(long atNs) {
    boolean any = false;
    for (String id : List.copyOf(watches.keySet())) {
      any |= remove(id, atNs);
    }
    return any;
  }

  /** Forgets the removed watches the model has passed: their removal time is at or before {@code unitEndNs}. */
  private void purge(long unitEndNs) {
    for (var e : List.copyOf(removeFrom.entrySet())) {
      if (e.getValue() <= unitEndNs) {
        drop(e.getKey());
      }
    }
  }

  private void drop(String id) {
    watches.remove(id);
    tokens.remove(id);
    armFrom.remove(id);
    removeFrom.remove(id);
    unanchored.remove(id);
  }

  /**
   * Starts the expiry of watches added before any input time at the unit ending at
   * {@code unitEndNs}; returns true when the list changed.
   */
  public synchronized boolean anchor(long unitEndNs) {
    boolean changed = false;
    for (var e : unanchored.entrySet()) {
      Watch w = watches.get(e.getKey());
      if (w != null) {
        watches.put(w.id(), new Watch(w.id(), w.condition(), w.once(), w.addedNs(),
            WatchExpiry.expiresNs(e.getValue(), unitEndNs), w.firedCount()));
        changed = true;
      }
    }
    unanchored.clear();
    return changed;
  }

  /** Removes expired watches; returns true when the list changed. */
  public synchronized boolean expire(long nowNs) {
    List<String> expired = watches.values().stream().filter(w -> w.expiredAt(nowNs)).map(Watch::id).toList();
    boolean listed = expired.stream().anyMatch(id -> !removeFrom.containsKey(id));
    expired.forEach(this::drop);
    return listed;
  }

  /** The watches listed now (on {@code ~/watches}), in the order they were added. */
  public synchronized List<Watch> active() {
    return listed();
  }

  private List<Watch> listed() {
    return watches.values().stream().filter(w -> !removeFrom.containsKey(w.id())).toList();
  }

  /**
   * The watches a unit that ends at {@code unitEndNs} holds: those added at or before that input
   * time. In a replay the requests arrive ahead of the model, so a later watch must not reach an
   * earlier unit; live, a request is stamped with the last audio seen, so it reaches the next unit.
   */
  public synchronized List<Watch> armedAt(long unitEndNs) {
    purge(unitEndNs);
    return watches.values().stream().filter(w -> armFrom.getOrDefault(w.id(), w.addedNs()) <= unitEndNs)
        .filter(w -> !removeFrom.containsKey(w.id()) || removeFrom.get(w.id()) > unitEndNs).toList();
  }

  /**
   * Hands the current list to {@code out}, stamped {@code stampNs}, under the book's lock: lists
   * sent from the ingest thread (requests) and the model thread (fired, expired) then leave in the
   * order of the changes, and the last one sent is the book as it is.
   */
  public synchronized void sendList(long stampNs, org.duplexnode.ports.OutputPort out) {
    out.watches(new org.duplexnode.ports.WatchListChanged(stampNs, listed()));
  }

  /**
   * The watch a proactive utterance with this text is about, marked fired (and removed if once);
   * empty, with no watch touched, when it shares too little with every condition
   * ({@link WatchAttribution}).
   */
  public Optional<Watch> attribute(String text) {
    return attribute(text, Long.MAX_VALUE);
  }

  /** As {@link #attribute(String)}, among the watches armed for a unit ending at {@code unitEndNs}. */
  public synchronized Optional<Watch> attribute(String text, long unitEndNs) {
    Optional<WatchAttribution.Score> best = WatchAttribution.best(text, armedAt(unitEndNs));
    if (best.isEmpty()) {
      return Optional.empty();
    }
    Watch fired = watches.get(best.get().watchId()).fired();
    if (fired.once()) {
      drop(fired.id());
    } else {
      watches.put(fired.id(), fired);
    }
    return Optional.of(fired);
  }

  /** The English text fed to the model so that it watches: a user turn in its own words. */
  public static String instruction(String condition) {
    return WatchLanguage.EN.instruction(condition);
  }

  /** The text fed to the model so that it watches, in this book's language. */
  public String instructionFor(String condition) {
    return language.instruction(condition);
  }

  synchronized List<String> ids() {
    return new ArrayList<>(watches.keySet());
  }
}
