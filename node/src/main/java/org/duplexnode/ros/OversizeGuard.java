package org.duplexnode.ros;

import com.eprosima.xmlschemas.fastrtps_profiles.HistoryMemoryPolicyType;
import com.eprosima.xmlschemas.fastrtps_profiles.SubscriberProfileType;
import java.io.IOException;
import us.ihmc.pubsub.attributes.SubscriberAttributes;

/**
 * Makes Fast-DDS drop, before they reach ihmc's native wrapper, samples larger than the type's
 * maximum serialized size. Without it such a sample is copied past the end of the Java
 * subscriber's direct buffer (ihmc-pub-sub 0.20.0's RawTopicDataType::deserialize assigns the
 * length before comparing it, so the check compiles away) and the JVM dies with SIGSEGV in
 * memcpy, with no Java exception to catch. With the PREALLOCATED history memory policy the reader
 * refuses any payload above the type size. Cost: (depth + 1) payloads of the type size reserved
 * per reader, as virtual memory touched only as used. ihmc has no setter, hence the reflection;
 * the marshalled profile is checked so a library change fails loudly at start-up.
 */
final class OversizeGuard {
  private OversizeGuard() {}

  static SubscriberAttributes apply(SubscriberAttributes attributes) {
    try {
      var field = SubscriberAttributes.class.getDeclaredField("subscriberProfile");
      field.setAccessible(true);
      ((SubscriberProfileType) field.get(attributes)).setHistoryMemoryPolicy(HistoryMemoryPolicyType.PREALLOCATED);
      String xml = attributes.marshall("check");
      if (!xml.contains("<historyMemoryPolicy>PREALLOCATED</historyMemoryPolicy>")) {
        throw new IllegalStateException("historyMemoryPolicy missing from the reader profile");
      }
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("cannot protect DDS readers against oversized samples: " + e.getMessage(), e);
    }
    return attributes;
  }
}
