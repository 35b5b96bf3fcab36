package org.duplexnode.bag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a bag holds, as `ros2 bag info` reports it: files, storage, time range and per-topic
 * counts, plus services recorded through service introspection. Rendered as text in the
 * `ros2 bag info` layout ({@link #toText}) or as JSON ({@link #toJson}).
 *
 * <p>{@code messageCount} counts every message, service events included (the text output, like
 * `ros2 bag info`, subtracts them). {@code source} is "files" when read from the storage files,
 * "metadata.yaml" when taken from the bag's metadata.
 *
 * <p>{@code verified} says every chunk was read through its decompressor and checked (sizes,
 * CRCs) so that {@code lostData} and {@code warnings} are complete; without it they hold only
 * what opening the bag found, and a damaged chunk in a file with an intact summary goes unseen.
 * Counts and times are what the files say was recorded, whether or not all of it is readable.
 */
public record BagInfo(
    String path,
    String storage,
    List<String> files,
    long bagSizeBytes,
    String rosDistro,
    long messageCount,
    long startNs,
    long endNs,
    long durationNs,
    List<Topic> topics,
    List<Service> services,
    String source,
    List<String> warnings,
    boolean verified,
    List<String> lostData) {

  /** A topic; {@code sizeBytes} is null unless sizes were computed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Topic(String name, String type, long messageCount, String serializationFormat, Long sizeBytes) {}

  /** A service seen through its event topic. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Service(String name, String type, long eventCount, long requestCount, long responseCount,
      String serializationFormat, Long sizeBytes) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** Info read from the storage files; no sizes, chunks not verified. */
  public static BagInfo of(Bag bag) {
    return of(bag, false, false);
  }

  /** As {@link #of(Bag, boolean, boolean)}, after {@link Bag#verify()} when {@code verify}. */
  public static BagInfo of(Bag bag, boolean fromMetadata, boolean withSizes, boolean verify)
      throws java.io.IOException {
    if (verify) {
      bag.verify();
    }
    BagInfo info = of(bag, fromMetadata, withSizes);
    return new BagInfo(info.path, info.storage, info.files, info.bagSizeBytes, info.rosDistro, info.messageCount,
        info.startNs, info.endNs, info.durationNs, info.topics, info.services, info.source, info.warnings,
        verify, info.lostData);
  }

  /**
   * @param fromMetadata take counts and times from metadata.yaml when the bag has one
   * @param withSizes read every message to sum the bytes per topic ("Size Contribution")
   */
  public static BagInfo of(Bag bag, boolean fromMetadata, boolean withSizes) {
    List<TopicInfo> topics = bag.topics();
    long count = bag.messageCount();
    TimeRange range = bag.timeRange().orElse(new TimeRange(0, 0));
    String source = "files";
    if (fromMetadata && bag.metadata().isPresent()) {
      BagMetadata m = bag.metadata().get();
      topics = m.topics();
      count = m.messageCount();
      range = new TimeRange(m.startingTimeNs(), m.startingTimeNs() + m.durationNs());
      source = Bag.METADATA_FILE;
    }
    Set<String> serviceTopics = topics.stream()
        .filter(t -> ServiceEvents.isServiceEventTopic(t.name(), t.type()))
        .map(TopicInfo::name).collect(Collectors.toSet());
    Map<String, Long> sizes = new LinkedHashMap<>();
    Map<String, ServiceEvents> events = new LinkedHashMap<>();
    serviceTopics.forEach(t -> events.put(t, new ServiceEvents()));
    if (withSizes || !serviceTopics.isEmpty()) {
      try (MessageIterator it = bag.messages(withSizes ? null : serviceTopics)) {
        while (it.hasNext()) {
          BagMessage m = it.next();
          sizes.merge(m.topic(), (long) m.data().length, Long::sum);
          ServiceEvents e = events.get(m.topic());
          if (e != null) {
            e.add(m.data());
          }
        }
      }
    }
    List<Topic> topicRows = new ArrayList<>();
    List<Service> serviceRows = new ArrayList<>();
    for (TopicInfo t : topics) {
      Long size = withSizes ? sizes.getOrDefault(t.name(), 0L) : null;
      ServiceEvents e = events.get(t.name());
      if (e == null) {
        topicRows.add(new Topic(t.name(), t.type(), t.messageCount(), t.serializationFormat(), size));
      } else {
        serviceRows.add(new Service(ServiceEvents.serviceName(t.name()), ServiceEvents.serviceType(t.type()),
            t.messageCount(), e.requests(), e.responses(), t.serializationFormat(), size));
      }
    }
    topicRows.sort(Comparator.comparing(Topic::name));
    serviceRows.sort(Comparator.comparing(Service::name));
    List<String> files = new ArrayList<>();
    long bagSize = 0;
    for (BagFile f : bag.files()) {
      files.add(Files.isDirectory(bag.path()) ? bag.path().relativize(f.path()).toString()
          : f.path().getFileName().toString());
      bagSize += Math.max(0, f.sizeBytes());
    }
    String distro = bag.metadata().or(bag::embeddedMetadata).map(BagMetadata::rosDistro).orElse("");
    return new BagInfo(bag.path().toString(), bag.storageIdentifier(), files, bagSize, distro, count,
        range.startNs(), range.endNs(), range.durationNs(), topicRows, serviceRows, source, bag.warnings(), false,
        bag.losses().stream().map(DataLoss::describe).toList());
  }

  /** The `ros2 bag info` layout, times in the system time zone. */
  public String toText() {
    return toText(ZoneId.systemDefault());
  }

  public String toText(ZoneId zone) {
    return BagInfoText.render(this, zone);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bag info does not serialize", e);
    }
  }

  /** Messages that are not service events, as `ros2 bag info` counts "Messages". */
  public long topicMessageCount() {
    return messageCount - services.stream().mapToLong(Service::eventCount).sum();
  }
}
