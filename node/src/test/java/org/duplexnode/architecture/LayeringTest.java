package org.duplexnode.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The package rules drawn in docs/architecture.md, checked on the compiled classes of every
 * module: layers only call down, no package cycles, the core knows no transport, no adapter knows
 * another (the bag adapter reuses the ROS message mapping), and the stages depend only on the
 * stages before them in the data flow.
 */
@Tag("unit")
class LayeringTest {
  static final String ROOT = "org.duplexnode";
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void layersOnlyCallDown() {
    layers().check(classes);
  }

  @Test
  void aCoreClassThatUsesAnAdapterBreaksTheRules() {
    JavaClasses bad = new ClassFileImporter().importClasses(org.duplexnode.outputs.LayeringViolationFixture.class,
        org.duplexnode.ros.SimClock.class);
    org.assertj.core.api.Assertions.assertThat(layers().evaluate(bad).hasViolation()).isTrue();
  }

  static ArchRule layers() {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy(ROOT + ".cli..")
        .layer("assembly").definedBy(ROOT + ".node..")
        .layer("adapters").definedBy(ROOT + ".ros..", ROOT + ".mqtt..", ROOT + ".audio..", ROOT + ".replay..")
        .layer("core").definedBy(ROOT + ".pipeline..", ROOT + ".ingest..", ROOT + ".session..", ROOT + ".model..",
            ROOT + ".outputs..")
        .layer("ports").definedBy(ROOT + ".ports..")
        .layer("libraries").definedBy(ROOT + ".engine..", ROOT + ".bag..", ROOT + ".config..", ROOT + ".logging..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("assembly").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("adapters").mayOnlyBeAccessedByLayers("cli", "assembly")
        .whereLayer("core").mayOnlyBeAccessedByLayers("cli", "assembly")
        .whereLayer("ports").mayOnlyBeAccessedByLayers("cli", "assembly", "adapters", "core")
        .whereLayer("libraries").mayOnlyBeAccessedByLayers("cli", "assembly", "adapters", "core", "ports");
  }

  @Test
  void noPackageCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void adaptersDoNotKnowEachOther() {
    adapter("ros", "mqtt", "audio", "replay").check(classes);
    adapter("mqtt", "ros", "audio", "replay").check(classes);
    adapter("audio", "ros", "mqtt", "replay").check(classes);
    // A rosbag holds ROS messages: the bag adapter reuses the ROS adapter's message mapping.
    adapter("replay", "mqtt", "audio").check(classes);
  }

  private static ArchRule adapter(String name, String... others) {
    String[] packages = new String[others.length];
    for (int i = 0; i < others.length; i++) {
      packages[i] = ROOT + "." + others[i] + "..";
    }
    return noClasses().that().resideInAPackage(ROOT + "." + name + "..").should().dependOnClassesThat()
        .resideInAnyPackage(packages).because("each transport is one adapter that knows only the ports");
  }

  @Test
  void stagesDependOnlyOnEarlierStages() {
    // sources -> ingest -> session -> model -> outputs: a stage may use what came before it.
    stage("ingest", "session", "model", "outputs", "pipeline").check(classes);
    stage("session", "model", "outputs", "pipeline").check(classes);
    stage("model", "outputs", "pipeline").check(classes);
    stage("outputs", "pipeline").check(classes);
  }

  private static ArchRule stage(String name, String... later) {
    String[] packages = new String[later.length];
    for (int i = 0; i < later.length; i++) {
      packages[i] = ROOT + "." + later[i] + "..";
    }
    return noClasses().that().resideInAPackage(ROOT + "." + name + "..").should().dependOnClassesThat()
        .resideInAnyPackage(packages).because("data flows from ingest to outputs, and dependencies point back");
  }

  @Test
  void theEngineInterfaceNamesNoBackend() {
    noClasses().that().resideInAPackage(ROOT + ".engine").should().dependOnClassesThat()
        .resideInAPackage(ROOT + ".engine.tensorrt..").check(classes);
  }
}
