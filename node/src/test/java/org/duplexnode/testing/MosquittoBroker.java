package org.duplexnode.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto, started for a test: its own config file in the test's folder, a free
 * loopback port, no systemd, stopped by {@link #close()}. Persistence is on (in the folder) so a
 * subscriber's session and queued messages survive {@link #stop()} and {@link #start()}, as on a
 * production broker.
 */
public final class MosquittoBroker implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  /** What the broker requires; {@code tls} adds a TLS listener beside the plain one. */
  public record Options(Path caFile, Path certFile, Path keyFile, boolean requireClientCert, Path passwordFile) {
    public static Options plain() {
      return new Options(null, null, null, false, null);
    }

    public static Options tls(TestCa ca, boolean requireClientCert) {
      return new Options(ca.caCert(), ca.serverCert(), ca.serverKey(), requireClientCert, null);
    }

    public static Options withPasswords(Path passwordFile) {
      return new Options(null, null, null, false, passwordFile);
    }
  }

  private final Path dir;
  private final Options options;
  private final int port;
  private final int tlsPort;
  private Process process;

  private MosquittoBroker(Path dir, Options options) throws IOException {
    this.dir = dir;
    this.options = options;
    this.port = freePort();
    this.tlsPort = options.caFile() == null ? -1 : freePort();
  }

  public static MosquittoBroker start(Path dir, Options options) throws IOException, InterruptedException {
    MosquittoBroker b = prepare(dir, options);
    b.start();
    return b;
  }

  /** Picks the ports and writes the config without starting: a broker that is down when the node starts. */
  public static MosquittoBroker prepare(Path dir, Options options) throws IOException {
    MosquittoBroker b = new MosquittoBroker(dir, options);
    b.writeConfig();
    return b;
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(dir.resolve("data"));
    List<String> lines = new ArrayList<>(List.of(
        "per_listener_settings false",
        // Started as root, mosquitto would switch to the "mosquitto" user, who cannot read the test's folder.
        "user " + System.getProperty("user.name"),
        "persistence true",
        "persistence_location " + dir.resolve("data") + "/",
        "autosave_interval 0",
        "max_queued_messages 0",
        "max_inflight_messages 20",
        "set_tcp_nodelay true",
        "log_dest file " + dir.resolve("mosquitto.log"),
        "log_type error",
        "log_type warning",
        "log_type notice",
        "allow_anonymous " + (options.passwordFile() == null)));
    if (options.passwordFile() != null) {
      lines.add("password_file " + options.passwordFile());
    }
    lines.add("listener " + port + " 127.0.0.1");
    if (options.caFile() != null) {
      lines.add("listener " + tlsPort + " 127.0.0.1");
      lines.add("cafile " + options.caFile());
      lines.add("certfile " + options.certFile());
      lines.add("keyfile " + options.keyFile());
      lines.add("require_certificate " + options.requireClientCert());
    }
    Files.write(dir.resolve("mosquitto.conf"), lines, StandardCharsets.UTF_8);
  }

  /** Starts (again, on the same ports) and waits until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts(port) || (tlsPort > 0 && !accepts(tlsPort))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("mosquitto did not start: " + log());
      }
      Thread.sleep(20);
    }
  }

  /** Stops it (SIGTERM: it saves its sessions and queued messages, as on a service stop). */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** The TLS listener, by the name its certificate carries. */
  public String tlsUrl() {
    return "ssl://localhost:" + tlsPort;
  }

  public String log() {
    try {
      Path f = dir.resolve("mosquitto.log");
      Path out = dir.resolve("mosquitto.out");
      return (Files.exists(f) ? Files.readString(f) : "") + (Files.exists(out) ? Files.readString(out) : "");
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
