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
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public long cpuNanos;
  public long ops;
  private long started;

  @Setup(Level.Iteration)
  public void clear() {
    cpuNanos = 0;
    ops = 0;
  }

  void start() {
    started = THREADS.getCurrentThreadCpuTime();
  }

  void stop() {
    cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
    ops++;
  }
}
