package org.duplexnode.bag.cdr;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Message types that schemas often reference without defining, so they are known here:
 * builtin_interfaces Time and Duration, std_msgs Header, and service_msgs ServiceEventInfo (the
 * first field of every service event).
 */
final class BuiltinMsgTypes {
  private static final MsgFieldType INT32 = primitive("int32");
  private static final MsgFieldType UINT32 = primitive("uint32");
  private static final MsgFieldType TIME = complex("builtin_interfaces/msg/Time");

  private static final Map<String, MsgType> TYPES = Map.of(
      "builtin_interfaces/msg/Time", new MsgType("builtin_interfaces/msg/Time",
          List.of(new MsgField("sec", INT32), new MsgField("nanosec", UINT32))),
      "builtin_interfaces/msg/Duration", new MsgType("builtin_interfaces/msg/Duration",
          List.of(new MsgField("sec", INT32), new MsgField("nanosec", UINT32))),
      "std_msgs/msg/Header", new MsgType("std_msgs/msg/Header",
          List.of(new MsgField("stamp", TIME), new MsgField("frame_id", primitive("string")))),
      "service_msgs/msg/ServiceEventInfo", new MsgType("service_msgs/msg/ServiceEventInfo",
          List.of(new MsgField("event_type", primitive("uint8")), new MsgField("stamp", TIME),
              new MsgField("client_gid",
                  new MsgFieldType("char", true, MsgFieldType.ArrayKind.FIXED, 16, 0)),
              new MsgField("sequence_number", primitive("int64")))));

  private BuiltinMsgTypes() {}

  static Optional<MsgType> find(String fullName) {
    return Optional.ofNullable(TYPES.get(fullName));
  }

  static MsgFieldType primitive(String name) {
    return new MsgFieldType(name, true, MsgFieldType.ArrayKind.NONE, 0, 0);
  }

  static MsgFieldType complex(String fullName) {
    return new MsgFieldType(fullName, false, MsgFieldType.ArrayKind.NONE, 0, 0);
  }
}
