package org.duplexnode.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.duplexnode.engine.Engine;
import org.duplexnode.ingest.audio.mel.MelChunk;
import org.duplexnode.ingest.audio.mel.StreamingLogMel;
import org.duplexnode.model.graphs.AudioEncoder;
import org.duplexnode.model.graphs.GraphClock;
import org.duplexnode.model.graphs.LlmGraph;
import org.duplexnode.model.graphs.Token2WavGraphs;
import org.duplexnode.model.graphs.TtsGraph;
import org.duplexnode.model.graphs.VisionEncoder;
import org.duplexnode.model.pkg.Manifest;
import org.duplexnode.model.pkg.ModelPackage;
import org.duplexnode.model.pkg.ModelPackageException;
import org.duplexnode.model.pkg.PackageGraphs;
import org.duplexnode.model.spec.RuntimeOptions;
import org.duplexnode.model.spec.SlidingWindow;
import org.duplexnode.model.spec.VisionFrame;

/**
 * MiniCPM-o 4.5's duplex loop over a model package, one unit (one second of audio) at a time:
 *
 * <pre>
 *   16 kHz samples -> unit chunker -> streaming log-mel -> audio encoder -> 10 embeddings --.
 *   frame (optional) --------------------------------------> vision encoder -> 64 ---------+-> LLM prefill
 *   LLM generate (listen / speak, up to 20 tokens) -> TTS codes (speaking) -> Token2Wav -> 24 kHz audio
 *   LLM finalize ([terminator, &lt;/unit&gt;])
 * </pre>
 *
 * Lifecycle: {@link #open}, {@link #prepare} (again for each new session), {@link #processUnit}
 * per second, {@link #forceListen} on barge-in, {@link #close}. One model thread owns it (not
 * thread-safe). Failure: bad input (a frame or mel of the wrong size, too few samples) throws an
 * {@link IllegalArgumentException} before any state changes but the text injected for the unit,
 * which the unit drops; a graph failure throws the engine's exception and leaves the session
 * undefined: call {@link #prepare} again. A system prompt that cannot fit the
 * {@link ContextBudget} is refused by {@link #prepare} with a {@link ContextBudgetException}
 * before anything is fed.
 */
public final class DuplexModel implements AutoCloseable {
  /** Between two armed watches' instructions, so that they read as separate requests. */
  private static final String ARMED_SEPARATOR = "\n";
  private final StringBuilder pendingText = new StringBuilder();
  private final ModelPackage pkg;
  private final PackageGraphs graphs;
  private final RuntimeOptions options;
  private final GraphClock clock = new GraphClock();
  private final LlmGraph llm;
  private final TtsGraph tts;
  private final AudioEncoder audio;
  private final VisionEncoder vision;
  private final Token2WavGraphs vocoder;
  private final StreamingLogMel mel = new StreamingLogMel();
  private final UnitAudioChunker chunker;
  private final int unitSamplesOut;
  private final int mels;
  private final DuplexConversation conversation;
  private final SpeechCodeGenerator speech;
  private final Token2WavWindow window;
  private final int unitTokens;
  private long unitIndex;
  private boolean prepared;
  /** The longest voice prompt prepare accepts (s). */
  public static final int MAX_REFERENCE_SECONDS = 60;

