package org.duplexnode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away certificate authority made with the openssl command line: a CA, a server
 * certificate for localhost / 127.0.0.1 and a client certificate, all signed by the CA, with
 * unencrypted PKCS#8 keys (P-256).
 */
public record TestCa(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

  public static TestCa create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path caKey = dir.resolve("ca.key");
    Path caCert = dir.resolve("ca.crt");
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", caKey.toString(), "-out", caCert.toString(), "-days", "2", "-subj", "/CN=duplex-node test CA");
    Path ext = dir.resolve("server.ext");
    Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    issue(dir, "server", "localhost", caCert, caKey, ext);
    issue(dir, "client", "duplex-node client", caCert, caKey, null);
    return new TestCa(caCert, dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("client.crt"),
        dir.resolve("client.key"));
  }

  /** Another CA, unrelated to this one (a broker it does not sign must be refused). */
  public static Path otherCaCert(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", dir.resolve("other.key").toString(), "-out", dir.resolve("other.crt").toString(), "-days", "2",
        "-subj", "/CN=another CA");
    return dir.resolve("other.crt");
  }

  private static void issue(Path dir, String name, String cn, Path caCert, Path caKey, Path ext)
      throws IOException, InterruptedException {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
        key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn);
    List<String> sign = new java.util.ArrayList<>(List.of("x509", "-req", "-in", csr.toString(), "-CA",
        caCert.toString(), "-CAkey", caKey.toString(), "-CAcreateserial", "-out", dir.resolve(name + ".crt").toString(),
        "-days", "2"));
    if (ext != null) {
      sign.addAll(List.of("-extfile", ext.toString()));
    }
    openssl(dir, sign.toArray(new String[0]));
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    ProcessResult r = ProcessResult.run(cmd, java.util.Map.of(), dir);
    if (r.exitCode() != 0) {
      throw new IOException("openssl " + String.join(" ", args) + " failed: " + r.stderr());
    }
  }
}
