package org.duplexnode.ros.services;

/**
 * One request or reply as rmw_cyclonedds puts it on the wire: the request header (the client's
 * 64-bit id and the request's sequence number), then the message. A reply carries the header of
 * its request unchanged, which is how the client finds its answer. Mutable: DDS reuses it.
 */
final class ServiceSample<T> {
  long clientId;
  long sequence;
  T body;

  ServiceSample<T> set(long clientId, long sequence, T body) {
    this.clientId = clientId;
    this.sequence = sequence;
    this.body = body;
    return this;
  }
}
