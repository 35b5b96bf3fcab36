package org.duplexnode.bag;

import java.nio.file.Path;
import java.util.Optional;

/** One storage file of a bag, as read from the file itself. */
public record BagFile(
    Path path, String storageIdentifier, long sizeBytes, long messageCount, Optional<TimeRange> timeRange) {}
