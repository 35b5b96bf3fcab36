package org.duplexnode.outputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
public final class WatchBook {
  public static final int MAX_WATCHES = 256;

  private final Map<String, Watch> watches = new LinkedHashMap<>();
  private final WatchLanguage language;
  /** The tokens each armed watch's instruction takes in the model's context. */
  private final Map<String, Integer> tokens = new java.util.HashMap<>();

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

  /**
   * As {@link #add(String, String, boolean, double, long)} for a model whose context holds
   * {@code budgetTokens} tokens of watch instructions: refused when this one's
   * {@link #instructionFor instruction}, counted by {@code tokensOf}, does not fit beside those of the
   * armed watches.
   */
  public Optional<String> add(String id, String condition, boolean once, double expireAfterS, long nowNs,
                              java.util.function.ToIntFunction<String> tokensOf, int budgetTokens) {
    tokens.keySet().retainAll(watches.keySet());
    Optional<String> refused = refusal(id, condition, expireAfterS, nowNs);
    if (refused.isPresent()) {
      return refused;
    }
    int instructionTokens = tokensOf.applyAsInt(instructionFor(condition));
    int used = usedTokens();
    if (instructionTokens > budgetTokens - used) {
      return Optional.of("does not fit the model's context: its instruction is " + instructionTokens
          + " tokens and " + Math.max(0, budgetTokens - used) + " of the " + budgetTokens
          + "-token watch budget are free");
    }
    watches.put(id, new Watch(id, condition.strip(), once, nowNs, WatchExpiry.expiresNs(expireAfterS, nowNs), 0));
    tokens.put(id, instructionTokens);
    return Optional.empty();
  }

  /** Tokens the armed watches' instructions take together. */
  public int usedTokens() {
    return watches.keySet().stream().mapToInt(id -> tokens.getOrDefault(id, 0)).sum();
  }

  private Optional<String> refusal(String id, String condition, double expireAfterS, long nowNs) {
    Optional<String> invalid = WatchRules.invalidAdd(id, condition, expireAfterS);
    if (invalid.isPresent()) {
      return invalid;
    }
    if (watches.containsKey(id)) {
      return Optional.of("watch '" + id + "' is already active");
    }
    if (watches.size() >= MAX_WATCHES) {
      return Optional.of("at most " + MAX_WATCHES + " watches may be active");
    }
    Optional<String> late = WatchExpiry.tooLate(expireAfterS, nowNs);
    if (late.isPresent()) {
      return late;
    }
    return Optional.empty();
  }

  public boolean remove(String id) {
    return watches.remove(id) != null;
  }

  public boolean clear() {
    boolean any = !watches.isEmpty();
    watches.clear();
    return any;
  }

  /** Removes expired watches; returns true when the list changed. */
  public boolean expire(long nowNs) {
    return watches.values().removeIf(w -> w.expiredAt(nowNs));
  }

  public List<Watch> active() {
    return List.copyOf(watches.values());
  }

  /**
   * The watch a proactive utterance with this text is about, marked fired (and removed if once);
   * empty, with no watch touched, when it shares too little with every condition
   * ({@link WatchAttribution}).
   */
  public Optional<Watch> attribute(String text) {
    Optional<WatchAttribution.Score> best = WatchAttribution.best(text, active());
    if (best.isEmpty()) {
      return Optional.empty();
    }
    Watch fired = watches.get(best.get().watchId()).fired();
    if (fired.once()) {
      watches.remove(fired.id());
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

  List<String> ids() {
    return new ArrayList<>(watches.keySet());
  }
}
