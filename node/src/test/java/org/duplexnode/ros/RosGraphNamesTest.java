package org.duplexnode.ros;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import rmw_dds_common.msg.dds.Gid;
import rmw_dds_common.msg.dds.NodeEntitiesInfo;
import rmw_dds_common.msg.dds.ParticipantEntitiesInfo;

@Tag("unit")
class RosGraphNamesTest {
  private static void set(Gid gid, String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    System.arraycopy(bytes, 0, gid.getData(), 0, bytes.length);
  }

  private static ParticipantEntitiesInfo info(String participant, String ns, String name, String writer) {
    ParticipantEntitiesInfo info = new ParticipantEntitiesInfo();
    set(info.getGid(), participant);
    NodeEntitiesInfo node = info.getNodeEntitiesInfoSeq().add();
    node.setNodeNamespace(ns);
    node.setNodeName(name);
    set(node.getWriterGidSeq().add(), writer);
    return info;
  }

  @Test
  void endpointsAreNamedByTheirNodeAndALaterAnnouncementReplacesAnEarlier() {
    RosGraphNames names = new RosGraphNames();
    String participant = "01".repeat(12) + "000001c1";
    String writer = "01".repeat(12) + "00000103";
    names.accept(info(participant, "/robot", "teleop", writer));
    assertThat(names.apply(writer.toUpperCase())).contains("/robot/teleop");

    names.accept(info(participant, "/", "camera", "01".repeat(12) + "00000203"));
    assertThat(names.apply(writer)).isEmpty();
    assertThat(names.apply("01".repeat(12) + "00000203")).contains("/camera");
    assertThat(names.apply("ff".repeat(16))).isEmpty();
  }
}
