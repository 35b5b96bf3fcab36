package org.duplexnode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CycloneDDS service client ({@link RosPeerBuild#serviceClientExecutable()}) calling a node's
 * parameter services and ~/reset in rmw_cyclonedds's request layout: one call, its JSON answer.
 */
public final class ServiceClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceClient() {}

  /**
   * Runs {@code command} (list, get, set NAME TYPE VALUE, describe, types, reset) against
   * {@code node} in {@code domainId}, CycloneDDS configured by {@code cycloneConfig}; fails the
   * test with the client's stderr when it does not exit 0.
   */
  public static JsonNode call(int domainId, String node, Path cycloneConfig, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(RosPeerBuild.serviceClientExecutable().toString(),
        Integer.toString(domainId), node));
    cmd.addAll(List.of(command));
    ProcessResult r = ProcessResult.run(cmd, Map.of("CYCLONEDDS_URI", cycloneConfig.toUri().toString()));
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + ": exit " + r.exitCode() + ": " + r.stderr());
    }
    return JSON.readTree(r.stdout());
  }
}
