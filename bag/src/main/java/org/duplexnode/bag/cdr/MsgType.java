package org.duplexnode.bag.cdr;

import java.util.List;

/**
 * A message type: its full name ("pkg/msg/Type") and serialized fields in order. A type without
 * fields is serialized as one placeholder byte, as rosidl does.
 */
public record MsgType(String name, List<MsgField> fields) {
  public MsgType {
    fields = List.copyOf(fields);
  }
}
