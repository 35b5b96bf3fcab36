package org.duplexnode.ros.services;

/**
 * A ROS 2 service type ({@code pkg/srv/Name}) with the codecs of its request and response.
 *
 * @param requestBytes the largest request accepted (a larger sample is dropped by DDS)
 * @param responseBytes the largest response the node sends
 */
record ServiceType<Q, R>(String rosType, WireCodec<Q> request, WireCodec<R> response, int requestBytes,
    int responseBytes) {

  /** {@code pkg::srv::dds_::Name_Request_}, the DDS type name ROS 2's RMW layers use. */
  String requestTypeName() {
    return ddsName("_Request_");
  }

  String responseTypeName() {
    return ddsName("_Response_");
  }

  ServiceSampleType<Q> requestType() {
    return new ServiceSampleType<>(requestTypeName(), request, requestBytes);
  }

  ServiceSampleType<R> responseType() {
    return new ServiceSampleType<>(responseTypeName(), response, responseBytes);
  }

  private String ddsName(String suffix) {
    String[] parts = rosType.split("/");
    return parts[0] + "::" + parts[1] + "::dds_::" + parts[2] + suffix;
  }
}
