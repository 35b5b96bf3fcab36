package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import audio_common_msgs.msg.dds.AudioDataStamped;
import audio_common_msgs.msg.dds.AudioDataStampedPubSubType;
import com.fasterxml.jackson.databind.JsonNode;
import duplex_msgs.msg.dds.ProactiveEvent;
import duplex_msgs.msg.dds.ProactiveEventPubSubType;
import duplex_msgs.msg.dds.Transcript;
import duplex_msgs.msg.dds.TranscriptPubSubType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.duplexnode.ros.FastDdsTestParticipant.Inbox;
import org.duplexnode.ros.FastDdsTestParticipant.Qos;
import org.duplexnode.ros.FastDdsTestParticipant.Writer;
import org.duplexnode.testing.CycloneDdsPeer;
import org.duplexnode.testing.CycloneDdsPeer.PeerQos;
import org.duplexnode.testing.PeerPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import rmw_dds_common.msg.dds.Gid;
import rmw_dds_common.msg.dds.NodeEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfoPubSubType;
import sensor_msgs.msg.dds.CompressedImage;
import sensor_msgs.msg.dds.CompressedImagePubSubType;
import sensor_msgs.msg.dds.Image;
import sensor_msgs.msg.dds.ImagePubSubType;
import std_msgs.msg.dds.Header;
import us.ihmc.pubsub.common.Guid;

/**
 * The ROS 2 wire test: the generated Java message classes over Fast-DDS (ihmc-pub-sub) against
 * an independent CycloneDDS peer with the standard ROS 2 type definitions, both ways, every field
 * checked, on loopback in a random domain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CycloneInteropTest {
  private static final Logger LOG = LoggerFactory.getLogger(CycloneInteropTest.class);
  private static final Duration DISCOVERY = Duration.ofSeconds(20);
  /** Generous: a 36 MB sample crosses loopback in fragments on a loaded two-core machine. */
  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private FastDdsTestParticipant javaSide;
  private CycloneDdsPeer peer;
  private Inbox<ImageSample> images;

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
    javaSide = FastDdsTestParticipant.create(domainId, "cyclone_interop");
    images = javaSide.subscribe(new ImagePubSubType(), "rt/camera/image_raw", Qos.reliable(5), ImageSample::of);
    peer = CycloneDdsPeer.start(domainId, workDir);
    peer.writer("/camera/image_raw", CycloneDdsPeer.IMAGE, PeerQos.reliable(5));
    long peerWaitMs = peer.awaitMatched("/camera/image_raw", 1, DISCOVERY);
    images.matches().await(1, DISCOVERY);
    LOG.info("domain {}: first match after {} ms from the Java participant's creation (peer waited {} ms)",
        domainId, (System.nanoTime() - start) / 1_000_000, peerWaitMs);
  }

  @AfterAll
  void stopBothSides() {
    if (peer != null) {
      peer.close();
    }
    if (javaSide != null) {
      javaSide.close();
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
    long rejectedBefore = images.rejected();
    peer.header(8, 0, "camera_optical");
    peer.publishImage("/camera/image_raw", 331_777, 100, "mono8", 15);
    peer.publishImage("/camera/image_raw", 320, 240, "rgb8", 16);

    ImageSample next = images.await(DELIVERY);
    assertThat(next.data()).isEqualTo(PeerPayload.bytes(16, 320 * 240 * 3));
    assertThat(images.rejected()).isEqualTo(rejectedBefore + 1);
  }

  @Test
  void compressedImageFromPeerArrivesWithEveryField() throws Exception {
    Inbox<CompressedSample> inbox = javaSide.subscribe(new CompressedImagePubSubType(),
        "rt/camera/image_raw/compressed", Qos.reliable(5), CompressedSample::of);
    peer.writer("/camera/image_raw/compressed", CycloneDdsPeer.COMPRESSED_IMAGE, PeerQos.reliable(5));
    peer.awaitMatched("/camera/image_raw/compressed", 1, DISCOVERY);
    inbox.matches().await(1, DISCOVERY);

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
    Inbox<AudioSample> inbox = javaSide.subscribe(new AudioDataStampedPubSubType(), "rt/audio/audio_stamped",
        Qos.reliable(10), AudioSample::of);
    peer.writer("/audio/audio_stamped", CycloneDdsPeer.AUDIO_DATA_STAMPED, PeerQos.reliable(10));
    peer.awaitMatched("/audio/audio_stamped", 1, DISCOVERY);
    inbox.matches().await(1, DISCOVERY);

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
    Writer<ProactiveEvent> writer = javaSide.writer(new ProactiveEventPubSubType(), "rt/duplex/events",
        Qos.reliable(10));
    peer.awaitMatched("/duplex/events", 1, DISCOVERY);
    writer.matches().await(1, DISCOVERY);

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
    writer.write(event);

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
  }

  @Test
  void transcriptFromJavaReachesPeerWithEveryField() throws Exception {
    peer.subscribe("/duplex/transcript", CycloneDdsPeer.TRANSCRIPT, PeerQos.reliable(10));
    Writer<Transcript> writer = javaSide.writer(new TranscriptPubSubType(), "rt/duplex/transcript", Qos.reliable(10));
    peer.awaitMatched("/duplex/transcript", 1, DISCOVERY);
    writer.matches().await(1, DISCOVERY);

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
    writer.write(transcript);

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
  void discoveryInfoFromJavaReachesALateJoiningPeer() throws Exception {
    // ros_discovery_info has no rt/ prefix; reliable, transient local, depth 1 as in the RMWs.
    Writer<ParticipantEntitiesInfo> writer = javaSide.writer(new ParticipantEntitiesInfoPubSubType(),
        "ros_discovery_info", new Qos(true, true, 1));
    ParticipantEntitiesInfo info = new ParticipantEntitiesInfo();
    byte[] participantGid = gid(javaSide.guid());
    System.arraycopy(participantGid, 0, info.getGid().getData(), 0, 16);
    NodeEntitiesInfo node = info.getNodeEntitiesInfoSeq().add();
    node.setNodeNamespace("/");
    node.setNodeName("duplex_node");
    setGid(node.getReaderGidSeq().add(), 0x11);
    setGid(node.getWriterGidSeq().add(), 0x22);
    setGid(node.getWriterGidSeq().add(), 0x33);
    writer.write(info); // before the peer reads: transient local delivers it on match

    peer.discovery();
    JsonNode got = peer.awaitSample(CycloneDdsPeer.DISCOVERY_TOPIC, DELIVERY);
    assertThat(got.get("gid").asText()).isEqualTo(HexFormat.of().formatHex(participantGid));
    assertThat(got.at("/nodes/0/node_namespace").asText()).isEqualTo("/");
    assertThat(got.at("/nodes/0/node_name").asText()).isEqualTo("duplex_node");
    assertThat(got.at("/nodes/0/reader_gids")).hasSize(1);
    assertThat(got.at("/nodes/0/reader_gids/0").asText()).isEqualTo("11".repeat(16));
    assertThat(got.at("/nodes/0/writer_gids")).hasSize(2);
    assertThat(got.at("/nodes/0/writer_gids/1").asText()).isEqualTo("33".repeat(16));
  }

  private static byte[] gid(Guid guid) {
    byte[] gid = new byte[16];
    System.arraycopy(guid.getGuidPrefix().getValue(), 0, gid, 0, 12);
    System.arraycopy(guid.getEntity().getValue(), 0, gid, 12, 4);
    return gid;
  }

  private static void setGid(Gid gid, int fill) {
    Arrays.fill(gid.getData(), (byte) fill);
  }
}
