package org.duplexnode.session;

import java.util.Objects;

/**
 * What the model thread receives per unit: the audio, the paired frame and the force-listen request.
 *
 * @param audio the unit's audio
 * @param frame the newest frame stamped at or before the unit's end within the maximum age, or null
 * @param forceListen true if a force-listen request arrived since the previous unit was produced
 * @param <F> the frame type
 */
public record SessionUnit<F>(AudioUnit audio, Stamped<F> frame, boolean forceListen) {

  public SessionUnit {
    Objects.requireNonNull(audio, "audio");
  }

  public boolean hasFrame() {
    return frame != null;
  }
}