  private DuplexModel(ModelPackage pkg, PackageGraphs graphs, RuntimeOptions options) {
    this.pkg = pkg;
    this.graphs = graphs;
    this.options = options;
    Manifest m = pkg.manifest();
    checkToken2WavWindow(m);
    this.llm = new LlmGraph(clock.wrap(graphs.get("llm_step")), pkg.embeddings("llm_embed"), m,
        options.llmCacheRows());
    this.tts = new TtsGraph(clock.wrap(graphs.get("tts_step")), clock.wrap(graphs.get("tts_proj")),
        pkg.embeddings("tts_emb_text"), pkg.embeddings("tts_emb_code"), m);
    this.audio = new AudioEncoder(clock.wrap(graphs.get("apm_stream")), clock.wrap(graphs.get("audio_adapter")), m);
    this.vision = new VisionEncoder(clock.wrap(graphs.get("siglip")), clock.wrap(graphs.get("resampler")), m);
    this.vocoder = new Token2WavGraphs(clock.wrap(graphs.get("t2w_encoder")), clock.wrap(graphs.get("dit_step")),
        clock.wrap(graphs.get("hift")), pkg);
    this.chunker = new UnitAudioChunker(m.intAt("audio.sample_rate"), m.intAt("audio.first_chunk_ms"),
        m.intAt("audio.chunk_ms"), m.intAt("audio.hop_length"));
    this.unitSamplesOut = m.intAt("token2wav.sample_rate") * m.intAt("audio.chunk_ms") / 1000;
    this.mels = m.intAt("audio.n_mels");
    // created once: prepare() resets them, so a new session allocates nothing per unit
    this.conversation = new DuplexConversation(llm, pkg.specialTokens(),
        pkg.decodeOptions(options.greedy(), options.seed()), pkg.badTokenIds(), pkg.tokenizer());
    this.speech = new SpeechCodeGenerator(tts, pkg.ttsOptions(options.greedy(), options.seed()));
    this.window = new Token2WavWindow(vocoder);
    this.unitTokens = 1 + m.intAt("image.num_queries") + 2 + m.intAt("audio.embeddings_per_chunk")
        + pkg.decodeOptions(options.greedy(), options.seed()).maxTokensPerUnit() + 2;
  }

  /**
   * Opens the package in {@code dir}, loads its graphs on {@code engine} and checks both against
   * the contract; fails with a {@link ModelPackageException} listing every problem.
   */
  public static DuplexModel open(Path dir, Engine engine, RuntimeOptions options) {
    return open(dir, org.duplexnode.engine.EngineSet.of(engine), options);
  }

  /** As {@link #open(Path, Engine, RuntimeOptions)}, each graph on the engine its manifest entry names. */
  public static DuplexModel open(Path dir, org.duplexnode.engine.EngineSet engines, RuntimeOptions options) {
    ModelPackage pkg = ModelPackage.open(dir);
    try {
      return new DuplexModel(pkg, pkg.loadGraphs(engines), options);
    } catch (RuntimeException e) {
      pkg.close();
      throw e;
    }
  }

  /** The Token2Wav window is the release's; a package with other numbers is refused. */
  private static void checkToken2WavWindow(Manifest m) {
    int[] buffer = m.intsAt("token2wav.initial_buffer");
    int[] silence = {Token2WavWindow.SILENCE, Token2WavWindow.SILENCE, Token2WavWindow.SILENCE};
    if (m.intAt("token2wav.stride") != Token2WavWindow.STRIDE
        || m.intAt("token2wav.lookahead") != Token2WavWindow.LOOKAHEAD
        || m.intAt("token2wav.window") != Token2WavWindow.STRIDE + Token2WavWindow.LOOKAHEAD
        || m.intAt("token2wav.min_window") != Token2WavWindow.LOOKAHEAD + 5
        || !Arrays.equals(buffer, silence)) {
      throw new ModelPackageException("token2wav: window " + m.intAt("token2wav.window") + ", stride "
          + m.intAt("token2wav.stride") + ", lookahead " + m.intAt("token2wav.lookahead") + ", initial buffer "
          + Arrays.toString(buffer) + " differ from the release's 28, 25, 3, [4218, 4218, 4218]");
    }
  }

  /** The package's system text (contract 4.1). */
  public String defaultSystemText() {
    return pkg.defaultSystemText();
  }

  /** Starts a session with the package's default system text (contract 4.1). */
  public void prepare() {
    prepare(pkg.defaultSystemText());
  }

  /**
   * Starts a session: every cache empty, Token2Wav on the package's voice, then the system
   * prompt {@code <|im_start|>system\n{text}\n<|audio_start|>} and {@code <|audio_end|><|im_end|>}
   * (the release's template) fed as two forwards.
   */
  public void prepare(String systemText) {
    prepare(systemText, null);
  }

