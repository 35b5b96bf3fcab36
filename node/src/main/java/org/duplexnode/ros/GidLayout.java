package org.duplexnode.ros;

import java.util.Locale;
import java.util.Set;

/**
 * How long an rmw gid is on the wire in {@code ros_discovery_info} (rmw_dds_common/Gid): 24 bytes
 * up to Humble, 16 from Iron on. A node that announces itself in the other layout is not decoded
 * by the robot's ROS tools, so it is missing from {@code ros2 node list}. The first 16 bytes are
 * the DDS GUID either way; Humble's last 8 are zero.
 */
public enum GidLayout {
  HUMBLE(24), IRON(16);

  /** The distributions whose rmw_dds_common has 24-byte gids. */
  private static final Set<String> LONG_GIDS = Set.of("humble", "galactic", "foxy", "eloquent", "dashing");

  private final int bytes;

  GidLayout(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  /** The layout of a ROS distribution by name ("humble", "jazzy", ...); unknown names are newer ones. */
  public static GidLayout ofDistro(String distro) {
    return LONG_GIDS.contains(distro.strip().toLowerCase(Locale.ROOT)) ? HUMBLE : IRON;
  }

  /** From {@code distro} when it is set, else from the environment's ROS_DISTRO, else Iron's. */
  public static GidLayout of(String distro) {
    if (!distro.isBlank()) {
      return ofDistro(distro);
    }
    String env = System.getenv("ROS_DISTRO");
    return env == null || env.isBlank() ? IRON : ofDistro(env);
  }
}
