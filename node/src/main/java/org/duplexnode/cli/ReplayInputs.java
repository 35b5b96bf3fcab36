package org.duplexnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.duplexnode.bag.Bag;
import org.duplexnode.replay.Scenario;

/**
 * What {@code replay} and {@code demo} check before they start: the bag opens, the scenario
 * loads, and the output folder can take a new bag. Each problem is a configuration error (exit 2)
 * naming the file or option, found before anything is written.
 */
final class ReplayInputs {
  private ReplayInputs() {}

  static void checkBag(Path bag) {
    if (!Files.exists(bag)) {
      throw CommandFailure.badInput("bag " + bag + " not found");
    }
    try (Bag opened = Bag.open(bag)) {
      opened.messageCount();
    } catch (IOException | RuntimeException e) {
      throw CommandFailure.badInput("cannot read bag " + bag + ": " + Failures.reasonAbout(e, bag), e);
    }
  }

  static void checkScenario(Optional<Path> scenario) {
    if (scenario.isEmpty()) {
      return;
    }
    Path file = scenario.get();
    if (!Files.isRegularFile(file)) {
      throw CommandFailure.badInput("--expect " + file + ": no such file");
    }
    try {
      Scenario.load(file);
    } catch (IllegalArgumentException e) {
      throw CommandFailure.badInput("--expect " + file + ": " + Failures.reasonAbout(e, file), e);
    }
  }

  /** The output folder exists (created if need be), is a writable folder, and holds no bag yet. */
  static void checkOut(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw CommandFailure.badInput("--out " + out + " is a file, not a folder");
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw CommandFailure.badInput("--out " + out + ": cannot create it: " + Failures.reasonAbout(e, out), e);
    }
    if (!Files.isWritable(out)) {
      throw CommandFailure.badInput("--out " + out + " is not writable (read-only file system or permissions)");
    }
    Path bag = out.resolve("bag");
    if (Files.exists(bag)) {
      throw CommandFailure.badInput("--out " + out + " already holds an output bag (" + bag
          + "); choose another --out or remove it");
    }
  }
}
