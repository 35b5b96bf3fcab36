package org.duplexnode.audio;

import java.util.List;
import java.util.function.Supplier;
import org.duplexnode.ports.StatusReport;

/** The local speaker's and microphone's status for /diagnostics (device, samples, drops, errors, the speaker's barge-in). */
public final class LocalAudioReport implements Supplier<StatusReport> {
  private final Supplier<List<LocalAudioHealth>> devices;
  private long lastProblems;

  public LocalAudioReport(Supplier<List<LocalAudioHealth>> devices) {
    this.devices = devices;
  }

  @Override
  public synchronized StatusReport get() {
    List<LocalAudioHealth> all = devices.get();
    StatusReport.Builder b = new StatusReport.Builder();
    for (LocalAudioHealth d : all) {
      b.add(d.role() + " device", d.device().isEmpty() ? "default" : d.device());
      b.add(d.role() + " running", d.running());
      b.add(d.role() + " samples", d.samples());
      if (d.role().equals("speaker")) {
        b.add(d.role() + " dropped chunks", d.dropped());
        b.add(d.role() + " stream restarts", d.streamRestarts());
        b.add(d.role() + " volume dB", String.format(java.util.Locale.ROOT, "%.1f", d.volumeDb()));
      }
      b.add(d.role() + " errors", d.errors());
      b.add(d.role() + " last error", d.lastError());
      if (d.bargeIn() != null) {
        b.add("barge-in", d.bargeIn().policy());
        b.add("barge-ins", d.bargeIn().bargeIns());
        b.add("cue ducks", d.bargeIn().cueDucks());
        b.add("cue ducks undone", d.bargeIn().cueDucksUndone());
        b.add("barge-ins undone", d.bargeIn().bargeInsUndone());
        b.add("barge-ins the model ended", d.bargeIn().bargeInsTheModelEnded());
        LocalAudioHealth.MotionState motion = d.bargeIn().motion();
        if (motion != null) {
          b.add("barge-in while moving", motion.whileMoving());
          b.add("robot moving", motion.moving());
          b.add("velocity commands", motion.commands());
          b.add("moving commands", motion.movingCommands());
          if (motion.jointsNotHeard() != null) {
            b.add("joint states", motion.jointStates());
            b.add("moving joint states", motion.movingJointStates());
            b.add("motion joints not heard", String.join(" ", motion.jointsNotHeard()));
          }
        }
      }
    }
    LocalAudioStatus status = LocalAudioStatus.of(all, lastProblems);
    lastProblems = LocalAudioStatus.problems(all);
    return b.build("local audio", "", status.level(), status.message());
  }
}
