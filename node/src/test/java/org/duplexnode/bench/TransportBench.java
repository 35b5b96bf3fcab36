package org.duplexnode.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duplexnode.config.RosArgs;
import org.duplexnode.ports.CommandReply;
import org.duplexnode.ports.ConversationControl;
import org.duplexnode.ports.InputPort;
import org.duplexnode.ports.MuteRequest;
import org.duplexnode.ports.NodeClock;
import org.duplexnode.ports.RawAudio;
import org.duplexnode.ports.RawCompressedImage;
import org.duplexnode.ports.RawImage;
import org.duplexnode.ports.WatchRequest;
import org.duplexnode.ros.AudioFormatState;
import org.duplexnode.ros.FastDdsTransport;
import org.duplexnode.ros.NodeIdentity;
import org.duplexnode.ros.RosSource;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.RosPeerBuild;

/**
 * ROS 2 transport from a CycloneDDS C publisher (ros_bench.c) over loopback: 1080p rgb8 images at
 * 30 Hz and 10-ms chunks of 16 kHz mono S16 audio at 100 Hz, each stamped with CLOCK_REALTIME as
 * it is written. Two receivers of the same stream, one after the other in this one command:
 * <ol>
 *   <li>C: the same program as a CycloneDDS subscriber (best effort, keep last 5);
 *   <li>node: {@link RosSource} over {@link FastDdsTransport}, the node's own subscription path
 *       and QoS for camera/image_raw and audio/in, measured in its {@link InputPort} (after
 *       decoding into the generated classes and copying out the payload).
 * </ol>
 * Latency is the receiver's CLOCK_REALTIME minus header.stamp; CPU is the receiving process's
 * (user + system) over the measured window. Each receiver first gets a short warm-up stream that
 * is not counted. Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -q -B -o -pl node -am test-compile exec:exec@transport-bench "-DtransportBench=SECONDS [C_BUFFER_MIB]"}
 */
public final class TransportBench {
  static final int WIDTH = 1920;
  static final int HEIGHT = 1080;
  static final int FPS = 30;
  static final int AUDIO_HZ = 100;
  /** 10 ms of 16 kHz mono S16. */
  static final int AUDIO_BYTES = 320;
  static final int IMAGE_BYTES = WIDTH * HEIGHT * 3;
  private static final double WARM_UP_S = 3;
  /** Time for the last samples of a stream to arrive before the window closes. */
  private static final long DRAIN_MS = 1000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** The C subscriber's socket receive buffer: ParticipantProfiles.SOCKET_BUFFER_BYTES of the node. */
  private static final int C_BUFFER_MIB = 8;

  private TransportBench() {}

  /** What a receiver got in the measured window. */
  record Received(long[] imageNs, long[] audioNs, int wrongSize, long cpuNs, long wallNs) {}

  /** What the publisher says it sent. */
  record Sent(long images, long audio, long errors, long maxLateUs) {
    static Sent parse(String line) {
      String[] f = line.split(" ");
      return new Sent(value(f[1]), value(f[2]), value(f[3]), value(f[4]));
    }

    private static long value(String field) {
      return Long.parseLong(field.substring(field.indexOf('=') + 1));
    }
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int bufferMib = args.length > 1 ? Integer.parseInt(args[1]) : C_BUFFER_MIB;
    Path work = Files.createTempDirectory("transport-bench");
    Path config = work.resolve("cyclonedds.xml");
    Files.writeString(config, cycloneConfig(bufferMib));
    Path exe = RosPeerBuild.benchExecutable();
    int domain = CycloneDdsPeer.randomDomainId();
    System.out.printf(Locale.ROOT, "# transport bench: %d s per receiver, domain %d, C socket receive buffer %d MiB,"
        + " load before %s%n", (long) seconds, domain, bufferMib, load());
    long udpErrors = udpReceiveBufferErrors();