  /**
   * As {@link #prepare(String)}, with a voice prompt: {@code referenceAudio} (16 kHz mono, at most
   * {@link #MAX_REFERENCE_SECONDS}) is encoded as the release does with its ref_audio, 10 embeddings
   * per second fed between the prefix and the suffix, where they tell the model whose voice it
   * speaks with. Null or empty for none.
   */
  public void prepare(String systemText, float[] referenceAudio) {
    if (referenceAudio != null && referenceAudio.length > MAX_REFERENCE_SECONDS * 16000) {
      throw new IllegalArgumentException("a voice prompt of " + referenceAudio.length / 16000.0 + " s is longer than "
          + MAX_REFERENCE_SECONDS + " s");
    }
    float[] reference = referenceAudio == null || referenceAudio.length == 0 ? null : encodeReference(referenceAudio);
    int[] prefixIds = pkg.tokenizer().encode(pkg.systemPrefix(systemText));
    int[] suffixIds = pkg.tokenizer().encode(pkg.systemSuffix());
    ContextBudget budget = budget(prefixIds.length + (reference == null ? 0 : reference.length / llm.hiddenSize())
        + suffixIds.length);
    if (!budget.systemFits()) {
      prepared = false;
      throw new ContextBudgetException(budget);
    }
    speech.reset();
    window.resetForTurn();
    audio.reset();
    mel.reset();
    chunker.reset();
    unitIndex = 0;
    // The release keeps the window off; a robot listens for hours, so the node always keeps the LLM
    // cache within its capacity with one of the release's windows.
    conversation.slidingWindow(options.window().fittedTo(llm.cacheCapacity()),
        pkg.tokenizer().encode(SlidingWindow.PREVIOUS_MARKER));
    conversation.prepare(prefixIds, reference, suffixIds);
    prepared = true;
  }

  /**
   * The context budget a session with this system prompt and voice prompt (16 kHz mono, or null)
   * would have, without starting one: for checking the configuration at start-up. The voice
   * prompt's positions are counted at their most (10 per started second, plus one unit).
   */
  public ContextBudget contextBudget(String systemText, float[] referenceAudio) {
    int referenceRows = referenceAudio == null || referenceAudio.length == 0 ? 0
        : (referenceAudio.length / 16000 + 2) * pkg.manifest().intAt("audio.embeddings_per_chunk");
    return budget(pkg.tokenizer().encode(pkg.systemPrefix(systemText)).length + referenceRows
        + pkg.tokenizer().encode(pkg.systemSuffix()).length);
  }

  /** The current session's context budget (its system prompt as fed). */
  public ContextBudget contextBudget() {
    requirePrepared();
    return budget(conversation.systemLength() - conversation.previousTokens().size()
        - conversation.armedTokens().length);
  }

  private ContextBudget budget(int systemTokens) {
    SlidingWindow w = options.window().fittedTo(llm.cacheCapacity());
    int previous = w.mode() == SlidingWindow.Mode.CONTEXT
        ? pkg.tokenizer().encode(SlidingWindow.PREVIOUS_MARKER).length + w.maxPreviousTokens() : 0;
    return new ContextBudget(llm.cacheCapacity(), w, unitTokens, previous, systemTokens);
  }

  /** The positions {@code text} takes when given to the model with {@link #injectText}. */
  public int textTokens(String text) {
    return pkg.tokenizer().encode(text).length;
  }

