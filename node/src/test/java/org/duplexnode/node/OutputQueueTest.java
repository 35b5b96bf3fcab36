package org.duplexnode.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duplexnode.ports.OutputEvent;
import org.duplexnode.ports.OutputPort;
import org.duplexnode.ports.StateUpdate;
import org.duplexnode.ports.TranscriptUpdate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OutputQueueTest {
  static StateUpdate state(long unit) {
    return new StateUpdate(unit, false, unit, 0, 0.1, 1.0, 0, 0, 0, 0, 0);
  }

  @Test
  void everyAdapterGetsEveryEventInOrderOnTheOutputsThreadEvenWhenOneThrows() throws Exception {
    List<OutputEvent> got = new CopyOnWriteArrayList<>();
    List<String> threadNames = new CopyOnWriteArrayList<>();
    OutputPort failing = OutputPort.ofEach(e -> {
      if (e instanceof TranscriptUpdate) {
        throw new IllegalStateException("broker gone");
      }
    });
    OutputPort recording = OutputPort.ofEach(e -> {
      got.add(e);
      threadNames.add(Thread.currentThread().getName());
    });
    OutputQueue q = new OutputQueue(List.of(failing, recording), 2, new NodeThreads().named("outputs"));
    List<OutputEvent> sent = new ArrayList<>();
    for (long i = 0; i < 10; i++) { // more than the queue holds: the producer waits, nothing is dropped
      OutputEvent e = i == 4 ? new TranscriptUpdate(1, i, i, "hi", "hi", false, false, false, 0, 0) : state(i);
      sent.add(e);
      e.sendTo(q);
    }
    q.finish();
    assertThat(got).containsExactlyElementsOf(sent);
    assertThat(threadNames).containsOnly("outputs");
    assertThat(q.failedEvents()).isEqualTo(1);
    assertThat(q.lostEvents()).isZero();
  }
}
