package org.duplexnode.ports;

/**
 * One processed unit in a run's record.
 *
 * @param droppedUnits total units dropped so far (queue policy)
 */
public record UnitRecord(long unitIndex, long audioStartNs, long audioEndNs, boolean speaking, String text,
                         double computeS, double budgetS, int queueDepth, long droppedUnits, boolean withFrame) {}