    Received c;
    Sent cSent;
    try (Child sub = Child.start(exe, config, domain, "sub");
         Child pub = publisher(exe, config, domain)) {
      sub.expect("subscribed");
      pub.expect("matched");
      cSent = measure(pub, seconds, sub::mark, () -> sub.stop());
      c = sub.received;
    }
    long cUdpErrors = udpReceiveBufferErrors() - udpErrors;
    System.out.printf(Locale.ROOT, "# C receiver done, load %s%n", load());
    udpErrors = udpReceiveBufferErrors();

    Received node;
    Sent nodeSent;
    try (NodeReceiver receiver = NodeReceiver.start(domain);
         Child pub = publisher(exe, config, domain)) {
      pub.expect("matched");
      nodeSent = measure(pub, seconds, receiver::mark, receiver::stop);
      node = receiver.received;
    }
    long nodeUdpErrors = udpReceiveBufferErrors() - udpErrors;
    System.out.printf(Locale.ROOT, "# node receiver done, load after %s%n", load());
    System.out.printf(Locale.ROOT, "# UDP datagrams the kernel dropped for a full receive buffer (whole host): C run %d,"
        + " node run %d%n%n", cUdpErrors, nodeUdpErrors);
    new TransportReport(seconds, IMAGE_BYTES).print(System.out, cSent, c, nodeSent, node);
  }

  private static Child publisher(Path exe, Path config, int domain) throws IOException {
    return Child.start(exe, config, domain, "pub", Integer.toString(WIDTH), Integer.toString(HEIGHT),
        Integer.toString(FPS), Integer.toString(AUDIO_HZ), Integer.toString(AUDIO_BYTES));
  }

  /** A warm-up stream, then the measured one between {@code mark} and {@code stop}. */
  private static Sent measure(Child pub, double seconds, Step mark, Step stop) throws Exception {
    pub.send("go " + WARM_UP_S);
    pub.expect("sent ");
    Thread.sleep(DRAIN_MS);
    mark.run();
    pub.send("go " + seconds);
    Sent sent = Sent.parse(pub.expect("sent "));
    Thread.sleep(DRAIN_MS);
    stop.run();
    pub.send("quit");
    return sent;
  }

  interface Step {
    void run() throws Exception;
  }

  /** The C side's configuration: loopback only, and a socket receive buffer of the node's size. */
  static String cycloneConfig(int bufferMib) {
    return CycloneDdsPeer.loopbackConfig().replace("</General>",
        "</General>\n    <Internal><SocketReceiveBufferSize min=\"" + bufferMib + "MiB\"/></Internal>");
  }

