package org.duplexnode.ros;

import java.util.ArrayList;
import java.util.List;

/**
 * DDS's request/offered rule for reliability and durability: a writer serves a reader only when
 * for each policy the writer offers at least what the reader requests. When they do not, DDS
 * matches nothing and delivers nothing, and neither side is told why unless it asks for the
 * "incompatible QoS" status, which ihmc-pub-sub does not expose.
 */
public final class QosCompatibility {
  private QosCompatibility() {}

  /** One policy on which an offer falls short of a request, e.g. {@code reliability: best_effort < reliable}. */
  public record Mismatch(String policy, String offered, String requested) {
    @Override
    public String toString() {
      return policy + " offered " + offered + ", requested " + requested;
    }
  }

  /**
   * The policies on which a writer offering {@code offered} cannot serve a reader requesting
   * {@code requested}; empty when the two match.
   */
  public static List<Mismatch> mismatches(EndpointQos offered, EndpointQos requested) {
    List<Mismatch> out = new ArrayList<>(2);
    if (offered.reliability().compareTo(requested.reliability()) < 0) {
      out.add(new Mismatch("reliability", EndpointQos.name(offered.reliability()),
          EndpointQos.name(requested.reliability())));
    }
    if (offered.durability().compareTo(requested.durability()) < 0) {
      out.add(new Mismatch("durability", EndpointQos.name(offered.durability()),
          EndpointQos.name(requested.durability())));
    }
    return List.copyOf(out);
  }
}
