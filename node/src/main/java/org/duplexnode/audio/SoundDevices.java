package org.duplexnode.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;

/**
 * Finds a line of this computer's sound devices (Java Sound mixers; on Linux the ALSA PCMs, the
 * ALSA {@code default} PCM listed as "NAME [default]"). A device is named by any part of its
 * mixer name, case-insensitive; an empty name is the default device. A missing device fails with
 * a {@link LineUnavailableException} whose message lists the devices that have such a line.
 */
public final class SoundDevices {
  private SoundDevices() {}

  /** The line of the named device (empty: the default) that supports {@code info}. */
  public static Line find(String device, DataLine.Info info) throws LineUnavailableException {
    if (device == null || device.isBlank()) {
      try {
        return AudioSystem.getLine(info);
      } catch (IllegalArgumentException e) {
        throw new LineUnavailableException("no default device supports " + info.getFormats()[0]
            + "; devices: " + describe(info));
      }
    }
    String wanted = device.toLowerCase(Locale.ROOT);
    for (Mixer.Info m : AudioSystem.getMixerInfo()) {
      Mixer mixer = AudioSystem.getMixer(m);
      if (m.getName().toLowerCase(Locale.ROOT).contains(wanted) && mixer.isLineSupported(info)) {
        return mixer.getLine(info);
      }
    }
    throw new LineUnavailableException("no device named '" + device + "' supports " + info.getFormats()[0]
        + "; devices: " + describe(info));
  }

  /** Names of the devices with a line like {@code info}, for error messages ("none" if none). */
  public static String describe(DataLine.Info info) {
    List<String> names = new ArrayList<>();
    for (Mixer.Info m : AudioSystem.getMixerInfo()) {
      if (AudioSystem.getMixer(m).isLineSupported(info)) {
        names.add("'" + m.getName() + "'");
      }
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
