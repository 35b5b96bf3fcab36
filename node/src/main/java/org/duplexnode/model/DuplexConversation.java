package org.duplexnode.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.duplexnode.model.spec.DecodeOptions;
import org.duplexnode.model.spec.LanguageModel;
import org.duplexnode.model.spec.Logits;
import org.duplexnode.model.spec.SlidingWindow;
import org.duplexnode.model.spec.SpecialTokens;
import org.duplexnode.model.spec.TextDecoding;

/**
 * The LLM side of the duplex loop, one instance per session, following the release
 * (MiniCPM-o 4.5 MiniCPMODuplex: prepare, streaming_prefill, streaming_generate, finalize_unit).
 *
 * <pre>
 *   prepare:  prefix text, reference-audio embeddings, suffix text
 *   per unit: &lt;unit&gt; [&lt;image&gt; 64 embeds &lt;/image&gt;] 10 audio embeds   (prefill; pending logits kept)
 *             up to 20 tokens chosen and fed one by one                 (generate)
 *             [terminator, &lt;/unit&gt;] in one forward                     (finalize)
 * </pre>
 *
 * <p>Rules of generate: the first units of a session are forced to listen; at the last step
 * chunk_eos is forced; a listen chosen while a turn is open becomes tts_bos; terminators end the
 * unit unfed; a token that would make the unit's text reach the character limit is replaced by
 * chunk_eos; turn_eos is fed and closes the turn. Not thread-safe: one model thread owns it.
 */
public final class DuplexConversation {
  private final LanguageModel llm;
  private final SpecialTokens special;
  private final DecodeOptions options;
  private final TokenDecoder decoder;
  private final TextDecoding text;
  private final java.util.Set<Integer> specialIds;

  private Logits pendingLogits;
  private int generatedUnits;
  private boolean turnEnded = true;
  private int pendingTerminator = -1;
  private boolean forceListenNext;
  /** Text tokens to speak as the model's own ({@link #say}), from the first unit the turn is free. */
  private final java.util.ArrayDeque<Integer> toSay = new java.util.ArrayDeque<>();
  private boolean saying;
  private boolean lastUnitSaid;
  private int systemLength;
  private final List<Integer> unitLengths = new ArrayList<>();
  private final java.util.ArrayDeque<CachedUnit> cachedUnits = new java.util.ArrayDeque<>();
  private int unitStartCache;
  private int[] pendingTextIds = new int[0];
  private boolean pendingListen;
  private SlidingWindow window;
  private long evictedUnits;
  // Context window state: [prefix + reference audio] [previous] [suffix] [units...]
  private int prefixLength;
  private int[] suffixIds = new int[0];
  private int[] previousMarkerIds = new int[0];
  private final List<Integer> previousIds = new ArrayList<>();
  // Armed watches' instructions, protected after the suffix: [system] [armed] [units...].
  private int[] armedIds = new int[0];
  private int[] wantedArmedIds = new int[0];

  /** A unit in the cache: its length and, for the context window, what the model said in it. */
  private record CachedUnit(int length, int[] spokenIds, boolean listening) {}

  public DuplexConversation(LanguageModel llm, SpecialTokens special, DecodeOptions options, int[] badTokens,
                            TextDecoding text) {
    this.llm = llm;
    this.special = special;
    this.options = options;
    this.decoder = new TokenDecoder(special, options, badTokens);
    this.text = text;
    this.specialIds = special.all();
  }

  /**
   * Starts a session: resets the cache and feeds the system prompt: prefix tokens, the reference
   * audio's embeddings (may be empty) and suffix tokens. Their length is protected from eviction.
   */
  public void prepare(int[] prefixIds, float[] referenceAudioEmbeds, int[] suffixIds) {
    llm.reset();
    decoder.reset();
    pendingLogits = null;
    generatedUnits = 0;
    turnEnded = true;
    pendingTerminator = -1;
    forceListenNext = false;
    toSay.clear();
    saying = false;
    lastUnitSaid = false;
    unitLengths.clear();
    cachedUnits.clear();
    evictedUnits = 0;
    previousIds.clear();
    armedIds = new int[0];
    this.suffixIds = suffixIds.clone();
    // Each segment is one forward, as the release feeds them (U:4474-4529).
    if (prefixIds.length > 0) {
      llm.feed(embedAll(prefixIds), prefixIds.length);
    }
    if (referenceAudioEmbeds != null && referenceAudioEmbeds.length > 0) {
      llm.feed(referenceAudioEmbeds, referenceAudioEmbeds.length / llm.hiddenSize());
    }
    prefixLength = llm.cacheLength();
    if (suffixIds.length > 0) {
      llm.feed(embedAll(suffixIds), suffixIds.length);
    }
    systemLength = llm.cacheLength();
  }

