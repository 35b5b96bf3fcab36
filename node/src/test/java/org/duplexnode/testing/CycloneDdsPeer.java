package org.duplexnode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent ROS 2 participant on the wire: the CycloneDDS program built by
 * {@link RosPeerBuild}, run as a child process on loopback only and driven by its line protocol
 * (see ros_peer.c). Every wait is bounded; a timeout, an "error" reply or an exited peer throws
 * {@link IllegalStateException} with the peer's last stderr lines.
 *
 * <pre>
 * try (CycloneDdsPeer peer = CycloneDdsPeer.start(domainId, tempDir)) {
 *   peer.writer("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(10));
 *   peer.awaitMatched("/camera/image_raw", 1, Duration.ofSeconds(10));
 *   peer.publishImage("/camera/image_raw", 640, 480, "rgb8", 7);
 * }
 * </pre>
 */
public final class CycloneDdsPeer implements AutoCloseable {
  public static final String IMAGE = "sensor_msgs/msg/Image";
  public static final String COMPRESSED_IMAGE = "sensor_msgs/msg/CompressedImage";
  public static final String AUDIO_DATA = "audio_common_msgs/msg/AudioData";
  public static final String AUDIO_DATA_STAMPED = "audio_common_msgs/msg/AudioDataStamped";
  public static final String AUDIO_INFO = "audio_common_msgs/msg/AudioInfo";
  public static final String TRANSCRIPT = "duplex_msgs/msg/Transcript";
  public static final String PROACTIVE_EVENT = "duplex_msgs/msg/ProactiveEvent";
  public static final String WATCH_COMMAND = "duplex_msgs/msg/WatchCommand";
  public static final String MUTE = "duplex_msgs/msg/Mute";
  public static final String USER_SPEECH = "duplex_msgs/msg/UserSpeech";
  public static final String STATE = "duplex_msgs/msg/State";
  /** The topic {@link #discovery()} reads (no rt/ prefix, as in ROS 2). */
  public static final String DISCOVERY_TOPIC = "ros_discovery_info";

  /** How long a command other than wait_match may take; a 36 MB image takes a few seconds. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final int STDERR_LINES_KEPT = 40;
  private static final Pattern ELAPSED = Pattern.compile("elapsed_ms=(\\d+)");
  private static final String EXITED = "\u0000exited";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reliability, durability and history depth of a peer writer or reader (depth 0 = keep all). */
  public record PeerQos(boolean reliable, boolean transientLocal, int depth) {
    public static PeerQos reliable(int depth) {
      return new PeerQos(true, false, depth);
    }

    public static PeerQos bestEffort(int depth) {
      return new PeerQos(false, false, depth);
    }

    /** Reliable and transient local, as ROS latches a topic. */
    public static PeerQos latched(int depth) {
      return new PeerQos(true, true, depth);
    }

    String token() {
      return (reliable ? "reliable" : "best_effort") + "," + (transientLocal ? "transient_local" : "volatile")
          + "," + depth;
    }
  }

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final Map<String, BlockingQueue<String>> samples = new ConcurrentHashMap<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final String participantGuid;

  private CycloneDdsPeer(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    daemon("ros_peer-stdout", this::pumpStdout).start();
    daemon("ros_peer-stderr", this::pumpStderr).start();
    String ready = nextReply("ready", COMMAND_TIMEOUT);
    this.participantGuid = ready.replaceAll(".*participant=", "");
  }

  /** A domain id in 40..99, so that concurrent test runs on one host rarely share a domain. */
  public static int randomDomainId() {
    return 40 + new SecureRandom().nextInt(60);
  }

  /** The CycloneDDS configuration of the peer: loopback only, with multicast for discovery. */
  public static String loopbackConfig() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <CycloneDDS xmlns="https://cdds.io/config">
          <Domain id="any">
            <General>
              <Interfaces><NetworkInterface name="lo" multicast="true"/></Interfaces>
              <AllowMulticast>true</AllowMulticast>
            </General>
            <Tracing><Verbosity>warning</Verbosity><OutputFile>stderr</OutputFile></Tracing>
          </Domain>
        </CycloneDDS>
        """;
  }

  /** Builds the peer if needed and starts it on {@code domainId}; its config goes into {@code workDir}. */
  public static CycloneDdsPeer start(int domainId, Path workDir) {
    return start(RosPeerBuild.executable(), domainId, workDir);
  }

  /** As {@link #start(int, Path)}, the peer built from Humble's definitions (24-byte gids). */
  public static CycloneDdsPeer startHumble(int domainId, Path workDir) {
    return start(RosPeerBuild.humbleExecutable(), domainId, workDir);
  }

  private static CycloneDdsPeer start(Path exe, int domainId, Path workDir) {
    try {
      Path config = workDir.resolve("cyclonedds.xml");
      Files.writeString(config, loopbackConfig());
      ProcessBuilder builder = new ProcessBuilder(exe.toString(), Integer.toString(domainId));
      builder.environment().put("CYCLONEDDS_URI", config.toUri().toString());
      builder.environment().put("ROS_DOMAIN_ID", Integer.toString(domainId));
      Process process = builder.start();
      try {
        return new CycloneDdsPeer(process);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + exe, e);
    }
  }

  /** The GUID of the peer's participant, 32 hex digits. */
  public String participantGuid() {
    return participantGuid;
  }

  /** Sends one command line and returns its "ok" reply. */
  public String command(String line, Duration timeout) {
    if (line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("one command per line: " + line);
    }
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw failure("cannot send '" + line + "': " + e.getMessage());
    }
    String verb = line.split(" ", 2)[0];
    String reply = nextReply(verb, timeout);
    if (reply.startsWith("error ")) {
      throw failure("peer refused '" + line + "': " + reply);
    }
    return reply;
  }

  public void writer(String topic, String type, PeerQos qos) {
    command("writer " + topic + " " + type + " " + qos.token(), COMMAND_TIMEOUT);
  }

  public void subscribe(String topic, String type, PeerQos qos) {
    command("sub " + topic + " " + type + " " + qos.token(), COMMAND_TIMEOUT);
  }

  /** Reads ros_discovery_info (reliable, transient local, depth 1) under {@link #DISCOVERY_TOPIC}. */
  public void discovery() {
    command("discovery", COMMAND_TIMEOUT);
  }

  /**
   * Waits until the peer's writer (or else reader) on {@code topic} has {@code count} matched
   * endpoints; returns the milliseconds the peer waited.
   */
  public long awaitMatched(String topic, int count, Duration timeout) {
    String reply = command("wait_match " + topic + " " + count + " " + timeout.toMillis(),
        timeout.plus(COMMAND_TIMEOUT));
    Matcher m = ELAPSED.matcher(reply);
    if (!m.find()) {
      throw failure("no elapsed_ms in '" + reply + "'");
    }
    return Long.parseLong(m.group(1));
  }

  /** Sets the header of the samples published from now on (no spaces in {@code frameId}). */
  public void header(int sec, long nanosec, String frameId) {
    command("header " + sec + " " + nanosec + " " + frameId, COMMAND_TIMEOUT);
  }

  public void publishImage(String topic, int width, int height, String encoding, int seed) {
    command("pub_image " + topic + " " + width + " " + height + " " + encoding + " " + seed, COMMAND_TIMEOUT);
  }

  public void publishCompressedImage(String topic, String format, int length, int seed) {
    command("pub_compressed " + topic + " " + format + " " + length + " " + seed, COMMAND_TIMEOUT);
  }

  /** Publishes an AudioDataStamped whose header has the given stamp. */
  public void publishAudio(String topic, int length, int seed, int sec, long nanosec) {
    command("pub_audio " + topic + " " + length + " " + seed + " " + sec + " " + nanosec, COMMAND_TIMEOUT);
  }

  public void publishAudioInfo(String topic, int channels, long sampleRate, String sampleFormat, long bitrate,
      String codingFormat) {
    command("pub_audio_info " + topic + " " + channels + " " + sampleRate + " " + sampleFormat + " " + bitrate
        + " " + codingFormat, COMMAND_TIMEOUT);
  }

  /**
   * Publishes a duplex_msgs/WatchCommand; an empty {@code requestId}, {@code watchId} or
   * {@code condition} is sent empty (no '_' or '-' in them: the peer reads those as a space and
   * as the empty string).
   */
  public void publishWatch(String topic, String requestId, int action, String watchId, double expireAfterS,
      boolean once, String condition) {
    command("pub_watch " + topic + " " + token(requestId) + " " + action + " " + token(watchId) + " "
        + expireAfterS + " " + once + " " + token(condition), COMMAND_TIMEOUT);
  }

  /** Publishes a duplex_msgs/Say (mode 0 QUEUE, 1 INTERRUPT); '_' and '-' as for {@link #publishWatch}. */
  public void publishSay(String topic, String requestId, int mode, String text) {
    command("pub_say " + topic + " " + token(requestId) + " " + mode + " " + token(text), COMMAND_TIMEOUT);
  }

  /** Publishes a duplex_msgs/Context (action 0 ADD, 1 REMOVE, 2 CLEAR). */
  public void publishContext(String topic, String requestId, int action, String contextId, String text) {
    command("pub_context " + topic + " " + token(requestId) + " " + action + " " + token(contextId) + " "
        + token(text), COMMAND_TIMEOUT);
  }

  /** Publishes a duplex_msgs/Reset. */
  public void publishReset(String topic, String requestId, boolean keepWatches, boolean keepContext) {
    command("pub_reset " + topic + " " + token(requestId) + " " + keepWatches + " " + keepContext, COMMAND_TIMEOUT);
  }

  /** A duplex_msgs/Mute on {@code topic} (a writer of that type must exist). */
  public void publishMute(String topic, String requestId, boolean muted) {
    command("pub_mute " + topic + " " + token(requestId) + " " + muted, COMMAND_TIMEOUT);
  }

  /**
   * A velocity command on {@code topic}: geometry_msgs/TwistStamped (with the current header) when
   * {@code stamped}, else geometry_msgs/Twist (a writer of that type must exist).
   */
  public void publishTwist(String topic, boolean stamped, double linearX, double angularZ) {
    command((stamped ? "pub_twist_stamped " : "pub_twist ") + topic + " " + linearX + " " + angularZ, COMMAND_TIMEOUT);
  }

  /**
   * A sensor_msgs/JointState on {@code topic} with the current header: names with positions and
   * velocities (each empty, or one per name; effort empty). Names hold no ',' or space.
   */
  public void publishJointState(String topic, List<String> names, double[] positions, double[] velocities) {
    command("pub_joint_state " + topic + " " + list(names) + " "
        + list(Arrays.stream(positions).mapToObj(Double::toString).toList()) + " "
        + list(Arrays.stream(velocities).mapToObj(Double::toString).toList()), COMMAND_TIMEOUT);
  }

  private static String list(List<String> items) {
    return items.isEmpty() ? "-" : String.join(",", items);
  }

  private static String token(String text) {
    return text.isEmpty() ? "-" : text.replace(' ', '_');
  }

  /** The next sample the peer's reader on {@code topic} printed, as JSON (fields as in the .msg). */
  public JsonNode awaitSample(String topic, Duration timeout) {
    String line = poll(queue(topic), timeout);
    if (line == null) {
      throw failure("no sample on " + topic + " within " + timeout.toMillis() + " ms");
    }
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw failure("unparsable sample on " + topic + ": " + line);
    }
  }

  /** Samples printed on {@code topic} and not yet taken. */
  public int pendingSamples(String topic) {
    return queue(topic).size();
  }

  /** Kills the peer process (SIGKILL): it vanishes from the DDS graph without a goodbye, as a crash would. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        stdin.write("quit\n");
        stdin.flush();
      }
    } catch (IOException ignored) {
      // The peer is gone already; the wait below settles it.
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private BlockingQueue<String> queue(String topic) {
    return samples.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
  }

  private String nextReply(String verb, Duration timeout) {
    String reply = poll(replies, timeout);
    if (reply == null) {
      throw failure("no reply to '" + verb + "' within " + timeout.toMillis() + " ms");
    }
    if (reply.equals(EXITED)) {
      replies.add(EXITED);
      throw failure("peer exited while waiting for '" + verb + "'");
    }
    if (!reply.startsWith(verb + " ") && !reply.equals(verb) && !reply.startsWith("ok " + verb)
        && !reply.startsWith("error " + verb)) {
      throw failure("reply '" + reply + "' does not answer '" + verb + "'");
    }
    return reply;
  }

  private static String poll(BlockingQueue<String> queue, Duration timeout) {
    try {
      return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the peer", e);
    }
  }

  private void pumpStdout() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith("sample ")) {
          int space = line.indexOf(' ', 7);
          queue(line.substring(7, space)).add(line.substring(space + 1));
        } else {
          replies.add(line);
        }
      }
    } catch (IOException ignored) {
      // The stream closes when the peer exits; the sentinel below reports it.
    }
    replies.add(EXITED);
  }

  private void pumpStderr() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_LINES_KEPT) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line);
        }
      }
    } catch (IOException ignored) {
      // Nothing more to keep once the peer is gone.
    }
  }

  private IllegalStateException failure(String message) {
    StringBuilder text = new StringBuilder("CycloneDDS peer: ").append(message);
    if (!process.isAlive()) {
      text.append(" (peer exited with code ").append(process.exitValue()).append(')');
    }
    synchronized (stderrTail) {
      if (!stderrTail.isEmpty()) {
        text.append("\npeer stderr:\n").append(String.join("\n", stderrTail));
      }
    }
    return new IllegalStateException(text.toString());
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }
}
