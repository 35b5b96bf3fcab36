package org.duplexnode.ros.services;

import us.ihmc.idl.CDR;

/** The CDR fields of one service message (a request or a response), after the request header. */
interface WireCodec<T> {
  void write(T value, CDR cdr);

  /** Reads the fields; throws IllegalArgumentException (or BufferUnderflowException) on bad bytes. */
  T read(CDR cdr);
}
