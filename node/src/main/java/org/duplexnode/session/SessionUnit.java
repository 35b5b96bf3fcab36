package org.duplexnode.session;

import java.util.Objects;

/**
 * What the model thread receives per unit: the audio, the paired frame and the force-listen request.
 *
 * @param audio the unit's audio
 * @param frame the newest frame stamped at or before the unit's end within the maximum age, or null
 * @param forceListen true if a force-listen request arrived since the previous unit was produced
 * @param muted true if the node was muted when the unit was completed: its audio ends in silence
 *     (from the mute on) and the model must listen
 * @param <F> the frame type
 */
public record SessionUnit<F>(AudioUnit audio, Stamped<F> frame, boolean forceListen, boolean muted) {

  public SessionUnit {
    Objects.requireNonNull(audio, "audio");
  }

  /** A unit of a node that is not muted. */
  public SessionUnit(AudioUnit audio, Stamped<F> frame, boolean forceListen) {
    this(audio, frame, forceListen, false);
  }

  public boolean hasFrame() {
    return frame != null;
  }
}
