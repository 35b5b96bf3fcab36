package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The struct offsets and constants {@link CycloneDiscoveryObserver} reads libddsc's memory with,
 * checked against the installed CycloneDDS headers (cyclonedds-dev) by compiling a probe with gcc.
 */
@Tag("interop")
class CycloneLayoutTest {
  private static final String PROBE = """
      #include <dds/dds.h>
      #include <stddef.h>
      #include <stdio.h>
      int main(void) {
        printf("SAMPLE_INFO_SIZE %zu\\n", sizeof(dds_sample_info_t));
        printf("INFO_INSTANCE_STATE %zu\\n", offsetof(dds_sample_info_t, instance_state));
        printf("INFO_VALID_DATA %zu\\n", offsetof(dds_sample_info_t, valid_data));
        printf("INFO_INSTANCE_HANDLE %zu\\n", offsetof(dds_sample_info_t, instance_handle));
        printf("ENDPOINT_KEY %zu\\n", offsetof(dds_builtintopic_endpoint_t, key));
        printf("ENDPOINT_PARTICIPANT_KEY %zu\\n", offsetof(dds_builtintopic_endpoint_t, participant_key));
        printf("ENDPOINT_TOPIC_NAME %zu\\n", offsetof(dds_builtintopic_endpoint_t, topic_name));
        printf("ENDPOINT_TYPE_NAME %zu\\n", offsetof(dds_builtintopic_endpoint_t, type_name));
        printf("ENDPOINT_QOS %zu\\n", offsetof(dds_builtintopic_endpoint_t, qos));
        printf("INSTANCE_ALIVE %d\\n", (int) DDS_IST_ALIVE);
        printf("RELIABILITY_RELIABLE %d\\n", (int) DDS_RELIABILITY_RELIABLE);
        printf("DCPS_PUBLICATION %d\\n", (int) DDS_BUILTIN_TOPIC_DCPSPUBLICATION);
        printf("DCPS_SUBSCRIPTION %d\\n", (int) DDS_BUILTIN_TOPIC_DCPSSUBSCRIPTION);
        printf("DURABILITY %d %d %d %d\\n", (int) DDS_DURABILITY_VOLATILE, (int) DDS_DURABILITY_TRANSIENT_LOCAL,
               (int) DDS_DURABILITY_TRANSIENT, (int) DDS_DURABILITY_PERSISTENT);
        return 0;
      }
      """;

  @Test
  void theObserversOffsetsAndConstantsAreThoseOfTheInstalledHeaders(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("probe.c");
    Files.writeString(source, PROBE);
    Path exe = dir.resolve("probe");
    ProcessResult build = ProcessResult.run(List.of("gcc", "-o", exe.toString(), source.toString()), Map.of());
    assertThat(build.exitCode()).as("gcc (needs cyclonedds-dev): %s", build.stderr()).isZero();
    ProcessResult run = ProcessResult.run(List.of(exe.toString()), Map.of());
    assertThat(run.exitCode()).isZero();
    Map<String, String> probed = new HashMap<>();
    run.stdout().lines().forEach(l -> probed.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));

    assertThat(probed).containsEntry("SAMPLE_INFO_SIZE", Integer.toString(CycloneDiscoveryObserver.SAMPLE_INFO_SIZE))
        .containsEntry("INFO_INSTANCE_STATE", Integer.toString(CycloneDiscoveryObserver.INFO_INSTANCE_STATE))
        .containsEntry("INFO_VALID_DATA", Integer.toString(CycloneDiscoveryObserver.INFO_VALID_DATA))
        .containsEntry("INFO_INSTANCE_HANDLE", Integer.toString(CycloneDiscoveryObserver.INFO_INSTANCE_HANDLE))
        .containsEntry("ENDPOINT_KEY", Integer.toString(CycloneDiscoveryObserver.ENDPOINT_KEY))
        .containsEntry("ENDPOINT_PARTICIPANT_KEY", Integer.toString(CycloneDiscoveryObserver.ENDPOINT_PARTICIPANT_KEY))
        .containsEntry("ENDPOINT_TOPIC_NAME", Integer.toString(CycloneDiscoveryObserver.ENDPOINT_TOPIC_NAME))
        .containsEntry("ENDPOINT_TYPE_NAME", Integer.toString(CycloneDiscoveryObserver.ENDPOINT_TYPE_NAME))
        .containsEntry("ENDPOINT_QOS", Integer.toString(CycloneDiscoveryObserver.ENDPOINT_QOS))
        .containsEntry("INSTANCE_ALIVE", Integer.toString(CycloneDiscoveryObserver.INSTANCE_ALIVE))
        .containsEntry("RELIABILITY_RELIABLE", Integer.toString(CycloneDiscoveryObserver.RELIABILITY_RELIABLE))
        .containsEntry("DCPS_PUBLICATION", Integer.toString(CycloneDiscoveryObserver.DCPS_PUBLICATION))
        .containsEntry("DCPS_SUBSCRIPTION", Integer.toString(CycloneDiscoveryObserver.DCPS_SUBSCRIPTION))
        // EndpointQos.Durability is indexed by libddsc's durability kind.
        .containsEntry("DURABILITY", "0 1 2 3");
    assertThat(EndpointQos.Durability.values()).containsExactly(EndpointQos.Durability.VOLATILE,
        EndpointQos.Durability.TRANSIENT_LOCAL, EndpointQos.Durability.TRANSIENT, EndpointQos.Durability.PERSISTENT);
  }
}