  /**
   * The instructions of the armed watches, kept in the protected region after the system prompt
   * while they stay armed: no window mode evicts them. A change applies at the next unit boundary
   * (the next {@link #prefill}) as one splice of that region, which re-rotates the kept units;
   * units already in the cache keep what they computed with the old instructions. The same ids
   * again cost nothing.
   */
  public void armedText(int[] ids) {
    wantedArmedIds = ids.clone();
  }

  /** The armed watches' instruction tokens in the cache now. */
  public int[] armedTokens() {
    return armedIds.clone();
  }

  private void applyArmedText() {
    if (Arrays.equals(armedIds, wantedArmedIds)) {
      return;
    }
    int[] next = wantedArmedIds;
    llm.splice(systemLength - armedIds.length, armedIds.length, embedAll(next), next.length);
    systemLength += next.length - armedIds.length;
    armedIds = next;
  }

  /**
   * Prefills one unit: {@code <unit>}, the image block when {@code imageEmbeds} is not null (64 rows),
   * then the audio embeddings (10 rows per second) in one forward whose logits are kept.
   */
  public void prefill(float[] imageEmbeds, float[] audioEmbeds) {
    prefill(imageEmbeds, audioEmbeds, new int[0]);
  }

  /**
   * As {@link #prefill(float[], float[])}, then feeds text tokens in the same unit, after the
   * audio, as the release's streaming_prefill does with its text_list in audio or omni mode: the
   * logits kept for generate are the audio's, the text only extends the context.
   */
  public void prefill(float[] imageEmbeds, float[] audioEmbeds, int[] textIds) {
    if (pendingTerminator >= 0) {
      finalizeUnit();
    }
    applyArmedText();
    unitStartCache = llm.cacheLength();
    int h = llm.hiddenSize();
    // One forward over the whole unit prefix; the release feeds its segments one by one, which
    // gives the same cache and logits up to float rounding (contract 4.2).
    int imageRows = imageEmbeds == null ? 0 : imageEmbeds.length / h + 2;
    int rows = 1 + imageRows + audioEmbeds.length / h;
    float[] all = new float[rows * h];
    System.arraycopy(llm.embed(special.unitStart()), 0, all, 0, h);
    int at = h;
    if (imageEmbeds != null) {
      System.arraycopy(llm.embed(special.imageStart()), 0, all, at, h);
      System.arraycopy(imageEmbeds, 0, all, at + h, imageEmbeds.length);
      at += h + imageEmbeds.length;
      System.arraycopy(llm.embed(special.imageEnd()), 0, all, at, h);
      at += h;
    }
    System.arraycopy(audioEmbeds, 0, all, at, audioEmbeds.length);
    pendingLogits = llm.feed(all, rows).logits();
    if (textIds.length > 0) {
      // The next feed reuses the model's output buffers: keep the audio's logits apart.
      pendingLogits = Logits.copyOf(pendingLogits);
      float[] text = new float[textIds.length * h];
      for (int i = 0; i < textIds.length; i++) {
        System.arraycopy(llm.embed(textIds[i]), 0, text, i * h, h);
      }
      llm.feed(text, textIds.length);
    }
  }

  private float[] embedAll(int[] ids) {
    int h = llm.hiddenSize();
    float[] out = new float[ids.length * h];
    for (int i = 0; i < ids.length; i++) {
      System.arraycopy(llm.embed(ids[i]), 0, out, i * h, h);
    }
    return out;
  }

  /** Barge-in from outside: the next generate closes an open turn and listens; text still to say is dropped. */
  public void forceListen() {
    forceListenNext = true;
    toSay.clear();
    saying = false;
  }

