package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import duplex_msgs.msg.dds.Transcript;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duplexnode.config.RosArgs;
import org.duplexnode.config.RosArgsParser;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.TestDomains;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;
import sensor_msgs.msg.dds.Image;

/** Two Fast-DDS participants in one process, over loopback UDP. */
@Tag("integration")
class FastDdsTransportTest {
  private static final Duration DISCOVERY = Duration.ofSeconds(20);

  private FastDdsTransport a;
  private FastDdsTransport b;

  @BeforeEach
  void start() throws Exception {
    int domain = TestDomains.random();
    List<InetAddress> lo = List.of(InetAddress.getLoopbackAddress());
    a = new FastDdsTransport(new NodeIdentity("talker", "/r1"),
        RosArgsParser.parse("--ros-args", "-r", "~/out:=/shared/topic"), domain, lo);
    b = new FastDdsTransport(new NodeIdentity("listener", "/"), RosArgs.empty(), domain, lo);
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void remappedPrivateTopicCarriesEveryField() throws Exception {
    BlockingQueue<Transcript> got = new LinkedBlockingQueue<>();
    RosSubscription sub = b.subscribe(TopicSpec.of("/shared/topic", Transcript.class, QosProfile.RELIABLE), m -> {
      Transcript copy = new Transcript();
      copy.set(m);
      got.add(copy);
    });
    RosPublisher<Transcript> pub = a.advertise(TopicSpec.of("~/out", Transcript.class, QosProfile.RELIABLE));
    assertThat(pub.topic()).isEqualTo("/shared/topic");
    Await.until("the transcript reader to match", DISCOVERY, () -> pub.matchedReaders() > 0 && sub.matchedWriters() > 0);

    Transcript t = new Transcript();
    t.getHeader().getStamp().setSec(12);
    t.getHeader().getStamp().setNanosec(345);
    t.getHeader().setFrameId("mic_link");
    t.setUtteranceId(7);
    t.setUnitIndex(42);
    t.setText("hello");
    t.setTextSoFar("x".repeat(5000));
    t.setIsFinal(true);
    t.setProactive(true);
    t.setInterrupted(false);
    t.getAudioStart().setSec(11);
    t.getAudioEnd().setSec(12);
    assertThat(pub.publish(t)).isTrue();

    Transcript r = got.poll(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    assertThat(r.getHeader().getStamp().getSec()).isEqualTo(12);
    assertThat(r.getHeader().getStamp().getNanosec()).isEqualTo(345);
    assertThat(r.getHeader().getFrameIdAsString()).isEqualTo("mic_link");
    assertThat(r.getUtteranceId()).isEqualTo(7);
    assertThat(r.getUnitIndex()).isEqualTo(42);
    assertThat(r.getTextAsString()).isEqualTo("hello");
    assertThat(r.getTextSoFarAsString()).hasSize(5000);
    assertThat(r.getIsFinal()).isTrue();
    assertThat(r.getProactive()).isTrue();
    assertThat(r.getInterrupted()).isFalse();
    assertThat(r.getAudioStart().getSec()).isEqualTo(11);
  }

  @Test
  void fullHdImageArrivesIntact() throws Exception {
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    RosSubscription sub = b.subscribe(TopicSpec.of("/cam/image_raw", Image.class, QosProfile.SENSOR_DATA), m -> {
      byte[] data = new byte[m.getData().size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = m.getData().get(i);
      }
      got.add(data);
    });
    RosPublisher<Image> pub = a.advertise(TopicSpec.of("/cam/image_raw", Image.class, QosProfile.RELIABLE));
    Await.until("the image reader to match", DISCOVERY, () -> sub.matchedWriters() > 0);

    Image img = new Image();
    img.setWidth(1920);
    img.setHeight(1080);
    img.setEncoding("rgb8");
    img.setStep(1920 * 3);
    byte[] expected = new byte[1920 * 1080 * 3];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (byte) (i * 31 + 7);
      img.getData().add(expected[i]);
    }
    byte[] received = null;
    // Best effort may lose a fragmented sample on a busy host: resend until one arrives whole.
    for (int attempt = 0; attempt < 10 && received == null; attempt++) {
      pub.publish(img);
      received = got.poll(2, TimeUnit.SECONDS);
    }
    assertThat(received).isNotNull();
    assertThat(received).isEqualTo(expected);
  }

  @Test
  void announcesTheNodeAndItsEndpointsOnRosDiscoveryInfo() throws Exception {
    a.advertise(TopicSpec.of("~/events", Transcript.class, QosProfile.EVENTS));
    a.subscribe(TopicSpec.of("audio/in", Transcript.class, QosProfile.SENSOR_DATA), m -> { });
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    b.subscribe(new TopicSpec<>("ros_discovery_info", ParticipantEntitiesInfo.class, QosProfile.DISCOVERY_INFO, true), m -> {
      for (int i = 0; i < m.getNodeEntitiesInfoSeq().size(); i++) {
        var n = m.getNodeEntitiesInfoSeq().get(i);
        seen.add(n.getNodeNamespaceAsString() + "|" + n.getNodeNameAsString() + "|"
            + n.getReaderGidSeq().size() + "|" + n.getWriterGidSeq().size());
      }
    });
    Await.until("talker's discovery info with 1 reader and 1 writer", DISCOVERY,
        () -> seen.contains("/r1|talker|1|1"));
  }
}
