package org.duplexnode.ros;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DiscoveryObserver} that joins the node's DDS domain as a second, discovery-only
 * participant through CycloneDDS's C library ({@code libddsc}, loaded with JNA) and reads its
 * builtin topics DCPSPublication and DCPSSubscription, which carry every remote endpoint's topic,
 * type and QoS. The participant creates no endpoints of its own, so it changes no other
 * participant's matching.
 *
 * <p>Why this way: ihmc-pub-sub 0.20 gives neither the remote endpoints' QoS nor Fast-DDS's
 * incompatible-QoS status (its endpoint discovery listeners are stored and never called), and
 * libddsc is on most ROS 2 machines already (it is the library of rmw_cyclonedds). Nothing is
 * compiled: if the library is missing the check reports itself unavailable and the node runs on.
 *
 * <p>Failure: a missing library or a failing native call makes {@link #unavailable()} say why;
 * every call returns or throws within the Java side (JNA turns a missing symbol or bad return
 * into an exception, which ends the observer, not the node). Strings are read up to
 * {@value #MAX_STRING_BYTES} bytes, at most {@value #MAX_ENDPOINTS} endpoints are kept, and one
 * poll takes at most {@value #MAX_TAKES_PER_POLL} batches of {@value #MAX_SAMPLES} samples. A
 * crash inside libddsc itself cannot be caught; the parameter {@code diagnostics.qos_check} turns
 * the observer off.
 */
public final class CycloneDiscoveryObserver implements DiscoveryObserver {
  private static final Logger LOG = LoggerFactory.getLogger(CycloneDiscoveryObserver.class);

  /** The names libddsc goes by: the development link, upstream's and ROS's soname, Debian's soname. */
  static final List<String> LIBRARY_NAMES = List.of("ddsc", "libddsc.so.0", "libddsc.so.0debian");
  static final int MAX_STRING_BYTES = 256;
  static final int MAX_ENDPOINTS = 10_000;
  static final int MAX_SAMPLES = 64;
  static final int MAX_TAKES_PER_POLL = 64;

  // dds.h of CycloneDDS 0.10 on LP64 platforms (CycloneLayoutTest checks them against the installed headers).
  static final int DCPS_PUBLICATION = 0x7fff0003;
  static final int DCPS_SUBSCRIPTION = 0x7fff0004;
  static final int SAMPLE_INFO_SIZE = 64;
  static final int INFO_INSTANCE_STATE = 8;
  static final int INFO_VALID_DATA = 12;
  static final int INFO_INSTANCE_HANDLE = 24;
  static final int ENDPOINT_KEY = 0;
  static final int ENDPOINT_PARTICIPANT_KEY = 16;
  static final int ENDPOINT_TOPIC_NAME = 40;
  static final int ENDPOINT_TYPE_NAME = 48;
  static final int ENDPOINT_QOS = 56;
  static final int INSTANCE_ALIVE = 16;
  static final int RELIABILITY_RELIABLE = 1;

  /** The few functions of libddsc the observer calls. */
  interface Ddsc extends Library {
    int dds_create_domain(int domain, String config);

    int dds_create_participant(int domain, Pointer qos, Pointer listener);

    int dds_create_reader(int participant, int topic, Pointer qos, Pointer listener);

    int dds_take(int reader, Pointer buffers, Pointer infos, NativeLong bufferSize, int maxSamples);

    int dds_return_loan(int reader, Pointer buffers, int count);

    byte dds_qget_reliability(Pointer qos, IntByReference kind, LongByReference maxBlockingTime);

    byte dds_qget_durability(Pointer qos, IntByReference kind);

    Pointer dds_strretcode(int rc);

    int dds_delete(int entity);
  }

  private final Ddsc dds;
  private final int domain;
  private final int participant;
  private final int[] readers;
  private final ScheduledExecutorService poller;
  private final Memory buffers;
  private final Memory infos;
  /** By the instance handle CycloneDDS gives each discovered endpoint; touched by the poller only. */
  private final Map<Long, RemoteEndpoint> known = new LinkedHashMap<>();
  private volatile List<RemoteEndpoint> snapshot = List.of();
  private volatile String unavailable;
  private boolean closed;

  private CycloneDiscoveryObserver(String unavailable) {
    this.dds = null;
    this.domain = 0;
    this.participant = 0;
    this.readers = new int[0];
    this.poller = null;
    this.buffers = null;
    this.infos = null;
    this.unavailable = unavailable;
  }

  private CycloneDiscoveryObserver(Ddsc dds, int domain, int participant, int[] readers, Duration period) {
    this.dds = dds;
    this.domain = domain;
    this.participant = participant;
    this.readers = readers;
    this.buffers = new Memory((long) MAX_SAMPLES * Native.POINTER_SIZE);
    this.infos = new Memory((long) MAX_SAMPLES * SAMPLE_INFO_SIZE);
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "qos-check");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(10, period.toMillis());
    poller.scheduleWithFixedDelay(this::poll, 0, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Joins {@code domainId} and starts polling discovery every {@code period}; never throws: an
   * observer that cannot start is returned with {@link #unavailable()} set.
   *
   * @param interfaces the addresses the node's transport is limited to (the observer listens on
   *     the same); empty for CycloneDDS's own choice (CYCLONEDDS_URI, else its default)
   */
  public static CycloneDiscoveryObserver start(int domainId, List<InetAddress> interfaces, Duration period) {
    return start(domainId, interfaces, period, LIBRARY_NAMES);
  }

  /** As {@link #start(int, List, Duration)}, looking for libddsc under the given names. */
  static CycloneDiscoveryObserver start(int domainId, List<InetAddress> interfaces, Duration period,
                                        List<String> libraryNames) {
    Ddsc dds;
    try {
      if (Native.POINTER_SIZE != 8) {
        return new CycloneDiscoveryObserver("only 64-bit platforms are supported (the struct layouts read are LP64)");
      }
      dds = load(libraryNames);
    } catch (Throwable t) { // UnsatisfiedLinkError, or JNA's own native part missing
      String why = "CycloneDDS's libddsc not found (" + String.join(", ", libraryNames) + "): install "
          + "cyclonedds (Debian: libddsc0debian) or ros-<distro>-cyclonedds";
      LOG.warn("incompatible-QoS check unavailable: {} ({})", why, t.getMessage());
      return new CycloneDiscoveryObserver(why);
    }
    int domain = 0;
    int participant = 0;
    try {
      String config = configFor(interfaces);
      if (config != null) {
        domain = check(dds, dds.dds_create_domain(domainId, config), "dds_create_domain");
      }
      participant = check(dds, dds.dds_create_participant(domainId, null, null), "dds_create_participant");
      int[] readers = {
          check(dds, dds.dds_create_reader(participant, DCPS_PUBLICATION, null, null), "dds_create_reader(DCPSPublication)"),
          check(dds, dds.dds_create_reader(participant, DCPS_SUBSCRIPTION, null, null), "dds_create_reader(DCPSSubscription)")};
      LOG.info("incompatible-QoS check watching DDS domain {} through CycloneDDS", domainId);
      return new CycloneDiscoveryObserver(dds, domain, participant, readers, period);
    } catch (Throwable t) {
      deleteQuietly(dds, participant);
      deleteQuietly(dds, domain);
      String why = "CycloneDDS could not join domain " + domainId + ": " + t.getMessage();
      LOG.warn("incompatible-QoS check unavailable: {}", why);
      return new CycloneDiscoveryObserver(why);
    }
  }

  private static Ddsc load(List<String> names) {
    UnsatisfiedLinkError last = new UnsatisfiedLinkError("no library names given");
    for (String name : names) {
      try {
        return Native.load(name, Ddsc.class);
      } catch (UnsatisfiedLinkError e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * A CycloneDDS configuration limited to the given addresses, or null for none. Loopback gets
   * multicast explicitly: CycloneDDS leaves it off there by default, and DDS discovery needs it.
   */
  static String configFor(List<InetAddress> interfaces) {
    if (interfaces.isEmpty()) {
      return null;
    }
    StringBuilder xml = new StringBuilder("<CycloneDDS><Domain id=\"any\"><General><Interfaces>");
    boolean loopback = false;
    for (InetAddress a : interfaces) {
      String name = null;
      try {
        NetworkInterface nic = NetworkInterface.getByInetAddress(a);
        name = nic == null ? null : nic.getName();
      } catch (SocketException e) {
        // Left to CycloneDDS to find by address below.
      }
      loopback |= a.isLoopbackAddress();
      xml.append("<NetworkInterface ")
          .append(name != null && name.matches("[A-Za-z0-9_.:-]+") ? "name=\"" + name + "\"" : "address=\"" + a.getHostAddress() + "\"")
          .append(a.isLoopbackAddress() ? " multicast=\"true\"" : "").append("/>");
    }
    xml.append("</Interfaces>");
    if (loopback) {
      xml.append("<AllowMulticast>true</AllowMulticast>");
    }
    return xml.append("</General></Domain></CycloneDDS>").toString();
  }

  @Override
  public List<RemoteEndpoint> endpoints() {
    return snapshot;
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.ofNullable(unavailable);
  }

  private synchronized void poll() {
    if (closed) {
      return;
    }
    try {
      take(readers[0], EndpointKind.WRITER);
      take(readers[1], EndpointKind.READER);
      snapshot = List.copyOf(known.values());
    } catch (Throwable t) {
      unavailable = "discovery observer failed: " + t;
      snapshot = List.of();
      LOG.warn("incompatible-QoS check stopped: {}", t.toString());
      poller.shutdown();
    }
  }

  private void take(int reader, EndpointKind kind) {
    for (int round = 0; round < MAX_TAKES_PER_POLL; round++) {
      buffers.clear(); // null buffers ask CycloneDDS to lend its own
      int n = dds.dds_take(reader, buffers, infos, new NativeLong(MAX_SAMPLES), MAX_SAMPLES);
      if (n < 0) {
        throw new IllegalStateException("dds_take: " + retcode(dds, n));
      }
      if (n == 0) {
        return;
      }
      try {
        for (int i = 0; i < Math.min(n, MAX_SAMPLES); i++) {
          accept(buffers.getPointer((long) i * Native.POINTER_SIZE), infos.share((long) i * SAMPLE_INFO_SIZE), kind);
        }
      } finally {
        dds.dds_return_loan(reader, buffers, n);
      }
      if (n < MAX_SAMPLES) {
        return;
      }
    }
  }

  private void accept(Pointer sample, Pointer info, EndpointKind kind) {
    long handle = info.getLong(INFO_INSTANCE_HANDLE);
    boolean alive = info.getInt(INFO_INSTANCE_STATE) == INSTANCE_ALIVE;
    if (!alive) {
      known.remove(handle);
      return;
    }
    if (info.getByte(INFO_VALID_DATA) == 0 || sample == null) {
      return;
    }
    if (!known.containsKey(handle) && known.size() >= MAX_ENDPOINTS) {
      return;
    }
    HexFormat hex = HexFormat.of();
    known.put(handle, new RemoteEndpoint(
        hex.formatHex(sample.getByteArray(ENDPOINT_KEY, 16)),
        hex.formatHex(sample.getByteArray(ENDPOINT_PARTICIPANT_KEY, 16)),
        kind,
        cString(sample.getPointer(ENDPOINT_TOPIC_NAME)),
        cString(sample.getPointer(ENDPOINT_TYPE_NAME)),
        qos(sample.getPointer(ENDPOINT_QOS), kind)));
  }

  /** The endpoint's reliability and durability; DDS's defaults where the QoS does not say. */
  private EndpointQos qos(Pointer qos, EndpointKind kind) {
    EndpointQos.Reliability reliability = kind == EndpointKind.WRITER
        ? EndpointQos.Reliability.RELIABLE : EndpointQos.Reliability.BEST_EFFORT;
    EndpointQos.Durability durability = EndpointQos.Durability.VOLATILE;
    if (qos != null) {
      IntByReference r = new IntByReference();
      if (dds.dds_qget_reliability(qos, r, new LongByReference()) != 0) {
        reliability = r.getValue() == RELIABILITY_RELIABLE
            ? EndpointQos.Reliability.RELIABLE : EndpointQos.Reliability.BEST_EFFORT;
      }
      IntByReference d = new IntByReference();
      if (dds.dds_qget_durability(qos, d) != 0) {
        EndpointQos.Durability[] kinds = EndpointQos.Durability.values();
        durability = kinds[Math.max(0, Math.min(kinds.length - 1, d.getValue()))];
      }
    }
    return new EndpointQos(reliability, durability);
  }

  /** A NUL-terminated string read a byte at a time, never past its end nor past the bound. */
  static String cString(Pointer p) {
    if (p == null) {
      return "";
    }
    byte[] bytes = new byte[MAX_STRING_BYTES];
    int n = 0;
    while (n < MAX_STRING_BYTES) {
      byte b = p.getByte(n);
      if (b == 0) {
        break;
      }
      bytes[n++] = b;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static int check(Ddsc dds, int rc, String call) {
    if (rc < 0) {
      throw new IllegalStateException(call + " failed: " + retcode(dds, rc));
    }
    return rc;
  }

  private static String retcode(Ddsc dds, int rc) {
    try {
      return cString(dds.dds_strretcode(rc)) + " (" + rc + ")";
    } catch (Throwable t) {
      return "return code " + rc;
    }
  }

  private static void deleteQuietly(Ddsc dds, int entity) {
    if (entity > 0) {
      try {
        dds.dds_delete(entity);
      } catch (Throwable t) {
        LOG.debug("dds_delete({}) failed: {}", entity, t.toString());
      }
    }
  }

  /** Stops polling and leaves the domain. */
  @Override
  public void close() {
    if (poller == null) {
      return;
    }
    poller.shutdownNow();
    try {
      poller.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      snapshot = List.of();
      deleteQuietly(dds, participant);
      deleteQuietly(dds, domain);
    }
  }
}
