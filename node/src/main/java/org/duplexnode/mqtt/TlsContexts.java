package org.duplexnode.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the broker connection from PEM files, as brokers and openssl produce them: a CA file
 * that the broker's certificate must chain to (else the JVM's trust store), and optionally a client
 * certificate with its unencrypted PKCS#8 key for mutual TLS. Errors name the file and the problem,
 * never the key material.
 */
public final class TlsContexts {
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private TlsContexts() {}

  /** A socket factory for the settings' TLS files; throws IllegalArgumentException naming a bad file. */
  public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (caFile == null) {
        tmf.init((KeyStore) null);
      } else {
        KeyStore trust = emptyStore();
        int i = 0;
        for (Certificate c : certificates(caFile)) {
          trust.setCertificateEntry("ca" + i++, c);
        }
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (certFile != null) {
        KeyStore keys = emptyStore();
        List<Certificate> chain = certificates(certFile);
        keys.setKeyEntry("client", privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
    }
  }

  static List<Certificate> certificates(Path file) throws IOException {
    List<Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Block b : blocks(file)) {
        if (b.type().equals("CERTIFICATE")) {
          out.add(cf.generateCertificate(new ByteArrayInputStream(b.der())));
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not a valid PEM certificate (" + e.getMessage() + ")");
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return out;
  }

  static PrivateKey privateKey(Path file) throws IOException {
    for (Block b : blocks(file)) {
      switch (b.type()) {
        case "PRIVATE KEY" -> {
          return pkcs8(file, b.der());
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file
            + ": " + b.type() + " is not supported; convert it to an unencrypted PKCS#8 key with "
            + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem'");
        default -> { }
      }
    }
    throw new IllegalArgumentException(file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) found");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm; the key's own OID decides which one parses
      }
    }
    throw new IllegalArgumentException(file + ": the private key is not RSA, EC or EdDSA in PKCS#8 form");
  }

  private record Block(String type, byte[] der) {}

  private static Collection<Block> blocks(Path file) throws IOException {
    if (Files.size(file) > 1 << 20) {
      throw new IllegalArgumentException(file + ": larger than 1 MiB, not a PEM file");
    }
    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
    List<Block> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": bad base64 in a " + m.group(1) + " block");
      }
    }
    return out;
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    return ks;
  }
}