  /** RcvbufErrors of /proc/net/snmp's Udp lines: datagrams dropped because a socket's buffer was full. */
  static long udpReceiveBufferErrors() {
    try {
      List<String> udp = Files.readAllLines(Path.of("/proc/net/snmp")).stream().filter(l -> l.startsWith("Udp: "))
          .toList();
      List<String> names = List.of(udp.get(0).split(" "));
      return Long.parseLong(udp.get(1).split(" ")[names.indexOf("RcvbufErrors")]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Latencies of one stream, appended from a DDS thread. */
  static final class Recorder {
    private long[] ns = new long[4096];
    private int count;

    synchronized void add(long latencyNs) {
      if (count == ns.length) {
        ns = Arrays.copyOf(ns, count * 2);
      }
      ns[count++] = latencyNs;
    }

    synchronized void clear() {
      count = 0;
    }

    synchronized long[] snapshot() {
      return Arrays.copyOf(ns, count);
    }
  }

  /** The node's subscription path in this JVM. */
  static final class NodeReceiver implements InputPort, AutoCloseable {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final FastDdsTransport transport;
    private final Recorder images = new Recorder();
    private final Recorder audio = new Recorder();
    private volatile int wrongSize;
    private long cpu0;
    private long wall0;
    Received received;

    private NodeReceiver(int domain) {
      transport = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(), domain,
          List.of(InetAddress.getLoopbackAddress()));
      new RosSource(transport, this, new RosSource.Options(true, false, false, "camera", "microphone",
          new AudioFormatState(16000, 1, "S16LE")), NodeClock.system()).start();
    }

    static NodeReceiver start(int domain) {
      return new NodeReceiver(domain);
    }

    void mark() {
      images.clear();
      audio.clear();
      wrongSize = 0;
      cpu0 = OS.getProcessCpuTime();
      wall0 = System.nanoTime();
    }

    void stop() {
      long cpu = OS.getProcessCpuTime() - cpu0;
      long wall = System.nanoTime() - wall0;
      received = new Received(images.snapshot(), audio.snapshot(), wrongSize, cpu, wall);
    }

    private static long realtimeNanos() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void onImage(RawImage image) {
      long latency = realtimeNanos() - image.stampNanos();
      if (image.data().length != IMAGE_BYTES) {
        wrongSize++;
        return;
      }
      images.add(latency);
    }

    @Override
    public void onFarEnd(RawAudio audio) { }

    @Override
    public void onAudio(RawAudio chunk) {
      long latency = realtimeNanos() - chunk.stampNanos();
      if (chunk.data().length != AUDIO_BYTES) {
        wrongSize++;
        return;
      }
      audio.add(latency);
    }

    @Override
    public void onCompressedImage(RawCompressedImage image) {}

    @Override
    public void onWatchRequest(WatchRequest request) {}
    @Override public void onCommandRefused(CommandReply reply) {}
    @Override public void onControl(ConversationControl control) { }

    @Override
    public void onForceListen(long stampNanos, String reason) {}

    @Override
    public void onMute(MuteRequest request) {}

    @Override
    public void close() {
      transport.close();
    }
  }

  /** ros_bench as a child process, driven by lines; every wait is bounded. */
  static final class Child implements AutoCloseable {
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Recorder images = new Recorder();
    private final Recorder audio = new Recorder();
    private int wrongSize;
    Received received;

    private Child(Process process) {
      this.process = process;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread pump = new Thread(this::pump, "ros_bench-stdout");
      pump.setDaemon(true);
      pump.start();
    }

    static Child start(Path exe, Path config, int domain, String... args) throws IOException {
      String[] command = new String[args.length + 2];
      command[0] = exe.toString();
      command[1] = args[0];
      command[2] = Integer.toString(domain);
      System.arraycopy(args, 1, command, 3, args.length - 1);
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().put("CYCLONEDDS_URI", config.toUri().toString());
      return new Child(builder.start());
    }

    void send(String line) throws IOException {
      stdin.write(line + "\n");
      stdin.flush();
    }

    String expect(String prefix) throws InterruptedException {
      String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null || !line.startsWith(prefix)) {
        throw new IllegalStateException("ros_bench: expected '" + prefix + "', got "
            + (line == null ? "nothing within " + TIMEOUT.toSeconds() + " s" : "'" + line + "'"));
      }
      return line;
    }

    void mark() throws Exception {
      send("mark");
      expect("ok mark");
    }

    /** Ends the window; the subscriber prints its samples and exits. */
    void stop() throws Exception {
      send("stop");
      String result = expect("result ");
      String[] f = result.split(" ");
      long cpu = Long.parseLong(f[1].substring(f[1].indexOf('=') + 1));
      long wall = Long.parseLong(f[2].substring(f[2].indexOf('=') + 1));
      received = new Received(images.snapshot(), audio.snapshot(), wrongSize, cpu, wall);
    }

    private void pump() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith("lat ")) {
            String[] f = line.split(" ");
            boolean image = f[1].equals("image");
            if (Integer.parseInt(f[3]) != (image ? IMAGE_BYTES : AUDIO_BYTES)) {
              wrongSize++;
            } else {
              (image ? images : audio).add(Long.parseLong(f[2]));
            }
          } else {
            lines.add(line);
          }
        }
      } catch (IOException ignored) {
        // The stream closes when the child exits.
      }
    }

    @Override
    public void close() throws InterruptedException {
      try {
        if (process.isAlive()) {
          send("quit");
        }
      } catch (IOException ignored) {
        // Gone already.
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
