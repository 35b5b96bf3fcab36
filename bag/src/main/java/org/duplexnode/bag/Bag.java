package org.duplexnode.bag;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.duplexnode.bag.mcap.McapReadOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recorded bag opened for reading: a rosbag2 bag folder (metadata.yaml and its storage files,
 * split or not; or, without metadata.yaml, every .mcap/.db3 file in it), a single .mcap or .db3
 * file, or an MCAP file not written by rosbag2.
 *
 * <p>Topics, counts and times come from the storage files themselves, which are the truth when
 * metadata.yaml is stale; {@link #metadata()} gives metadata.yaml as written. Messages of all
 * files form one stream in log-time order.
 *
 * <p>Failure: {@link #open} throws {@link BagFormatException} (or {@link NoSuchFileException})
 * when nothing readable is there. Damaged files are read as far as possible: what was skipped is
 * listed in {@link #warnings()}; a damaged file among readable ones is left out with a warning;
 * an unreadable metadata.yaml (not YAML, not UTF-8), or one whose files are all missing, is
 * reported and the folder's files are read instead. A bag and its
 * iterators are used from one thread at a time.
 */
public final class Bag implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Bag.class);
  static final String METADATA_FILE = "metadata.yaml";

  private final Path path;
  private final List<StorageReader> files;
  private final Optional<BagMetadata> metadata;
  private final List<String> openWarnings;
  private final List<DataLoss> openLosses;

  private Bag(Path path, List<StorageReader> files, Optional<BagMetadata> metadata, List<String> openWarnings,
      List<DataLoss> openLosses) {
    this.path = path;
    this.files = files;
    this.metadata = metadata;
    this.openWarnings = openWarnings;
    this.openLosses = openLosses;
  }

  public static Bag open(Path path) throws IOException {
    return open(path, McapReadOptions.defaults());
  }

  /** Opens with the given MCAP reading options (strict mode, CRC checks, chunk size limit). */
  public static Bag open(Path path, McapReadOptions options) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "no bag there");
    }
    List<String> warnings = new ArrayList<>();
    List<DataLoss> losses = new ArrayList<>();
    Optional<BagMetadata> metadata = Optional.empty();
    List<Path> candidates;
    if (Files.isDirectory(path)) {
      Path yaml = path.resolve(METADATA_FILE);
      if (Files.isRegularFile(yaml)) {
        try {
          metadata = Optional.of(MetadataYaml.read(yaml));
        } catch (BagFormatException e) {
          if (options.strict()) {
            throw e;
          }
          warnings.add(e.getMessage() + "; reading the storage files instead");
        }
      }
      candidates = metadata.isPresent()
          ? listedFiles(path, metadata.get(), warnings, losses) : StorageFiles.discover(path);
      if (candidates.isEmpty() && metadata.isPresent() && !options.strict()) {
        candidates = StorageFiles.discover(path);
        if (!candidates.isEmpty()) {
          warnings.add(path + ": none of the files metadata.yaml lists is there; reading the folder's "
              + candidates.size() + " storage file(s) instead");
        }
      }
      if (candidates.isEmpty()) {
        throw new BagFormatException(path + ": no storage files (.mcap or .db3) found");
      }
    } else {
      candidates = List.of(path);
    }
    MessageDecompressor decompressor = metadata.isPresent()
        ? MessageDecompressor.forMetadata(metadata.get().compressionMode(), metadata.get().compressionFormat())
        : MessageDecompressor.NONE;
    List<StorageReader> readers = openAll(candidates, options, decompressor, warnings, losses);
    Bag bag = new Bag(path, readers, metadata, warnings, losses);
    List<String> all = bag.warnings();
    if (!all.isEmpty()) {
      LOG.warn("{}: {} problem(s), first: {}", path, all.size(), all.get(0));
    }
    return bag;
  }

  private static List<Path> listedFiles(Path folder, BagMetadata metadata, List<String> warnings,
      List<DataLoss> losses)
      throws BagFormatException {
    if ("file".equalsIgnoreCase(metadata.compressionMode())) {
      throw new BagFormatException(folder + ": file-compressed bags (compression_mode file) are not supported");
    }
    List<Path> files = new ArrayList<>();
    for (String relative : metadata.relativeFilePaths()) {
      Path p = folder.resolve(relative);
      if (!Files.isRegularFile(p)) {
        // Old rosbag2 versions stored paths that start with the bag folder's name.
        p = folder.resolve(Path.of(relative).getFileName().toString());
      }
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        warnings.add(folder + ": " + relative + " listed in metadata.yaml is missing");
        losses.add(new DataLoss(folder.resolve(relative), "whole file", "listed in metadata.yaml but missing", -1));
      }
    }
    return files;
  }

  private static List<StorageReader> openAll(List<Path> candidates, McapReadOptions options,
      MessageDecompressor decompressor, List<String> warnings, List<DataLoss> losses) throws IOException {
    List<StorageReader> readers = new ArrayList<>();
    IOException first = null;
    for (Path file : candidates) {
      try {
        readers.add(StorageFiles.open(file, options, decompressor));
      } catch (IOException e) {
        if (candidates.size() == 1 || options.strict()) {
          closeAll(readers);
          throw e;
        }
        first = first == null ? e : first;
        warnings.add(file + " left out: " + e.getMessage());
        losses.add(new DataLoss(file, "whole file", "left out: " + e.getMessage(), -1));
      }
    }
    if (readers.isEmpty()) {
      throw first;
    }
    return readers;
  }

  /** The folder or file that was opened. */
  public Path path() {
    return path;
  }

  /** "mcap" or "sqlite3" (from metadata.yaml when present, else from the first file). */
  public String storageIdentifier() {
    return metadata.map(BagMetadata::storageIdentifier).filter(s -> !s.isEmpty())
        .orElse(files.get(0).storageIdentifier());
  }

  /** The storage files in bag order, with what each holds. */
  public List<BagFile> files() {
    List<BagFile> out = new ArrayList<>();
    for (StorageReader f : files) {
      long size;
      try {
        size = Files.size(f.path());
      } catch (IOException e) {
        size = -1;
      }
      out.add(new BagFile(f.path(), f.storageIdentifier(), size, f.messageCount(), f.timeRange()));
    }
    return out;
  }

  /** Topics of all files, in order of first appearance, with their total counts. */
  public List<TopicInfo> topics() {
    Map<String, TopicInfo> byName = new LinkedHashMap<>();
    for (StorageReader f : files) {
      for (TopicInfo t : f.topics()) {
        byName.merge(t.name(), t, (a, b) -> a.withMessageCount(a.messageCount() + b.messageCount()));
      }
    }
    // Sorted by name: storage readers keep channels in hash order, and listings must not vary.
    return byName.values().stream().sorted(java.util.Comparator.comparing(TopicInfo::name)).toList();
  }

  public Optional<TopicInfo> topic(String name) {
    return topics().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public long messageCount() {
    return files.stream().mapToLong(StorageReader::messageCount).sum();
  }

  /** First and last log time over all files; empty when the bag holds no messages. */
  public Optional<TimeRange> timeRange() {
    return files.stream().map(StorageReader::timeRange).flatMap(Optional::stream)
        .reduce(TimeRange::union);
  }

  /** metadata.yaml of a bag folder, as written. */
  public Optional<BagMetadata> metadata() {
    return metadata;
  }

  /** rosbag2 metadata stored inside the storage files (the last file that has it). */
  public Optional<BagMetadata> embeddedMetadata() {
    Optional<BagMetadata> found = Optional.empty();
    for (StorageReader f : files) {
      if (f.embeddedMetadata().isPresent()) {
        found = f.embeddedMetadata();
      }
    }
    return found;
  }

  /** The definition of a message type, when a file stores it (MCAP schemas, sqlite v4+). */
  public Optional<MessageDefinition> definition(String type) {
    for (StorageReader f : files) {
      MessageDefinition d = f.definitions().get(type);
      if (d != null) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** All messages in log-time order. */
  public MessageIterator messages() {
    return messages(null);
  }

  /**
   * Messages of the named topics (null: all) in log-time order, equal times in file order. An
   * MCAP file that keeps its messages outside chunks (rosbag2's "fastwrite") cannot be indexed and
   * is read in file order, which is the order its recorder received them.
   */
  public MessageIterator messages(Set<String> topics) {
    List<MergingMessageIterator.Source> sources = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (StorageReader f : files) {
      sources.add(() -> f.messages(topics));
      starts.add(f.timeRange().map(TimeRange::startNs).orElse(Long.MAX_VALUE));
    }
    return new MergingMessageIterator(sources, starts);
  }

  /** Problems met so far while opening and reading, each naming the file and place. */
  public List<String> warnings() {
    List<String> all = new ArrayList<>(openWarnings);
    for (StorageReader f : files) {
      all.addAll(f.warnings());
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * Recorded data found unreadable so far: storage files left out, and chunks that did not
   * decompress, failed their CRC or did not fit in memory. Each is also one of {@link #warnings()}.
   * Complete after {@link #verify()} or after reading every message.
   */
  public List<DataLoss> losses() {
    List<DataLoss> all = new ArrayList<>(openLosses);
    for (StorageReader f : files) {
      all.addAll(f.losses());
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * Checks every chunk of every MCAP file (decompression, sizes, CRCs) without holding message
   * data, so that {@link #losses()} and {@link #warnings()} are complete before reading.
   */
  public void verify() throws IOException {
    for (StorageReader f : files) {
      f.verify();
    }
  }

  @Override
  public void close() throws IOException {
    closeAll(files);
  }

  private static void closeAll(List<StorageReader> readers) throws IOException {
    IOException failure = null;
    for (StorageReader r : readers) {
      try {
        r.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
