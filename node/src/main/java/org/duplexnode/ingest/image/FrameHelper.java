package org.duplexnode.ingest.image;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * A second core for a frame's work that splits in two: the caller hands one piece to a helper
 * thread ({@link #fork}) and does the other itself. When the caller needs the piece and the
 * helper has not started it (busy, or not yet scheduled), the caller runs it itself, so a frame
 * never waits for the helper to get round to it: with the second core taken, the frame costs what
 * it would on one thread.
 *
 * <p>{@link #shared()} is one daemon thread for the whole process, and only where the JVM sees
 * more than one processor (a node pinned to one core works on one thread). Frames convert one at
 * a time on the model thread, so one helper is enough; concurrent callers only share it.
 */
final class FrameHelper {
  private static final FrameHelper INLINE = new FrameHelper(null);

  private final Executor executor;

  private FrameHelper(Executor executor) {
    this.executor = executor;
  }

  /** The process's helper, or {@link #inline()} on a single-processor JVM. */
  static FrameHelper shared() {
    return Shared.HELPER;
  }

  /** No helper: every piece runs on the caller when it is joined. */
  static FrameHelper inline() {
    return INLINE;
  }

  /** A helper that runs pieces on the given executor (tests). */
  static FrameHelper on(Executor executor) {
    return new FrameHelper(executor);
  }

  /** Whether pieces can run on another thread at all. */
  boolean parallel() {
    return executor != null;
  }

  /** Offers {@code work} to the helper; {@link Piece#join()} gives its result. */
  <T> Piece<T> fork(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    if (executor != null) {
      executor.execute(task);
    }
    return new Piece<>(task);
  }

  /** Work that either the helper or the joining caller runs, never both. */
  static final class Piece<T> {
    private final FutureTask<T> task;

    private Piece(FutureTask<T> task) {
      this.task = task;
    }

    /**
     * Runs the work here unless the helper has started it (a FutureTask runs once), then gives
     * its result or rethrows its failure. Waits through an interrupt, which it keeps for the
     * caller: the work writes into buffers the caller reuses next, and it is short.
     */
    T join() throws Exception {
      task.run();
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return task.get();
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
              throw exception;
            }
            throw (Error) cause;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Created on first use, so a node that never sees a JPEG starts no thread. */
  private static final class Shared {
    static final FrameHelper HELPER = Runtime.getRuntime().availableProcessors() > 1
        ? new FrameHelper(Executors.newSingleThreadExecutor(runnable -> {
          Thread thread = new Thread(runnable, "duplex-frame-helper");
          thread.setDaemon(true);
          return thread;
        }))
        : INLINE;
  }
}
