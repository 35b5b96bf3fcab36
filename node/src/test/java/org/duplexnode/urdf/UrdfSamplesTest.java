package org.duplexnode.urdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.config.ParameterDeclaration;
import org.duplexnode.testing.ProcessResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The robot descriptions in urdf-samples/: valid for urdfdom's check_urdf, with the frames the
 * node's default frame ids name, and camera frames that point the way REP 103 says.
 */
@Tag("interop")
class UrdfSamplesTest {
  static final Path SAMPLES = Path.of("../urdf-samples").toAbsolutePath().normalize();
  private static final String CHECK_URDF = "check_urdf";

  static Stream<Path> urdfFiles() throws IOException {
    try (Stream<Path> s = Files.walk(SAMPLES, 2)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".urdf")).sorted().toList().stream();
    }
  }

  @Test
  void thereAreTwoRobotsEachWithItsXacro() throws IOException {
    assertThat(urdfFiles().map(p -> SAMPLES.relativize(p).toString()))
        .containsExactly("desktop_head/desktop_head.urdf", "mobile_mast/mobile_mast.urdf");
    assertThat(urdfFiles()).allSatisfy(p -> assertThat(p.resolveSibling(p.getFileName() + ".xacro")).isRegularFile());
  }

  @ParameterizedTest
  @MethodSource("urdfFiles")
  void checkUrdfAcceptsIt(Path urdf) throws Exception {
    ProcessResult r = ProcessResult.run(List.of(CHECK_URDF, urdf.toString()), Map.of());
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout()).contains("Successfully Parsed XML").contains("camera_color_optical_frame");
  }

  @Test
  void checkUrdfRejectsABrokenTree(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.urdf");
    Files.writeString(broken, """
        <robot name="broken">
          <link name="base_link"/>
          <joint name="j" type="fixed"><parent link="base_link"/><child link="missing_link"/></joint>
        </robot>""");
    ProcessResult r = ProcessResult.run(List.of(CHECK_URDF, broken.toString()), Map.of());
    assertThat(r.exitCode()).isNotZero();
  }

  @ParameterizedTest
  @MethodSource("urdfFiles")
  void hasEveryFrameTheNodeNamesByDefault(Path urdf) throws IOException {
    UrdfModel robot = UrdfModel.read(urdf);
    for (String p : List.of(NodeParameters.CAMERA_FRAME, NodeParameters.MICROPHONE_FRAME, NodeParameters.SPEAKER_FRAME)) {
      String frame = (String) NodeParameters.all().stream().filter(d -> d.name().equals(p))
          .map(ParameterDeclaration::defaultValue).findFirst().orElseThrow();
      assertThat(robot.links()).as("%s (default of %s)", frame, p).contains(frame);
    }
    assertThat(robot.childrenOf("microphone_link")).as("microphone elements")
        .hasSizeGreaterThanOrEqualTo(3).allMatch(l -> l.matches("mic_\\d+_link"));
  }

  @ParameterizedTest
  @MethodSource("urdfFiles")
  void theOpticalFrameLooksAlongCameraLinkXWithXRightAndYDown(Path urdf) throws IOException {
    UrdfModel robot = UrdfModel.read(urdf);
    double[][] r = robot.rotation("camera_color_optical_frame", "camera_link");
    assertVector(UrdfModel.column(r, 2), 1, 0, 0);   // optical z: forward
    assertVector(UrdfModel.column(r, 0), 0, -1, 0);  // optical x: right
    assertVector(UrdfModel.column(r, 1), 0, 0, -1);  // optical y: down
    assertThat(robot.parentJoint("camera_color_optical_frame").rpy())
        .containsExactly(new double[] {-Math.PI / 2, 0, -Math.PI / 2}, within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("urdfFiles")
  void theCameraAndSpeakerFaceForwardAtRest(Path urdf) throws IOException {
    UrdfModel robot = UrdfModel.read(urdf);
    String root = robot.links().stream().filter(l -> robot.parentJoint(l) == null).findFirst().orElseThrow();
    assertThat(root).isIn("base_link", "base_footprint");
    double[] cameraX = UrdfModel.column(robot.rotation("camera_link", root), 0);
    assertThat(cameraX[0]).as("camera looks forward").isGreaterThan(0.9);
    assertThat(cameraX[2]).as("camera looks level or down").isLessThanOrEqualTo(1e-9);
    double[] speakerX = UrdfModel.column(robot.rotation("speaker_link", root), 0);
    assertThat(speakerX[0]).as("speaker faces forward").isGreaterThan(0.99);
  }

  @Test
  void theRotationCheckCatchesAnOpticalFrameWithFlippedSigns() {
    // rpy "pi/2 0 pi/2", a common slip, still looks forward but has x left and y up.
    double[][] wrong = UrdfModel.rpy(new double[] {Math.PI / 2, 0, Math.PI / 2});
    assertVector(UrdfModel.column(wrong, 2), 1, 0, 0);
    assertVector(UrdfModel.column(wrong, 0), 0, 1, 0);
    assertVector(UrdfModel.column(wrong, 1), 0, 0, 1);
  }

  private static void assertVector(double[] v, double x, double y, double z) {
    assertThat(v).containsExactly(new double[] {x, y, z}, within(1e-9));
  }
}