  /**
   * The voice prompt's embeddings: the clip runs through the streaming audio front end and encoder
   * one unit at a time, which is the release's 1-s chunked attention over the whole clip; a tail
   * of at least 0.1 s is padded with silence to a whole unit, a shorter one is dropped. The
   * streaming state is emptied again for the session.
   */
  private float[] encodeReference(float[] clip) {
    audio.reset();
    mel.reset();
    chunker.reset();
    java.util.List<float[]> parts = new java.util.ArrayList<>();
    float[] unit = chunker.push(clip);
    while (unit != null) {
      MelChunk c = mel.accept(unit);
      parts.add(audio.encode(c.values(), c.frames()));
      unit = chunker.push(new float[0]);
    }
    int left = 16000 - chunker.needed();
    if (left >= 1600) {
      MelChunk c = mel.accept(chunker.push(new float[chunker.needed()]));
      parts.add(audio.encode(c.values(), c.frames()));
    }
    audio.reset();
    mel.reset();
    chunker.reset();
    int total = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Samples the next {@link #processUnit} call must at least bring (0 for the first unit, which is padded). */
  public int samplesNeeded() {
    return chunker.needed();
  }

  /**
   * Runs one unit from 16 kHz mono samples (normally one second, 16000; the first unit is
   * left-padded as the release does, and what a unit does not use stays for the next).
   *
   * @param frame the camera frame for this unit, or null
   */
  public UnitResult processUnit(float[] samples, VisionFrame frame) {
    requirePrepared();
    String text = takeInjectedText();
    vision.validate(frame);
    if (samples.length < chunker.needed()) {
      throw new IllegalArgumentException(samples.length + " samples do not complete a unit: "
          + chunker.needed() + " needed");
    }
    long t0 = System.nanoTime();
    MelChunk chunk = mel.accept(chunker.push(samples));
    if (chunk.isEmpty()) {
      throw new IllegalStateException("the mel front end emitted no frames for unit " + unitIndex);
    }
    return run(chunk.values(), chunk.frames(), frame, text, t0, System.nanoTime());
  }

  /**
   * Runs one unit from its log-mel ({@code [80, frames]} row-major, 102 frames for the first unit
   * of a stream, 104 after), for callers that compute the mel themselves.
   */
  public UnitResult processMel(float[] melValues, int frames, VisionFrame frame) {
    requirePrepared();
    String text = takeInjectedText();
    vision.validate(frame);
    if (frames <= 0 || melValues.length != mels * frames) {
      throw new IllegalArgumentException("mel of " + melValues.length + " values is not " + mels + " x " + frames);
    }
    long t0 = System.nanoTime();
    return run(melValues, frames, frame, text, t0, t0);
  }

  /** The text injected since the last unit, now this unit's: a unit that fails drops it with it. */
  private String takeInjectedText() {
    String text = pendingText.toString();
    pendingText.setLength(0);
    return text;
  }

  private UnitResult run(float[] melValues, int frames, VisionFrame frame, String injected, long t0, long melDone) {
    long g0 = clock.nanos();
    float[] audioEmbeds = audio.encode(melValues, frames);
    long t1 = System.nanoTime();
    float[] imageEmbeds = frame == null ? null : vision.encode(frame);
    long t2 = System.nanoTime();
    int[] text = injected.isEmpty() ? new int[0] : pkg.tokenizer().encode(injected);
    conversation.prefill(imageEmbeds, audioEmbeds, text);
    GeneratedUnit g = conversation.generate();
    long t3 = System.nanoTime();
    float[] out;
    int[] codes = new int[0];
    long t4 = t3;
    if (g.listening()) {
      out = new float[unitSamplesOut];
    } else {
      codes = speech.generate(g.spoken(), g.endOfTurn());
      t4 = System.nanoTime();
      out = window.push(codes, g.endOfTurn(), true);
      if (!g.endOfTurn() && out.length > 0 && out.length < unitSamplesOut) {
        float[] padded = new float[unitSamplesOut];
        System.arraycopy(out, 0, padded, unitSamplesOut - out.length, out.length);
        out = padded;
      }
    }
    long t5 = System.nanoTime();
    conversation.finalizeUnit();
    long t6 = System.nanoTime();
    StageTimings timings = new StageTimings(melDone - t0, t1 - melDone, t2 - t1, (t3 - t2) + (t6 - t5),
        g.listening() ? 0 : t4 - t3, g.listening() ? 0 : t5 - t4, t6 - t0, clock.nanos() - g0);
    return new UnitResult(unitIndex++, g.listening(), g.forcedListen(), g.text(), out, g.endOfTurn(),
        g.tokens(), codes, g.spoken().size(), llm.cacheLength(), audio.cacheLength(), timings);
  }

  /**
   * Text the next unit feeds after its audio, as the release feeds a user's text input in a
   * unit; once fed it leaves the cache with its unit. Watches are held by {@link #armWatches}
   * instead. Text beyond the {@link ContextBudget#textTokens()} can overflow the cache: the caller
   * keeps within it.
   */
  public void injectText(String text) {
    pendingText.append(text);
  }

  /**
   * The instructions of the armed watches, in arming order, each followed by a line break, each
   * taking {@link #watchTokens} positions: the model holds them in the protected region after the
   * system prompt, which no sliding window evicts, from the next unit on until the next call
   * changes them (an empty list when none is armed). Together they must stay within
   * {@link ContextBudget#textTokens()}. A call with the same list changes nothing.
   */
  public void armWatches(List<String> instructions) {
    int[] separator = pkg.tokenizer().encode(ARMED_SEPARATOR);
    int[] ids = instructions.stream()
        .flatMapToInt(i -> java.util.stream.IntStream.concat(Arrays.stream(pkg.tokenizer().encode(i)),
            Arrays.stream(separator)))
        .toArray();
    conversation.armedText(ids);
  }

  /** The positions a watch's instruction takes among the armed ones ({@link #armWatches}), its line break included. */
  public int watchTokens(String instruction) {
    return textTokens(instruction) + textTokens(ARMED_SEPARATOR);
  }

  /** The armed watches' instruction tokens the LLM cache holds now. */
  public int[] armedTokens() {
    return conversation.armedTokens();
  }

  /**
   * Speaks {@code text} in the model's voice as its own turn, from the first unit with no turn
   * open (after the utterance in progress; call {@link #forceListen()} first to cut it): the
   * tokens are fed as if the model had said them, so the conversation remembers them, and the
   * TTS and Token2Wav speak them as any speaking unit. Special tokens in the text are dropped.
   * Returns the number of text tokens queued.
   */
  public int say(String text) {
    requirePrepared();
    java.util.Set<Integer> special = pkg.specialTokens().all();
    int[] ids = Arrays.stream(pkg.tokenizer().encode(text)).filter(id -> !special.contains(id)).toArray();
    conversation.say(ids);
    return ids.length;
  }

  /** Whether the last unit spoke text given to {@link #say}. */
  public boolean lastUnitSaid() {
    return conversation.lastUnitSaid();
  }

  /** Text tokens {@link #say} queued that are not spoken yet. */
  public int tokensToSay() {
    return conversation.tokensToSay();
  }

  /**
   * Barge-in: the next unit closes an open turn with {@code <|turn_eos|>} and listens; the TTS
   * cache and Token2Wav (caches back to the voice, buffer to the three silence codes) are reset
   * now, dropping speech not yet vocoded.
   */
  public void forceListen() {
    requirePrepared();
    conversation.forceListen();
    tts.reset();
    window.resetForTurn();
  }

  /** LLM positions of the system prompt. */
  public int systemLength() {
    requirePrepared();
    return conversation.systemLength();
  }

  /** LLM positions each finalized unit added, in order. */
  public List<Integer> unitLengths() {
    requirePrepared();
    return conversation.unitLengths();
  }

  /** Units the sliding window has dropped from the LLM cache since prepare. */
  public long evictedUnits() {
    return conversation.evictedUnits();
  }

  /** With the context window: the tokens of what evicted units said, kept in the system prompt. */
  public java.util.List<Integer> previousTokens() {
    return conversation.previousTokens();
  }

  public int llmCacheLength() {
    return llm.cacheLength();
  }

  /** How many times the audio encoder's 1500-position rule emptied its cache since prepare. */
  public int audioEncoderResets() {
    return audio.resets();
  }

  /** Nanoseconds spent inside graph calls since open. */
  public long graphNanos() {
    return clock.nanos();
  }

  /**
   * Token decisions since open that needed a pass over every logit because the graph's shortlist
   * could not decide exactly (ties at its edge); almost always zero.
   */
  public long decoderFullPasses() {
    return conversation.decoderFullPasses();
  }

  /** Graph calls since open. */
  public long graphCalls() {
    return clock.calls();
  }

  /** The package's name from its manifest. */
  public String packageName() {
    return pkg.name();
  }

  private void requirePrepared() {
    if (!prepared) {
      throw new IllegalStateException("call prepare() before running units");
    }
  }

  @Override
  public void close() {
    graphs.close();
    pkg.close();
  }
}
