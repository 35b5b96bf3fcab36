package org.duplexnode.ros.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterSet;
import org.duplexnode.ros.services.ParameterServiceTypes.ListRequest;
import org.duplexnode.ros.services.ParameterServiceTypes.NamesRequest;
import org.duplexnode.ros.services.ParameterServiceTypes.Parameter;
import org.duplexnode.ros.services.ParameterServiceTypes.SetRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * The service types' CDR (request header first, then the fields), their refusal of lengths above
 * the bounds, and list_parameters' prefix and depth rules (rclcpp's).
 */
@Tag("unit")
class ServiceWireTest {

  @Test
  void aRequestRoundTripsWithItsHeader() throws Exception {
    ServiceSampleType<SetRequest> type = ParameterServiceTypes.SET.requestType();
    assertThat(type.getName()).isEqualTo("rcl_interfaces::srv::dds_::SetParameters_Request_");
    SetRequest request = new SetRequest(List.of(
        new Parameter("dds.interfaces", ParameterValueMsg.ofStrings(List.of("lo", "eth0"))),
        new Parameter("diagnostics.period_s", ParameterValueMsg.ofDouble(2.5))));
    SerializedPayload payload = new SerializedPayload(type.getTypeSize());
    type.serialize(new ServiceSample<SetRequest>().set(0x1122334455667788L, 42, request), payload);

    // The header is the first 16 bytes after the encapsulation, little-endian as CycloneDDS writes it.
    ByteBuffer bytes = payload.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.getLong(4)).isEqualTo(0x1122334455667788L);
    assertThat(bytes.getLong(12)).isEqualTo(42);

    ServiceSample<SetRequest> back = type.createData();
    payload.getData().position(0);
    type.deserialize(payload, back);
    assertThat(back.clientId).isEqualTo(0x1122334455667788L);
    assertThat(back.sequence).isEqualTo(42);
    assertThat(back.body.parameters()).hasSize(2);
    assertThat(back.body.parameters().get(0).value().stringArray()).containsExactly("lo", "eth0");
    assertThat(back.body.parameters().get(1).value().doubleValue()).isEqualTo(2.5);
  }

  @Test
  void aSequenceLongerThanItsBoundIsRefusedBeforeAnythingIsAllocated() {
    ServiceSampleType<NamesRequest> type = ParameterServiceTypes.GET.requestType();
    ByteBuffer wire = ByteBuffer.allocate(4 + 16 + 4).order(ByteOrder.LITTLE_ENDIAN);
    wire.put(new byte[] {0, 1, 0, 0}).putLong(7).putLong(1).putInt(Integer.MAX_VALUE);
    SerializedPayload payload = new SerializedPayload(type.getTypeSize());
    payload.getData().put(wire.array());
    payload.getData().flip();
    payload.setLength(wire.capacity());
    assertThatThrownBy(() -> type.deserialize(payload, type.createData()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds its bound of 1024");
  }

  @Test
  void listFollowsPrefixesAndDepthAsRclcppDoes() {
    ParameterServices services = new ParameterServices(new ParameterSet(NodeParameters.all()), Map.of());
    assertThat(services.list(new ListRequest(List.of(), 1)).names()).containsExactly("use_sim_time");
    ParameterServiceTypes.ListResponse mqtt = services.list(new ListRequest(List.of("mqtt"), 1));
    assertThat(mqtt.names()).contains("mqtt.url", "mqtt.password").doesNotContain("mqtt.tls.ca_file");
    assertThat(mqtt.prefixes()).containsExactly("mqtt");
    assertThat(services.list(new ListRequest(List.of("mqtt"), 0)).names()).contains("mqtt.tls.ca_file");
  }

  @Test
  void aRequestNamingARelatedSampleIdentityComesFromAnRmwFastrtpsClient() {
    us.ihmc.pubsub.common.Guid unknown = new us.ihmc.pubsub.common.Guid();
    assertThat(ServiceServer.fromSampleIdentityClient(unknown)).isFalse();
    us.ihmc.pubsub.common.Guid replyReader = new us.ihmc.pubsub.common.Guid();
    replyReader.fromPrimitives(0x0110aabbccddeeffL, 0x0000000100000304L);
    assertThat(ServiceServer.fromSampleIdentityClient(replyReader)).isTrue();
  }

  @Test
  void aChangeableParameterMustBeDeclared() {
    assertThatThrownBy(() -> new ParameterServices(new ParameterSet(NodeParameters.all()), Map.of("nope", v -> { })))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
  }
}
