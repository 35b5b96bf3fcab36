package org.duplexnode.pipeline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.duplexnode.ingest.image.ModelImage;
import org.duplexnode.session.AudioUnit;

/**
 * The real model stage with a fault from a given unit on: every later unit throws, or the first
 * of them never returns (a model stuck in a graph call). Wraps a real {@link DuplexModelProcessor}
 * for the tests of how a run ends when its model fails.
 */
public final class FaultyModelStage implements UnitProcessor {
  /** What goes wrong. */
  public enum Fault { PREPARE_THROWS, UNITS_THROW, UNIT_HANGS }

  private final UnitProcessor real;
  private final Fault fault;
  private final int goodUnits;
  private final AtomicInteger units = new AtomicInteger();
  private final CountDownLatch never = new CountDownLatch(1);

  public FaultyModelStage(UnitProcessor real, Fault fault, int goodUnits) {
    this.real = real;
    this.fault = fault;
    this.goodUnits = goodUnits;
  }

  @Override
  public void prepare() {
    if (fault == Fault.PREPARE_THROWS) {
      throw new IllegalStateException("LLM key cache is full: 20480 rows exceed its 8192");
    }
    real.prepare();
  }

  @Override
  public Processed process(AudioUnit audio, ModelImage frame, boolean forceListen) {
    if (units.getAndIncrement() < goodUnits) {
      return real.process(audio, frame, forceListen);
    }
    if (fault == Fault.UNIT_HANGS) {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new IllegalStateException("the engine failed on unit " + audio.index());
  }

  @Override
  public void injectText(String text) {
    real.injectText(text);
  }

  @Override
  public void armWatches(java.util.List<String> instructions) {
    real.armWatches(instructions);
  }

  @Override
  public int textTokens(String text) {
    return real.textTokens(text);
  }

  @Override
  public int textBudgetTokens() {
    return real.textBudgetTokens();
  }

  @Override
  public void close() {
    real.close();
  }
}
