package dev.iamlocal.server.iam;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates and keys made by Bouncy Castle for the certificate tests. */
final class TestCertificates {

  private TestCertificates() {}

  /** A certificate (PEM), its key (PEM) and its notAfter. */
  record Issued(String certificate, String privateKey, Instant notAfter, KeyPair keys) {}

  static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** A self-signed certificate for {@code cn}, valid until {@code notAfter}, signed by its own key. */
  static Issued selfSigned(String cn, Instant notAfter) throws Exception {
    KeyPair kp = rsa();
    Instant nb = Instant.parse("2024-01-01T00:00:00Z");
    var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + cn), BigInteger.valueOf(nb.toEpochMilli()),
        Date.from(nb), Date.from(notAfter), new X500Name("CN=" + cn), kp.getPublic());
    var holder = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate()));
    var cert = new JcaX509CertificateConverter().getCertificate(holder);
    return new Issued(pem(cert), pem(kp.getPrivate()), notAfter, kp);
  }

  static String pem(Object o) throws Exception {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }
}
