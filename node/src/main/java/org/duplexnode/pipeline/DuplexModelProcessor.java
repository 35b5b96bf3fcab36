package org.duplexnode.pipeline;

import org.duplexnode.ingest.audio.mel.MelChunk;
import org.duplexnode.ingest.audio.mel.StreamingLogMel;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.model.DuplexModel;
import org.duplexnode.model.UnitResult;
import org.duplexnode.model.spec.VisionFrame;
import org.duplexnode.session.AudioUnit;

/**
 * MiniCPM-o as the pipeline's {@link UnitProcessor}. Session units are already cut and padded as
 * the release expects (unit 0 of a stream carries its left padding), so the mel is computed here
 * from exactly the unit's samples and handed to {@link DuplexModel#processMel}; the model's own
 * chunker is not used. A new audio stream (after a long gap or a restart) restarts the mel.
 */
public final class DuplexModelProcessor implements UnitProcessor {
  private final DuplexModel model;
  private final String systemText;
  private final float[] voicePrompt;
  private final StreamingLogMel mel = new StreamingLogMel();

  /** With the package's default system text and no voice prompt. */
  public DuplexModelProcessor(DuplexModel model) {
    this(model, null, null);
  }

  /**
   * @param systemText the system prompt's text, or null for the package's default
   * @param voicePrompt 16 kHz mono reference audio fed with the system prompt, or null
   */
  public DuplexModelProcessor(DuplexModel model, String systemText, float[] voicePrompt) {
    this.model = model;
    this.systemText = systemText;
    this.voicePrompt = voicePrompt;
  }

  @Override
  public void prepare() {
    if (systemText == null) {
      model.prepare(model.defaultSystemText(), voicePrompt);
    } else {
      model.prepare(systemText, voicePrompt);
    }
    mel.reset();
  }

  @Override
  public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
    if (audio.startsStream() && audio.streamIndex() > 0) {
      mel.reset();
    }
    if (forceListen) {
      model.forceListen();
    }
    MelChunk m = mel.accept(audio.samples());
    if (m.isEmpty()) {
      throw new IllegalStateException("the mel front end emitted no frames for unit " + audio.index());
    }
    VisionFrame v = frame == null ? null
        : new VisionFrame(frame.gridH(), frame.gridW(), frame.pixels(), frame.positionIds());
    UnitResult r = model.processMel(m.values(), m.frames(), v);
    return new Processed(r.isListen(), r.forcedListen(), r.text(), r.isListen() ? new float[0] : r.audio(),
        r.endOfTurn(), r.llmCacheLength());
  }

  @Override
  public void injectText(String text) {
    model.injectText(text);
  }

  @Override
  public int textTokens(String text) {
    return model.watchTokens(text);
  }

  @Override
  public void armWatches(java.util.List<String> instructions) {
    model.armWatches(instructions);
  }

  @Override
  public int textBudgetTokens() {
    return model.contextBudget().textTokens();
  }

  /**
   * A new conversation on the same microphone stream: the model starts again from the system
   * prompt, while the log-mel front end goes on (the audio does not restart, so the next unit is
   * not the first of a stream).
   */
  @Override
  public void reset() {
    model.prepare(systemText == null ? model.defaultSystemText() : systemText, voicePrompt);
  }

  @Override
  public void say(String text) {
    model.say(text);
  }

  @Override
  public boolean lastUnitSaid() {
    return model.lastUnitSaid();
  }

  @Override
  public boolean speaksText() {
    return true;
  }

  @Override
  public void close() {
    model.close();
  }
}
