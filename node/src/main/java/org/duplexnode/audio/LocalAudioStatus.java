package org.duplexnode.audio;

import java.util.List;
import org.duplexnode.ports.StatusReport.Level;

/**
 * The level and message of the local audio's /diagnostics status: ERROR while a local device is
 * not running (it could not be opened, or capture ended on a failed read), WARN in the first report
 * after new write/read errors or dropped speech, else OK.
 *
 */
public record LocalAudioStatus(Level level, String message) {

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
      return new LocalAudioStatus(Level.ERROR, down.toString());
    }
    long now = problems(devices);
    if (now > problemsBefore) {
      return new LocalAudioStatus(Level.WARN, (now - problemsBefore)
          + " local audio errors or dropped speech chunks since the last report");
    }
    return new LocalAudioStatus(Level.OK, devices.isEmpty() ? "off" : "running");
  }

  /** Errors and dropped chunks of all devices together. */
  public static long problems(List<LocalAudioHealth> devices) {
    return devices.stream().mapToLong(d -> d.errors() + d.dropped()).sum();
  }
}
