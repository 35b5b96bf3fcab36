package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import com.fasterxml.jackson.databind.JsonNode;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.Transcript;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duplexnode.config.RosArgs;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.PeerPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.Image;
import std_msgs.msg.dds.Header;

/**
 * The ROS 2 wire test: the node's own transport ({@link FastDdsTransport}: Fast-DDS through
 * ihmc-pub-sub, generated message classes) against an independent CycloneDDS peer with the
 * standard ROS 2 type definitions, both ways, every field checked, on loopback in a random domain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("interop")
class CycloneInteropTest {
  private static final Logger LOG = LoggerFactory.getLogger(CycloneInteropTest.class);
  private static final Duration DISCOVERY = Duration.ofSeconds(20);
  /** Generous: a 36 MB sample crosses loopback in fragments on a loaded two-core machine. */
  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private FastDdsTransport node;
  private CycloneDdsPeer peer;
  private Inbox<ImageSample> images;

  /** What a subscription of the node received, in order. */
  record Inbox<T>(BlockingQueue<T> queue, RosSubscription subscription) {
    T await(Duration timeout) throws InterruptedException {
      T t = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (t == null) {
        throw new AssertionError("nothing arrived on " + subscription.topic() + " within " + timeout.toSeconds() + " s");
      }
      return t;
    }

    int pending() {
      return queue.size();
    }
  }

  private <M, T> Inbox<T> subscribe(TopicSpec<M> spec, java.util.function.Function<M, T> copy) {
    BlockingQueue<T> q = new LinkedBlockingQueue<>();
    RosSubscription sub = node.subscribe(spec, m -> q.add(copy.apply(m)));
    return new Inbox<>(q, sub);
  }

  private static void awaitMatch(RosSubscription s) {
    Await.until("a writer to match " + s.topic(), DISCOVERY, () -> s.matchedWriters() > 0);
  }

  private static void awaitMatch(RosPublisher<?> p) {
    Await.until("a reader to match " + p.topic(), DISCOVERY, () -> p.matchedReaders() > 0);
  }

  record ImageSample(int sec, long nanosec, String frameId, long height, long width, String encoding,
      byte isBigendian, long step, byte[] data) {
    static ImageSample of(Image m) {
      Header h = m.getHeader();
      return new ImageSample(h.getStamp().getSec(), h.getStamp().getNanosec(), WireStrings.decode(h.getFrameId()),
          m.getHeight(), m.getWidth(), WireStrings.decode(m.getEncoding()), m.getIsBigendian(), m.getStep(),
          m.getData().copyArray());
    }
  }

  record CompressedSample(int sec, long nanosec, String frameId, String format, byte[] data) {
    static CompressedSample of(CompressedImage m) {
      Header h = m.getHeader();
      return new CompressedSample(h.getStamp().getSec(), h.getStamp().getNanosec(), WireStrings.decode(h.getFrameId()),
          WireStrings.decode(m.getFormat()), m.getData().copyArray());
    }
  }

  record AudioSample(int sec, long nanosec, String frameId, byte[] data) {
    static AudioSample of(AudioDataStamped m) {
      Header h = m.getHeader();
      return new AudioSample(h.getStamp().getSec(), h.getStamp().getNanosec(), WireStrings.decode(h.getFrameId()),
          m.getAudio().getData().copyArray());
    }
  }

  @BeforeAll
  void startBothSides(@TempDir Path workDir) throws Exception {
    int domainId = CycloneDdsPeer.randomDomainId();
    long start = System.nanoTime();
    node = new FastDdsTransport(new NodeIdentity("duplex_node", "/"), RosArgs.empty(), domainId,
        List.of(InetAddress.getLoopbackAddress()));
    // Reliable here so that byte-exact checks of multi-megabyte frames cannot be lost to a busy
    // host; the node's sensor-data QoS is exercised by its own test below.
    images = subscribe(TopicSpec.of("/camera/image_raw", Image.class, QosProfile.RELIABLE), ImageSample::of);
    peer = CycloneDdsPeer.start(domainId, workDir);
    peer.writer("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(5));
    long peerWaitMs = peer.awaitMatched("/camera/image_raw", 1, DISCOVERY);
    awaitMatch(images.subscription());
    LOG.info("domain {}: first match after {} ms from the Java participant's creation (peer waited {} ms)",
        domainId, (System.nanoTime() - start) / 1_000_000, peerWaitMs);
  }

  @AfterAll
  void stopBothSides() {
    if (peer != null) {
      peer.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void imageFromPeerArrivesWithEveryField() throws Exception {
    peer.header(1_700_000_000, 123_456_789, "camera_optical");
    peer.publishImage("/camera/image_raw", 640, 480, "rgb8", 11);

    ImageSample image = images.await(DELIVERY);
    assertThat(image.sec()).isEqualTo(1_700_000_000);
    assertThat(image.nanosec()).isEqualTo(123_456_789);
    assertThat(image.frameId()).isEqualTo("camera_optical");
    assertThat(image.height()).isEqualTo(480);
    assertThat(image.width()).isEqualTo(640);
    assertThat(image.encoding()).isEqualTo("rgb8");
    assertThat(image.isBigendian()).isZero();
    assertThat(image.step()).isEqualTo(640 * 3);
    assertThat(image.data()).isEqualTo(PeerPayload.bytes(11, 640 * 480 * 3));
  }

  @Test
  void fullHdImageArrivesIntact() throws Exception {
    peer.header(5, 6, "camera_optical");
    long start = System.nanoTime();
    peer.publishImage("/camera/image_raw", 1920, 1080, "rgb8", 12);

    ImageSample image = images.await(DELIVERY);
    LOG.info("1920x1080 rgb8 delivered in {} ms", (System.nanoTime() - start) / 1_000_000);
    assertThat(image.width()).isEqualTo(1920);
    assertThat(image.height()).isEqualTo(1080);
    assertThat(image.step()).isEqualTo(1920 * 3);
    assertThat(image.data()).isEqualTo(PeerPayload.bytes(12, 1920 * 1080 * 3));
  }

  @Test
  void imageAboveTheBoundIsDroppedAndTheJvmKeepsReceiving() throws Exception {
    // 4000x3000 rgb8 = 36,000,000 bytes > 33,177,600: without rejectOversizedSamples this
    // sample overruns native memory and kills the JVM with SIGSEGV.
    peer.header(7, 0, "camera_optical");
    peer.publishImage("/camera/image_raw", 4000, 3000, "rgb8", 13);
    peer.publishImage("/camera/image_raw", 320, 240, "rgb8", 14);

    ImageSample next = images.await(DELIVERY);
    assertThat(next.width()).isEqualTo(320);
    assertThat(next.data()).isEqualTo(PeerPayload.bytes(14, 320 * 240 * 3));
    assertThat(images.pending()).isZero();
  }

  @Test
  void imageDataAboveItsBoundWithinTheTypeSizeIsCountedAndTheJvmKeepsReceiving() throws Exception {
    // 331777x100 mono8 = 33,177,700 bytes: over the data bound by 100 bytes, yet the whole
    // sample still fits the type's maximum size (the string bounds leave slack), so Fast-DDS
    // delivers it and the generated reader throws inside takeNextData.
    long rejectedBefore = node.inputErrors().count("/camera/image_raw", "undecodable sample");
    peer.header(8, 0, "camera_optical");
    peer.publishImage("/camera/image_raw", 331_777, 100, "mono8", 15);
    peer.publishImage("/camera/image_raw", 320, 240, "rgb8", 16);

    ImageSample next = images.await(DELIVERY);
    assertThat(next.data()).isEqualTo(PeerPayload.bytes(16, 320 * 240 * 3));
    assertThat(node.inputErrors().count("/camera/image_raw", "undecodable sample")).isEqualTo(rejectedBefore + 1);
  }

  @Test
  void theNodesSensorDataSubscriptionTakesFramesFromAReliableDriver() throws Exception {
    Inbox<ImageSample> inbox = subscribe(
        new TopicSpec<>("/usb_cam/image_raw", Image.class, NodeTopics.IMAGE.qos(), false), ImageSample::of);
    peer.writer("/usb_cam/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(5));
    peer.awaitMatched("/usb_cam/image_raw", 1, DISCOVERY);
    awaitMatch(inbox.subscription());
    peer.header(9, 1, "camera_color_optical_frame");
    peer.publishImage("/usb_cam/image_raw", 640, 480, "bgr8", 17);
    ImageSample image = inbox.await(DELIVERY);
    assertThat(image.encoding()).isEqualTo("bgr8");
    assertThat(image.data()).isEqualTo(PeerPayload.bytes(17, 640 * 480 * 3));
  }

  @Test
  void compressedImageFromPeerArrivesWithEveryField() throws Exception {
    Inbox<CompressedSample> inbox = subscribe(
        TopicSpec.of("/camera/image_raw/compressed", CompressedImage.class, QosProfile.RELIABLE), CompressedSample::of);
    peer.writer("/camera/image_raw/compressed", CycloneDdsPeer.COMPRESSED_IMAGE, PeerQos.reliable(5));
    peer.awaitMatched("/camera/image_raw/compressed", 1, DISCOVERY);
    awaitMatch(inbox.subscription());

    peer.header(42, 999_999_999, "kamera_grün");
    peer.publishCompressedImage("/camera/image_raw/compressed", "rgb8;jpeg_compressed_bgr8", 54_321, 21);

    CompressedSample sample = inbox.await(DELIVERY);
    assertThat(sample.sec()).isEqualTo(42);
    assertThat(sample.nanosec()).isEqualTo(999_999_999);
    assertThat(sample.frameId()).isEqualTo("kamera_grün");
    assertThat(sample.format()).isEqualTo("rgb8;jpeg_compressed_bgr8");
    assertThat(sample.data()).isEqualTo(PeerPayload.bytes(21, 54_321));
  }

  @Test
  void stampedAudioFromPeerArrivesWithEveryField() throws Exception {
    Inbox<AudioSample> inbox = subscribe(
        TopicSpec.of("/audio/audio_stamped", AudioDataStamped.class, QosProfile.RELIABLE), AudioSample::of);
    peer.writer("/audio/audio_stamped", CycloneDdsPeer.AUDIO_DATA_STAMPED, PeerQos.reliable(10));
    peer.awaitMatched("/audio/audio_stamped", 1, DISCOVERY);
    awaitMatch(inbox.subscription());

    peer.header(0, 0, "microphone");
    peer.publishAudio("/audio/audio_stamped", 3_200, 31, 1_700_000_001, 250_000_000);
    peer.publishAudio("/audio/audio_stamped", 3_200, 32, 1_700_000_001, 350_000_000);

    AudioSample first = inbox.await(DELIVERY);
    AudioSample second = inbox.await(DELIVERY);
    assertThat(first.sec()).isEqualTo(1_700_000_001);
    assertThat(first.nanosec()).isEqualTo(250_000_000);
    assertThat(first.frameId()).isEqualTo("microphone");
    assertThat(first.data()).isEqualTo(PeerPayload.bytes(31, 3_200));
    assertThat(second.nanosec()).isEqualTo(350_000_000);
    assertThat(second.data()).isEqualTo(PeerPayload.bytes(32, 3_200));
  }

  @Test
  void proactiveEventFromJavaReachesPeerWithEveryField() throws Exception {
    peer.subscribe("/duplex/events", CycloneDdsPeer.PROACTIVE_EVENT, PeerQos.reliable(10));
    RosPublisher<ProactiveEvent> writer = node.advertise(TopicSpec.of("/duplex/events", ProactiveEvent.class, QosProfile.EVENTS));
    peer.awaitMatched("/duplex/events", 1, DISCOVERY);
    awaitMatch(writer);

    ProactiveEvent event = new ProactiveEvent();
    event.getHeader().getStamp().setSec(1_700_000_002);
    event.getHeader().getStamp().setNanosec(5);
    event.getHeader().setFrameId("camera_optical");
    event.setEventId("9f1c2e4a-0000-4000-8000-00000000002a");
    event.setKind("traffic_light");
    // ihmc's CDR is not UTF-8: without WireStrings the peer gets "gr\xfcn" and bytes 0x13, 0x14.
    event.setText(WireStrings.encode("Die Ampel ist grün ✓ — \"go\" \\ now 你好"));
    event.setWatchId("w1");
    event.setWatchCondition("tell me when the light turns green");
    event.setUtteranceId((1L << 40) + 5);
    event.setUnitIndex(-2L); // uint64 18446744073709551614 on the wire
    event.getFrameStamp().setSec(1_700_000_001);
    event.getFrameStamp().setNanosec(900_000_000);
    event.getAudioStamp().setSec(1_700_000_002);
    event.getAudioStamp().setNanosec(0);
    event.setLatencyS(0.123456789012345);
    event.setIsFinal(true);
    assertThat(writer.publish(event)).isTrue();

    JsonNode got = peer.awaitSample("/duplex/events", DELIVERY);
    assertThat(got.at("/header/stamp/sec").asInt()).isEqualTo(1_700_000_002);
    assertThat(got.at("/header/stamp/nanosec").asLong()).isEqualTo(5);
    assertThat(got.at("/header/frame_id").asText()).isEqualTo("camera_optical");
    assertThat(got.get("event_id").asText()).isEqualTo("9f1c2e4a-0000-4000-8000-00000000002a");
    assertThat(got.get("kind").asText()).isEqualTo("traffic_light");
    assertThat(got.get("text").asText()).isEqualTo("Die Ampel ist grün ✓ — \"go\" \\ now 你好");
    assertThat(got.get("watch_id").asText()).isEqualTo("w1");
    assertThat(got.get("watch_condition").asText()).isEqualTo("tell me when the light turns green");
    assertThat(got.get("utterance_id").asText()).isEqualTo(Long.toString((1L << 40) + 5));
    assertThat(got.get("unit_index").asText()).isEqualTo(Long.toUnsignedString(-2L));
    assertThat(got.at("/frame_stamp/sec").asInt()).isEqualTo(1_700_000_001);
    assertThat(got.at("/frame_stamp/nanosec").asLong()).isEqualTo(900_000_000);
    assertThat(got.at("/audio_stamp/sec").asInt()).isEqualTo(1_700_000_002);
    assertThat(got.at("/audio_stamp/nanosec").asLong()).isZero();
    assertThat(got.get("latency_s").asDouble()).isEqualTo(0.123456789012345);
    assertThat(got.get("is_final").asBoolean()).isTrue();
  }

  @Test
  void transcriptFromJavaReachesPeerWithEveryField() throws Exception {
    peer.subscribe("/duplex/transcript", CycloneDdsPeer.TRANSCRIPT, PeerQos.reliable(10));
    RosPublisher<Transcript> writer = node.advertise(TopicSpec.of("/duplex/transcript", Transcript.class, QosProfile.RELIABLE));
    peer.awaitMatched("/duplex/transcript", 1, DISCOVERY);
    awaitMatch(writer);

    String soFar = "Hello! ".repeat(2_000) + "Bis gleich, schönen Tag.";
    Transcript transcript = new Transcript();
    transcript.getHeader().getStamp().setSec(1_700_000_003);
    transcript.getHeader().getStamp().setNanosec(1_000);
    transcript.getHeader().setFrameId("microphone");
    transcript.setUtteranceId(7);
    transcript.setUnitIndex(1_234);
    transcript.setText("Bis gleich.");
    transcript.setTextSoFar(WireStrings.encode(soFar));
    transcript.setIsFinal(true);
    transcript.setProactive(false);
    transcript.setInterrupted(true);
    transcript.getAudioStart().setSec(1_700_000_002);
    transcript.getAudioStart().setNanosec(0);
    transcript.getAudioEnd().setSec(1_700_000_003);
    transcript.getAudioEnd().setNanosec(0);
    assertThat(writer.publish(transcript)).isTrue();

    JsonNode got = peer.awaitSample("/duplex/transcript", DELIVERY);
    assertThat(got.at("/header/stamp/sec").asInt()).isEqualTo(1_700_000_003);
    assertThat(got.at("/header/stamp/nanosec").asLong()).isEqualTo(1_000);
    assertThat(got.at("/header/frame_id").asText()).isEqualTo("microphone");
    assertThat(got.get("utterance_id").asLong()).isEqualTo(7);
    assertThat(got.get("unit_index").asLong()).isEqualTo(1_234);
    assertThat(got.get("text").asText()).isEqualTo("Bis gleich.");
    assertThat(got.get("text_so_far").asText()).isEqualTo(soFar);
    assertThat(got.get("is_final").asBoolean()).isTrue();
    assertThat(got.get("proactive").asBoolean()).isFalse();
    assertThat(got.get("interrupted").asBoolean()).isTrue();
    assertThat(got.at("/audio_start/sec").asInt()).isEqualTo(1_700_000_002);
    assertThat(got.at("/audio_end/sec").asInt()).isEqualTo(1_700_000_003);
    assertThat(got.at("/audio_end/nanosec").asLong()).isZero();
  }

  @Test
  void aLateJoiningPeerFindsTheNodeAndItsEndpointsOnRosDiscoveryInfo() throws Exception {
    // The node announces itself like an rmw: reliable, transient local, depth 1, no rt/ prefix.
    node.advertise(TopicSpec.of("~/state_probe", Transcript.class, QosProfile.RELIABLE));
    peer.discovery();
    JsonNode got = peer.awaitSample(CycloneDdsPeer.DISCOVERY_TOPIC, DELIVERY);
    assertThat(got.get("gid").asText()).isEqualTo(HexFormat.of().formatHex(node.participantGid()));
    assertThat(got.at("/nodes/0/node_namespace").asText()).isEqualTo("/");
    assertThat(got.at("/nodes/0/node_name").asText()).isEqualTo("duplex_node");
    assertThat(got.at("/nodes/0/reader_gids").size()).isEqualTo(node.readerGuids().size()).isGreaterThanOrEqualTo(1);
    assertThat(got.at("/nodes/0/writer_gids").size()).isEqualTo(node.writerGuids().size()).isGreaterThanOrEqualTo(1);
    byte[] firstWriter = new byte[16];
    rmw_dds_common.msg.dds.Gid gid = new rmw_dds_common.msg.dds.Gid();
    GraphAnnouncer.copy(node.writerGuids().get(0), gid);
    System.arraycopy(gid.getData(), 0, firstWriter, 0, 16);
    assertThat(got.at("/nodes/0/writer_gids/0").asText()).isEqualTo(HexFormat.of().formatHex(firstWriter));
  }
}
