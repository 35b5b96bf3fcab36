package org.duplexnode.audio;

import diagnostic_msgs.msg.dds.DiagnosticStatus;
import java.util.List;

/**
 * The level and message of the local audio's /diagnostics status: ERROR while a local device is
 * not running (it could not be opened, or capture ended on a failed read), WARN in the first report
 * after new write/read errors or dropped speech, else OK.
 *
 * @param level a {@link DiagnosticStatus} level
 */
public record LocalAudioStatus(byte level, String message) {

  /** @param problemsBefore {@link #problems} at the previous report */
  public static LocalAudioStatus of(List<LocalAudioHealth> devices, long problemsBefore) {
    StringBuilder down = new StringBuilder();
    for (LocalAudioHealth d : devices) {
      if (!d.running()) {
        down.append(down.length() == 0 ? "" : "; ").append(d.role()).append(" not running")
            .append(d.lastError().isEmpty() ? "" : ": " + d.lastError());
      }
    }
    if (down.length() > 0) {
      return new LocalAudioStatus(DiagnosticStatus.ERROR, down.toString());
    }
    long now = problems(devices);
    if (now > problemsBefore) {
      return new LocalAudioStatus(DiagnosticStatus.WARN, (now - problemsBefore)
          + " local audio errors or dropped speech chunks since the last report");
    }
    return new LocalAudioStatus(DiagnosticStatus.OK, devices.isEmpty() ? "off" : "running");
  }

  /** Errors and dropped chunks of all devices together. */
  public static long problems(List<LocalAudioHealth> devices) {
    return devices.stream().mapToLong(d -> d.errors() + d.dropped()).sum();
  }
}
