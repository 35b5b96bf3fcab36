package org.duplexnode.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.duplexnode.config.NodeParameters;
import org.duplexnode.testing.Await;
import org.duplexnode.testing.MosquittoBroker;
import org.duplexnode.testing.ProcessResult;
import org.duplexnode.testing.RecordingSubscriber;
import org.duplexnode.testing.TestCa;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and credentials against mosquitto, with a CA made by openssl for the test: server
 * authentication, mutual TLS, refusals (no client certificate, another CA, a wrong password),
 * and no secret in what the bridge prints.
 */
@Tag("interop")
class MqttTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String PREFIX = "robots/r1/duplex";

  @TempDir static Path shared;
  @TempDir Path dir;
  private static TestCa ca;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = TestCa.create(shared.resolve("ca"));
  }

  private void assertDelivers(MosquittoBroker broker, MqttTestSettings settings) throws Exception {
    try (RecordingSubscriber dashboard = RecordingSubscriber.connect(broker.url(), PREFIX + "/#", false);
         MqttBridge b = MqttBridge.open(settings.build()).start()) {
      Await.until("the bridge to connect over TLS", WAIT, () -> b.status().connected());
      new MqttSink(b, "mic").publish(MqttBridgeTest.alert(1));
      assertThat(dashboard.awaitOn(PREFIX + "/events", 1, WAIT).get(0).json().get("event_id").asText())
          .isEqualTo("ev-1");
    }
  }

  private static void assertRefused(MqttTestSettings settings, String why) throws Exception {
    try (MqttBridge b = MqttBridge.open(settings.build()).start()) {
      new MqttSink(b, "mic").publish(MqttBridgeTest.alert(1));
      Await.until("a connect error", WAIT, () -> !b.status().lastError().isEmpty());
      assertThat(b.status().connected()).as(why).isFalse();
      assertThat(b.status().queued()).as("the event waits in the outbox").isEqualTo(1);
    }
  }

  @Test
  void serverAuthenticationWithTheTestCa() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.tls(ca, false))) {
      assertDelivers(broker, MqttTestSettings.of(broker.tlsUrl(), dir.resolve("outbox"))
          .with(NodeParameters.MQTT_TLS_CA_FILE, ca.caCert().toString()));
      assertRefused(MqttTestSettings.of(broker.tlsUrl(), dir.resolve("outbox2"))
          .with(NodeParameters.MQTT_TLS_CA_FILE, TestCa.otherCaCert(dir.resolve("other")).toString()),
          "a broker certificate from another CA is refused");
    }
  }

  @Test
  void mutualTls() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.tls(ca, true))) {
      assertDelivers(broker, MqttTestSettings.of(broker.tlsUrl(), dir.resolve("outbox"))
          .with(NodeParameters.MQTT_TLS_CA_FILE, ca.caCert().toString())
          .with(NodeParameters.MQTT_TLS_CERT_FILE, ca.clientCert().toString())
          .with(NodeParameters.MQTT_TLS_KEY_FILE, ca.clientKey().toString()));
      assertRefused(MqttTestSettings.of(broker.tlsUrl(), dir.resolve("outbox2"))
          .with(NodeParameters.MQTT_TLS_CA_FILE, ca.caCert().toString()),
          "without a client certificate the broker refuses");
    }
  }

  @Test
  void usernameAndPasswordFromAFileAndNoSecretInTheSettingsText() throws Exception {
    Path passwords = dir.resolve("passwd");
    ProcessResult r = ProcessResult.run(List.of("mosquitto_passwd", "-b", "-c", passwords.toString(), "robot",
        "s3cret-pw"), java.util.Map.of());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    Path pwFile = dir.resolve("mqtt.password");
    Files.writeString(pwFile, "s3cret-pw\n");
    Path wrong = dir.resolve("wrong.password");
    Files.writeString(wrong, "guess\n");
    try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"),
        MosquittoBroker.Options.withPasswords(passwords))) {
      MqttTestSettings good = MqttTestSettings.of(broker.url(), dir.resolve("outbox"))
          .with(NodeParameters.MQTT_USERNAME, "robot").with(NodeParameters.MQTT_PASSWORD_FILE, pwFile.toString());
      assertThat(good.build().toString()).contains("password=(set)").doesNotContain("s3cret-pw");
      try (MqttBridge b = MqttBridge.open(good.build()).start()) {
        Await.until("the bridge to log in", WAIT, () -> b.status().connected());
      }
      assertRefused(MqttTestSettings.of(broker.url(), dir.resolve("outbox2"))
          .with(NodeParameters.MQTT_USERNAME, "robot").with(NodeParameters.MQTT_PASSWORD_FILE, wrong.toString()),
          "a wrong password is refused");
    }
  }

  @Test
  void aKeyInTheOldRsaFormIsRefusedWithTheConversionCommand() throws Exception {
    Path pkcs1 = dir.resolve("rsa.key");
    Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TlsContexts.socketFactory(ca.caCert(), ca.clientCert(), pkcs1))
        .hasMessageContaining("openssl pkcs8 -topk8").hasMessageContaining(pkcs1.toString());
  }
}
