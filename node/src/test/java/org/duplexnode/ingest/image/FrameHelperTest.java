package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FrameHelperTest {
  private final ExecutorService thread = Executors.newSingleThreadExecutor(
      r -> new Thread(r, "test-helper"));

  @AfterEach
  void stop() {
    thread.shutdownNow();
  }

  @Test
  void aPieceTheHelperHasNotStartedRunsOnTheCaller() throws Exception {
    FrameHelper neverRuns = FrameHelper.on(task -> {});

    FrameHelper.Piece<String> piece = neverRuns.fork(() -> Thread.currentThread().getName());

    assertThat(piece.join()).isEqualTo(Thread.currentThread().getName());
    assertThat(FrameHelper.inline().fork(() -> 42).join()).isEqualTo(42);
  }

  @Test
  void aPieceTheHelperStartedIsWaitedForAndRunsOnlyOnce() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    FrameHelper.Piece<String> piece = FrameHelper.on(thread).fork(() -> {
      runs.incrementAndGet();
      started.countDown();
      release.await();
      return Thread.currentThread().getName();
    });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    new Thread(() -> {
      sleep(50);
      release.countDown();
    }).start();

    assertThat(piece.join()).isEqualTo("test-helper");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aFailureReachesTheCaller() {
    FrameHelper helper = FrameHelper.on(thread);

    assertThatThrownBy(() -> helper.fork(() -> {
      throw new IOException("part failed");
    }).join()).isInstanceOf(IOException.class).hasMessage("part failed");
    assertThatThrownBy(() -> FrameHelper.inline().fork(() -> {
      throw new IllegalStateException("inline");
    }).join()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInterruptWaitsForThePieceAndIsKept() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    FrameHelper.Piece<Integer> piece = FrameHelper.on(thread).fork(() -> {
      started.countDown();
      Thread.sleep(200);
      return 7;
    });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.currentThread().interrupt();

    assertThat(piece.join()).isEqualTo(7);
    assertThat(Thread.interrupted()).isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
