package org.duplexnode.ros;

import com.eprosima.xmlschemas.fastrtps_profiles.TransportDescriptorType;
import jakarta.xml.bind.JAXBElement;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import javax.xml.namespace.QName;
import us.ihmc.pubsub.attributes.ParticipantProfile;
import us.ihmc.pubsub.common.Time;

/**
 * The DDS participant settings of the node. UDP socket buffers are raised to 8 MiB because a raw
 * camera frame is several megabytes: with the kernel's 208 KiB default, a burst of fragments
 * overflows the receive buffer and best-effort frames never arrive whole. 8 MiB holds a whole
 * 1080p rgb8 frame (6.2 MB); with 4 MiB the transport benchmark (docs/benchmarks.md) lost one
 * frame in 601 to kernel buffer overflows on a loaded machine, with 8 MiB none. The kernel caps the
 * request at net.core.rmem_max / wmem_max (docs/deploy.md says how to raise them).
 */
final class ParticipantProfiles {
  static final long SOCKET_BUFFER_BYTES = 8L << 20;
  private static final String FASTDDS_XML_NS = "http://www.eprosima.com/XMLSchemas/fastRTPS_Profiles";

  private ParticipantProfiles() {}

  static ParticipantProfile udp(int domainId, boolean sharedMemory, List<InetAddress> interfaces) {
    ParticipantProfile p = ParticipantProfile.create()
        .domainId(domainId)
        .discoveryLeaseDuration(new Time(10, 0))
        .useBuiltinTransports(false);
    if (sharedMemory) {
      p.addSharedMemoryTransport();
    }
    TransportDescriptorType udp = new TransportDescriptorType();
    udp.setTransportId(UUID.randomUUID().toString());
    udp.setType("UDPv4");
    udp.setSendBufferSize(SOCKET_BUFFER_BYTES);
    udp.setReceiveBufferSize(SOCKET_BUFFER_BYTES);
    if (!interfaces.isEmpty()) {
      TransportDescriptorType.InterfaceWhiteList list = new TransportDescriptorType.InterfaceWhiteList();
      for (InetAddress a : interfaces) {
        list.getAddressOrInterface().add(new JAXBElement<>(new QName(FASTDDS_XML_NS, "address"), String.class, a.getHostAddress()));
      }
      udp.setInterfaceWhiteList(list);
    }
    p.addTransport(udp);
    return p;
  }
}
