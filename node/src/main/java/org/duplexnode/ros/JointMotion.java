package org.duplexnode.ros;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the robot's joints named in audio.motion_joints move, from its joint states: a head that
 * turns, or wheels that drive the robot where no cmd_vel says so, change the path from its
 * loudspeaker to its microphone as much as a turn on cmd_vel does.
 *
 * <p>A joint moves when its position has left the place it last stood by more than the
 * tolerance (rad, or m for a prismatic joint); the place is then where it is now. Small
 * changes that add up over time (an encoder's jitter, a slow drift) count once they exceed the
 * tolerance. For a message with no positions (a publisher of velocities alone), a joint moves
 * when its velocity is at least the tolerance per second. The first position heard of a joint is
 * where it stands.
 *
 * <p>joint_states often has several publishers (a broadcaster for the arm, another for the
 * head), each naming its own joints: a message that names none of the joints asked for says
 * nothing, and one that names some decides on those alone.
 */
public final class JointMotion {
  private final Set<String> joints;
  private final double tolerance;
  private final Map<String, Double> stoodAt = new HashMap<>();
  private final Set<String> heard = new LinkedHashSet<>();

  /**
   * @param joints the names of the joints whose motion changes the echo path
   * @param tolerance how far a joint may move and still stand (rad or m), greater than 0
   */
  public JointMotion(List<String> joints, double tolerance) {
    if (joints.isEmpty()) {
      throw new IllegalArgumentException("no joints to follow");
    }
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a positive number: " + tolerance);
    }
    this.joints = Set.copyOf(joints);
    this.tolerance = tolerance;
  }

  /**
   * What one joint-state message says of the joints asked for.
   *
   * @param names the message's joint names
   * @param positions its positions (empty, or one per name)
   * @param velocities its velocities (empty, or one per name)
   * @return empty when it names none of them; else whether any of them moves
   * @throws IllegalArgumentException when the arrays' sizes disagree, or a joint asked for has a
   *     value that is not a finite number (nothing is learnt from the message)
   */
  public synchronized Optional<Boolean> moved(List<String> names, double[] positions, double[] velocities) {
    if (positions.length != 0 && positions.length != names.size()
        || velocities.length != 0 && velocities.length != names.size()) {
      throw new IllegalArgumentException(names.size() + " names but " + positions.length + " positions and "
          + velocities.length + " velocities (each must be empty or one per name)");
    }
    boolean named = false;
    for (int i = 0; i < names.size(); i++) {
      if (!joints.contains(names.get(i))) {
        continue;
      }
      named = true;
      if (positions.length > 0 && !Double.isFinite(positions[i])
          || velocities.length > 0 && !Double.isFinite(velocities[i])) {
        throw new IllegalArgumentException("joint " + names.get(i) + " is not a finite number: position "
            + (positions.length > 0 ? positions[i] : "none") + ", velocity "
            + (velocities.length > 0 ? velocities[i] : "none"));
      }
    }
    if (!named) {
      return Optional.empty();
    }
    boolean moving = false;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!joints.contains(name)) {
        continue;
      }
      heard.add(name);
      if (positions.length > 0) {
        Double stood = stoodAt.putIfAbsent(name, positions[i]);
        if (stood != null && Math.abs(positions[i] - stood) > tolerance) {
          stoodAt.put(name, positions[i]);
          moving = true;
        }
      } else if (velocities.length > 0) {
        moving |= Math.abs(velocities[i]) >= tolerance;
      }
    }
    return Optional.of(moving);
  }

  /** The joints asked for that no message has named yet (a misspelt name shows here). */
  public synchronized Set<String> notHeard() {
    Set<String> missing = new java.util.TreeSet<>(joints);
    missing.removeAll(heard);
    return missing;
  }
}
