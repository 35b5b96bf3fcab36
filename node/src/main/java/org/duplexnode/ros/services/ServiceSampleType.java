package org.duplexnode.ros.services;

import java.io.IOException;
import us.ihmc.idl.CDR;
import us.ihmc.idl.InterchangeSerializer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * The DDS type of one half of a service in rmw_cyclonedds's layout, e.g.
 * {@code rcl_interfaces::srv::dds_::GetParameters_Request_}: {@code uint64 guid, int64 seq}
 * (the request header) serialized in the same CDR stream before the message's fields.
 */
final class ServiceSampleType<T> implements TopicDataType<ServiceSample<T>> {
  private final String name;
  private final WireCodec<T> codec;
  private final int maxBytes;
  private final CDR serializeCdr = new CDR();
  private final CDR deserializeCdr = new CDR();

  ServiceSampleType(String name, WireCodec<T> codec, int maxBytes) {
    this.name = name;
    this.codec = codec;
    this.maxBytes = maxBytes;
  }

  @Override
  public void serialize(ServiceSample<T> data, SerializedPayload payload) throws IOException {
    serializeCdr.serialize(payload);
    serialize(data, serializeCdr);
    serializeCdr.finishSerialize();
  }

  @Override
  public void deserialize(SerializedPayload payload, ServiceSample<T> data) throws IOException {
    deserializeCdr.deserialize(payload);
    deserialize(data, deserializeCdr);
    deserializeCdr.finishDeserialize();
  }

  @Override
  public void serialize(ServiceSample<T> data, CDR cdr) {
    cdr.write_type_12(data.clientId);
    cdr.write_type_11(data.sequence);
    codec.write(data.body, cdr);
  }

  @Override
  public void deserialize(ServiceSample<T> data, CDR cdr) {
    long clientId = cdr.read_type_12();
    long sequence = cdr.read_type_11();
    data.set(clientId, sequence, codec.read(cdr));
  }

  @Override
  public void serialize(ServiceSample<T> data, InterchangeSerializer ser) {
    throw new UnsupportedOperationException(name + " is only sent as CDR");
  }

  @Override
  public void deserialize(InterchangeSerializer ser, ServiceSample<T> data) {
    throw new UnsupportedOperationException(name + " is only read as CDR");
  }

  @Override
  public void copy(ServiceSample<T> src, ServiceSample<T> dest) {
    dest.set(src.clientId, src.sequence, src.body);
  }

  @Override
  public int getTypeSize() {
    return CDR.getTypeSize(maxBytes);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public ServiceSample<T> createData() {
    return new ServiceSample<>();
  }

  @Override
  public TopicDataType<ServiceSample<T>> newInstance() {
    return new ServiceSampleType<>(name, codec, maxBytes);
  }
}
