package org.duplexnode.bag;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.duplexnode.bag.cdr.CdrFormatException;
import org.duplexnode.bag.cdr.CdrReader;

/**
 * Service introspection topics ("/svc/_service_event" of type "pkg/srv/X_Event") and the counting
 * of distinct requests and responses in them, as `ros2 bag info` does: by client GID and
 * sequence number, read from the ServiceEventInfo at the start of each event.
 */
final class ServiceEvents {
  static final String TOPIC_SUFFIX = "/_service_event";
  static final String TYPE_SUFFIX = "_Event";

  private final Set<String> requests = new HashSet<>();
  private final Set<String> responses = new HashSet<>();
  private long undecodable;

  static boolean isServiceEventTopic(String name, String type) {
    return name.length() > TOPIC_SUFFIX.length() && name.endsWith(TOPIC_SUFFIX)
        && type.length() > TYPE_SUFFIX.length() && type.contains("/srv/") && type.endsWith(TYPE_SUFFIX);
  }

  static String serviceName(String topic) {
    return topic.substring(0, topic.length() - TOPIC_SUFFIX.length());
  }

  static String serviceType(String type) {
    return type.substring(0, type.length() - TYPE_SUFFIX.length());
  }

  /** Counts one event message; events that do not decode are counted apart. */
  void add(byte[] event) {
    try {
      CdrReader in = new CdrReader(event);
      int eventType = in.readUint8();
      in.readInt32();
      in.readUint32();
      byte[] gid = in.readBytes(16);
      long sequence = in.readInt64();
      String key = HexFormat.of().formatHex(gid) + "/" + sequence;
      if (eventType <= 1) {
        requests.add(key);
      } else if (eventType <= 3) {
        responses.add(key);
      }
    } catch (CdrFormatException e) {
      undecodable++;
    }
  }

  long requests() {
    return requests.size();
  }

  long responses() {
    return responses.size();
  }

  long undecodable() {
    return undecodable;
  }
}