  /**
   * Speaks {@code ids} as the model's own turn: from the first unit whose start finds no turn
   * open, each unit emits {@code <|speak|>} and then these tokens in place of decoded ones (the
   * unit-length and character rules still cut units), fed to the LLM as if decoded, so the
   * conversation remembers them; {@code <|turn_eos|>} closes the turn after the last. Texts said
   * one after another are spoken in order.
   */
  public void say(int[] ids) {
    for (int id : ids) {
      toSay.add(id);
    }
  }

  /** Whether the last generated unit spoke said text ({@link #say}). */
  public boolean lastUnitSaid() {
    return lastUnitSaid;
  }

  /** Tokens still to say. */
  public int tokensToSay() {
    return toSay.size();
  }

  public boolean turnOpen() {
    return !turnEnded;
  }

  public GeneratedUnit generate() {
    if (pendingLogits == null) {
      throw new IllegalStateException("generate() needs a prefill() first");
    }
    Logits logits = pendingLogits;
    pendingLogits = null;
    boolean forced = generatedUnits < options.forceListenUnits() || forceListenNext;
    generatedUnits++;
    List<Integer> tokens = new ArrayList<>();
    List<SpokenToken> spoken = new ArrayList<>();
    List<Integer> textIds = new ArrayList<>();
    boolean endOfTurn = false;
    int terminator = -1;

    if (forceListenNext) {
      forceListenNext = false;
      if (!turnEnded) {
        // Client-driven barge-in: close the open turn before listening.
        llm.feed(llm.embed(special.turnEos()), 1);
        tokens.add(special.turnEos());
        turnEnded = true;
        endOfTurn = true;
      }
    }

    boolean sayingUnit = !forced && (saying || (!toSay.isEmpty() && turnEnded));
    saying = sayingUnit;
    lastUnitSaid = sayingUnit;
    for (int j = 0; j < options.maxTokensPerUnit(); j++) {
      int id;
      if (j == options.maxTokensPerUnit() - 1) {
        id = special.chunkEos();
      } else if (forced) {
        id = special.listen();
      } else if (sayingUnit) {
        id = j == 0 ? special.speak() : !toSay.isEmpty() ? toSay.peekFirst()
            : endOfTurn ? special.chunkEos() : special.turnEos();
      } else {
        id = decoder.decide(logits);
        if (id == special.listen() && !turnEnded) {
          id = special.ttsBos();
        }
      }
      // The character rule looks at steps >= 1 only, over the unit's kept tokens plus this one,
      // counting code points of the text with special tokens skipped (U:5083-5100).
      // A said token is never cut alone (it would be offered again at every unit).
      if (j != 0 && !special.isTerminator(id) && !(sayingUnit && textIds.isEmpty())) {
        List<Integer> candidate = new ArrayList<>(textIds);
        candidate.add(id);
        String t = text.decode(toArray(candidate));
        if (t.codePointCount(0, t.length()) >= options.maxUnitChars()) {
          id = special.chunkEos();
        }
      }
      tokens.add(id);
      if (special.isTerminator(id)) {
        terminator = id;
        break;
      }
      if (sayingUnit && j != 0 && !toSay.isEmpty() && id == toSay.peekFirst()) {
        toSay.pollFirst();
      }
      turnEnded = false;
      if (j != 0) {
        textIds.add(id);
      }
      LanguageModel.Step step = llm.feed(llm.embed(id), 1);
      logits = step.logits();
      if (id == special.turnEos()) {
        endOfTurn = true;
        turnEnded = true;
        saying = false;
      }
      if (j != 0) {
        spoken.add(new SpokenToken(id, step.hidden(), id == special.turnEos()));
      }
    }
    pendingTerminator = terminator;
    boolean listening = terminator == special.listen();
    pendingTextIds = textIds.stream().mapToInt(Integer::intValue).filter(id -> !specialIds.contains(id)).toArray();
    pendingListen = listening;
    String unitText = text.decode(toArray(textIds));
    return new GeneratedUnit(List.copyOf(tokens), listening, endOfTurn, unitText, List.copyOf(spoken), terminator,
        forced && listening);
  }

  /** Feeds [terminator, {@code </unit>}] in one forward and records the unit's length. */
  public void finalizeUnit() {
    if (pendingTerminator < 0) {
      return;
    }
    int h = llm.hiddenSize();
    float[] both = Arrays.copyOf(llm.embed(pendingTerminator), 2 * h);
    System.arraycopy(llm.embed(special.unitEnd()), 0, both, h, h);
    llm.feed(both, 2);
    pendingTerminator = -1;
    int length = llm.cacheLength() - unitStartCache;
    unitLengths.add(length);
    cachedUnits.addLast(new CachedUnit(length, pendingTextIds, pendingListen));
    enforceWindow();
  }

