package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The observer's behaviour where no DDS traffic is needed: a missing library, bounded strings, its config. */
@Tag("unit")
class CycloneDiscoveryObserverTest {

  @Test
  void aMissingLibraryMakesTheObserverUnavailableInsteadOfFailing() {
    try (CycloneDiscoveryObserver observer = CycloneDiscoveryObserver.start(0, List.of(), Duration.ofSeconds(1),
        List.of("duplex_no_such_ddsc"))) {
      assertThat(observer.unavailable()).hasValueSatisfying(why ->
          assertThat(why).contains("libddsc not found", "duplex_no_such_ddsc", "cyclonedds"));
      assertThat(observer.endpoints()).isEmpty();
    }
  }

  @Test
  void nativeStringsAreReadUpToTheirEndOrTheBound() {
    try (Memory text = new Memory(1000)) {
      text.setString(0, "rt/duplex_node/watch");
      assertThat(CycloneDiscoveryObserver.cString(text)).isEqualTo("rt/duplex_node/watch");

      for (int i = 0; i < 1000; i++) {
        text.setByte(i, (byte) 'a');
      }
      assertThat(CycloneDiscoveryObserver.cString(text)).hasSize(CycloneDiscoveryObserver.MAX_STRING_BYTES);
    }
    assertThat(CycloneDiscoveryObserver.cString(null)).isEmpty();
  }

  @Test
  void theConfigFollowsTheTransportsInterfacesAndEnablesMulticastOnLoopback() {
    assertThat(CycloneDiscoveryObserver.configFor(List.of())).isNull();
    assertThat(CycloneDiscoveryObserver.configFor(List.of(InetAddress.getLoopbackAddress())))
        .contains("<NetworkInterface name=\"lo\" multicast=\"true\"/>", "<AllowMulticast>true</AllowMulticast>");
  }
}
