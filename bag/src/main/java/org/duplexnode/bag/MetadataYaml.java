package org.duplexnode.bag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes rosbag2 metadata YAML: metadata.yaml files (under rosbag2_bagfile_information)
 * and the serialized_metadata stored inside MCAP and sqlite3 files (no top-level key).
 *
 * <p>Failure: YAML that does not parse, or lacks the version, throws {@link BagFormatException}.
 */
public final class MetadataYaml {
  static final String TOP_KEY = "rosbag2_bagfile_information";
  /** The metadata version this writer produces (rosbag2 Jazzy). */
  public static final int WRITE_VERSION = 9;
  /** Metadata files are a few KB; a huge one is not a metadata file. */
  private static final long MAX_BYTES = 64L << 20;

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
      .build());
  /** QoS text is a top-level list, which rosbag2 writes without indenting the dashes. */
  private static final ObjectMapper QOS_YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build());

  private MetadataYaml() {}

  public static BagMetadata read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new BagFormatException(file + ": too large for a metadata file");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BagFormatException(file + ": not UTF-8 text", e);
    } catch (BagFormatException e) {
      throw new BagFormatException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses metadata YAML with or without the rosbag2_bagfile_information key. */
  public static BagMetadata parse(String yaml) throws BagFormatException {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new BagFormatException("metadata is not valid YAML: " + e.getMessage(), e);
    }
    if (root != null && root.has(TOP_KEY)) {
      root = root.get(TOP_KEY);
    }
    if (root == null || !root.isObject() || !root.path("version").canConvertToInt()) {
      throw new BagFormatException("metadata has no rosbag2 version field");
    }
    List<TopicInfo> topics = new ArrayList<>();
    for (JsonNode entry : root.path("topics_with_message_count")) {
      JsonNode t = entry.path("topic_metadata");
      topics.add(new TopicInfo(t.path("name").asText(""), t.path("type").asText(""),
          t.path("serialization_format").asText(""), entry.path("message_count").asLong(0),
          qosText(t.path("offered_qos_profiles")), t.path("type_description_hash").asText("")));
    }
    List<BagMetadata.FileEntry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      files.add(new BagMetadata.FileEntry(f.path("path").asText(""),
          f.path("starting_time").path("nanoseconds_since_epoch").asLong(0),
          f.path("duration").path("nanoseconds").asLong(0), f.path("message_count").asLong(0)));
    }
    List<String> paths = new ArrayList<>();
    root.path("relative_file_paths").forEach(p -> paths.add(p.asText()));
    Map<String, String> custom = new LinkedHashMap<>();
    root.path("custom_data").fields().forEachRemaining(e -> custom.put(e.getKey(), e.getValue().asText()));
    return new BagMetadata(root.path("version").asInt(), root.path("storage_identifier").asText(""),
        root.path("duration").path("nanoseconds").asLong(0),
        root.path("starting_time").path("nanoseconds_since_epoch").asLong(0),
        root.path("message_count").asLong(0), topics, root.path("compression_format").asText(""),
        root.path("compression_mode").asText(""), paths, files, custom,
        root.path("ros_distro").asText(""));
  }

  /** Renders metadata.yaml (with the top-level key) in version {@link #WRITE_VERSION} layout. */
  public static String write(BagMetadata metadata) throws IOException {
    ObjectNode root = YAML.createObjectNode();
    root.set(TOP_KEY, tree(metadata));
    return rosbag2Nulls(YAML.writeValueAsString(root), "  ");
  }

  /** Renders the serialized_metadata form rosbag2 stores inside storage files (no top key). */
  public static String writeEmbedded(BagMetadata metadata) throws IOException {
    return rosbag2Nulls(YAML.writeValueAsString(tree(metadata)), "");
  }

  /** An empty custom_data as rosbag2 (yaml-cpp) writes it, {@code ~}; Jackson writes {@code null}. */
  private static String rosbag2Nulls(String yaml, String indent) {
    return yaml.replace("\n" + indent + "custom_data: null\n", "\n" + indent + "custom_data: ~\n");
  }

  private static ObjectNode tree(BagMetadata metadata) {
    ObjectNode info = YAML.createObjectNode();
    info.put("version", WRITE_VERSION);
    info.put("storage_identifier", metadata.storageIdentifier());
    info.putObject("duration").put("nanoseconds", metadata.durationNs());
    info.putObject("starting_time").put("nanoseconds_since_epoch", metadata.startingTimeNs());
    info.put("message_count", metadata.messageCount());
    ArrayNode topics = info.putArray("topics_with_message_count");
    for (TopicInfo t : metadata.topics()) {
      ObjectNode entry = topics.addObject();
      ObjectNode tm = entry.putObject("topic_metadata");
      tm.put("name", t.name());
      tm.put("type", t.type());
      tm.put("serialization_format", t.serializationFormat());
      tm.set("offered_qos_profiles", qosNode(t.offeredQosProfiles()));
      tm.put("type_description_hash", t.typeDescriptionHash());
      entry.put("message_count", t.messageCount());
    }
    info.put("compression_format", metadata.compressionFormat());
    info.put("compression_mode", metadata.compressionMode());
    ArrayNode paths = info.putArray("relative_file_paths");
    metadata.relativeFilePaths().forEach(paths::add);
    ArrayNode files = info.putArray("files");
    for (BagMetadata.FileEntry f : metadata.files()) {
      ObjectNode file = files.addObject();
      file.put("path", f.path());
      file.putObject("starting_time").put("nanoseconds_since_epoch", f.startingTimeNs());
      file.putObject("duration").put("nanoseconds", f.durationNs());
      file.put("message_count", f.messageCount());
    }
    if (metadata.customData().isEmpty()) {
      info.putNull("custom_data");
    } else {
      ObjectNode custom = info.putObject("custom_data");
      metadata.customData().forEach(custom::put);
    }
    info.put("ros_distro", metadata.rosDistro());
    return info;
  }

  /** The QoS YAML text of a topic: as given before version 9, re-serialized when structured. */
  static String qosText(JsonNode qos) {
    if (qos == null || qos.isMissingNode() || qos.isNull()) {
      return "";
    }
    if (qos.isTextual()) {
      return qos.asText();
    }
    if (qos.isArray() && qos.isEmpty()) {
      return "";
    }
    try {
      return QOS_YAML.writeValueAsString(qos).stripTrailing();
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  /** The structured (version 9) form of QoS YAML text; unparseable text becomes an empty list. */
  static JsonNode qosNode(String qos) {
    if (qos == null || qos.isBlank()) {
      return YAML.createArrayNode();
    }
    try {
      JsonNode node = YAML.readTree(qos);
      return node != null && node.isArray() ? node : YAML.createArrayNode();
    } catch (JsonProcessingException e) {
      return YAML.createArrayNode();
    }
  }
}