  /**
   * Bounds the cache with {@code w} from the next finalized unit on (the release keeps its window
   * off by default). {@code markerIds} are the tokens of {@link SlidingWindow#PREVIOUS_MARKER},
   * used by the context mode.
   */
  public void slidingWindow(SlidingWindow w, int[] markerIds) {
    this.window = w;
    this.previousMarkerIds = markerIds.clone();
  }

  /** The basic window with explicit bounds (tests). */
  public void slidingWindow(int high, int low) {
    slidingWindow(new SlidingWindow(SlidingWindow.Mode.BASIC, high, low, Integer.MAX_VALUE, 0), new int[0]);
  }

  public long decoderFullPasses() {
    return decoder.fullPasses();
  }

  public long evictedUnits() {
    return evictedUnits;
  }

  /** The tokens of the evicted units' text kept in the system prompt (context mode), marker included. */
  public List<Integer> previousTokens() {
    return List.copyOf(previousIds);
  }

  private void enforceWindow() {
    if (window == null) {
      return;
    }
    boolean context = window.mode() == SlidingWindow.Mode.CONTEXT;
    int drop = 0;
    List<CachedUnit> dropped = new ArrayList<>();
    boolean tokenBound = llm.cacheLength() > window.highTokens();
    for (CachedUnit u : cachedUnits) {
      int remainingUnits = cachedUnits.size() - dropped.size();
      boolean overTokens = tokenBound && llm.cacheLength() - drop > window.lowTokens();
      boolean overUnits = context && remainingUnits > window.maxUnits();
      if (!overTokens && !overUnits) {
        break;
      }
      drop += u.length();
      dropped.add(u);
    }
    if (dropped.isEmpty()) {
      return;
    }
    for (int i = 0; i < dropped.size(); i++) {
      cachedUnits.removeFirst();
    }
    evictedUnits += dropped.size();
    if (!context) {
      llm.evict(systemLength, drop);
      return;
    }
    int oldPrevious = previousIds.size();
    for (CachedUnit u : dropped) {
      if (!u.listening()) {
        appendPrevious(u.spokenIds());
      }
    }
    if (oldPrevious == 0 && previousIds.isEmpty()) {
      llm.evict(systemLength, drop);
      return;
    }
    // [prefix] [old previous] [suffix] [armed] [dropped units] -> [prefix] [new previous] [suffix] [armed]; the
    // release recomputes previous + suffix after the prefix and re-rotates the kept units; the armed
    // watches' instructions come after the suffix, so they are recomputed with it.
    int[] middle = new int[previousIds.size() + suffixIds.length + armedIds.length];
    for (int i = 0; i < previousIds.size(); i++) {
      middle[i] = previousIds.get(i);
    }
    System.arraycopy(suffixIds, 0, middle, previousIds.size(), suffixIds.length);
    System.arraycopy(armedIds, 0, middle, previousIds.size() + suffixIds.length, armedIds.length);
    llm.splice(prefixLength, systemLength - prefixLength + drop, embedAll(middle), middle.length);
    systemLength = prefixLength + middle.length;
  }

  /** Adds a unit's words to "previous: ...", keeping the marker and the newest maxPreviousTokens tokens. */
  private void appendPrevious(int[] spoken) {
    if (spoken.length == 0) {
      return;
    }
    if (previousIds.isEmpty()) {
      for (int id : previousMarkerIds) {
        previousIds.add(id);
      }
    }
    for (int id : spoken) {
      previousIds.add(id);
    }
    int excess = previousIds.size() - previousMarkerIds.length - window.maxPreviousTokens();
    if (excess > 0) {
      previousIds.subList(previousMarkerIds.length, previousMarkerIds.length + excess).clear();
    }
  }

  public int systemLength() {
    return systemLength;
  }

  public List<Integer> unitLengths() {
    return List.copyOf(unitLengths);
  }

  public int cacheLength() {
    return llm.cacheLength();
  }

  private static int[] toArray(List<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
