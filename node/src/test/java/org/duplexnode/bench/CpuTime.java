package org.duplexnode.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark thread, reported beside JMH's wall-clock score as two event counters
 * summed over the measurement iterations: {@code cpuNanos} and {@code ops}; CPU time per operation
 * is their ratio. On a machine shared with other work the wall-clock score includes time the
 * thread waited for a core; CPU time does not.
 *
 * <p>{@code helperCpuNanos}: CPU time of the node's frame helper thread over the same spans (the
 * part of a cut JPEG it decodes), 0 where the benchmark never starts it. A benchmark's CPU time
 * per operation is then ({@code cpuNanos} + {@code helperCpuNanos}) / {@code ops}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final String HELPER_THREAD = "duplex-frame-helper";

  public long cpuNanos;
  public long helperCpuNanos;
  public long ops;
  private long started;
  private long helperStarted;
  private long helperId = -1;

  @Setup(Level.Iteration)
  public void clear() {
    cpuNanos = 0;
    helperCpuNanos = 0;
    ops = 0;
    helperId = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(HELPER_THREAD)).mapToLong(Thread::getId).findFirst()
        .orElse(-1);
  }

  void start() {
    helperStarted = helperCpu();
    started = THREADS.getCurrentThreadCpuTime();
  }

  void stop() {
    cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
    helperCpuNanos += helperCpu() - helperStarted;
    ops++;
  }

  private long helperCpu() {
    return helperId < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(helperId));
  }
}
