package org.duplexnode.engine.tensorrt;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.duplexnode.engine.EngineException;

/**
 * Picks the optimisation profile whose [min, max] range holds every input's shape. Profiles are
 * tried in order, so a package lists the narrow, fast one (decode, S = 1) before the wide one
 * (prefill). Pure Java: no native code.
 */
final class ProfileSelector {
  /** One profile: input name -> {min shape, max shape}. */
  record Profile(Map<String, long[][]> ranges) {}

  private final String graph;
  private final List<Profile> profiles;

  ProfileSelector(String graph, List<Profile> profiles) {
    this.graph = graph;
    this.profiles = List.copyOf(profiles);
  }

  /** The index of the first profile that fits, or an {@link EngineException} naming the input that fits none. */
  int select(Map<String, long[]> shapes) {
    String why = "no optimisation profile";
    for (int i = 0; i < profiles.size(); i++) {
      String misfit = misfit(profiles.get(i), shapes);
      if (misfit == null) {
        return i;
      }
      why = misfit;
    }
    throw new EngineException("graph '" + graph + "': no optimisation profile of " + profiles.size() + " fits: "
        + why);
  }

  private static String misfit(Profile p, Map<String, long[]> shapes) {
    for (Map.Entry<String, long[][]> r : p.ranges().entrySet()) {
      long[] s = shapes.get(r.getKey());
      if (s == null) {
        continue;
      }
      long[] min = r.getValue()[0];
      long[] max = r.getValue()[1];
      if (s.length != min.length) {
        return r.getKey() + " has rank " + s.length + ", the engine " + min.length;
      }
      for (int d = 0; d < s.length; d++) {
        if (s[d] < min[d] || s[d] > max[d]) {
          return r.getKey() + Arrays.toString(s) + " outside " + Arrays.toString(min) + ".." + Arrays.toString(max);
        }
      }
    }
    return null;
  }
}
