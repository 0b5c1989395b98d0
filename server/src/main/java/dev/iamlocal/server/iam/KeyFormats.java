package dev.iamlocal.server.iam;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The key and certificate formats IAM reads, through Bouncy Castle: OpenSSH and PEM public keys
 * (UploadSSHPublicKey), PEM X.509 certificates and chains and PEM private keys (Upload*Certificate).
 * Every input is hostile: a parse failure is an empty answer, never an exception from the library.
 */
final class KeyFormats {

  private KeyFormats() {}

  /** An RSA public key as IAM keeps an SSH key: its OpenSSH blob and its size in bits. */
  record SshKey(byte[] blob, int bits) {

    /** {@code ssh-rsa <base64 blob>}. */
    String ssh() {
      return "ssh-rsa " + Base64.getEncoder().encodeToString(blob);
    }

    /** The key as a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo). */
    String pem() {
      try {
        SubjectPublicKeyInfo spki =
            SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(OpenSSHPublicKeyUtil.parsePublicKey(blob));
        return pemOf("PUBLIC KEY", spki.getEncoded());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** As {@code ssh-keygen -E md5 -l} shows it (and IAM's Fingerprint): MD5 of the blob, colon-separated hex. */
    String fingerprint() {
      try {
        byte[] d = MessageDigest.getInstance("MD5").digest(blob);
        return HexFormat.ofDelimiter(":").formatHex(d);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** What an SSH public key body turned out to be. */
  sealed interface SshParse permits Parsed, Unrecognized, Invalid {}

  /** A key IAM accepts. */
  record Parsed(SshKey key, boolean pem) implements SshParse {}

  /** Neither OpenSSH {@code ssh-rsa} nor PEM. */
  record Unrecognized(String why) implements SshParse {}

  /** Recognized, but not a key IAM accepts (not RSA, too short, corrupt). */
  record Invalid(String why) implements SshParse {}

  /** Reads an SSH public key body: {@code ssh-rsa AAAA… [comment]} or a PEM public key. */
  static SshParse sshPublicKey(String body) {
    String t = body.strip();
    // what was being read when a library refused the text: the answer says that, in words (the
    // library's exception names its own classes, which no client should see)
    String reading = "the text is not a key";
    try {
      if (t.startsWith("-----BEGIN")) {
        reading = "the PEM block is not a well-formed public key";
        Object o;
        try (PEMParser p = new PEMParser(new StringReader(t))) {
          o = p.readObject();
        }
        if (!(o instanceof SubjectPublicKeyInfo spki)) {
          return new Invalid("the PEM block is no public key");
        }
        return rsa(PublicKeyFactory.createKey(spki), true);
      }
      String[] parts = t.split("\\s+");
      if (parts.length < 2 || !parts[0].startsWith("ssh-") && !parts[0].startsWith("ecdsa-")) {
        return new Unrecognized("neither an OpenSSH key line (ssh-rsa AAAA…) nor a PEM block");
      }
      reading = "the key's text after its type is not valid base64";
      byte[] blob = Base64.getDecoder().decode(parts[1]);
      reading = "the key's data is not a complete OpenSSH public key";
      AsymmetricKeyParameter k = OpenSSHPublicKeyUtil.parsePublicKey(blob);
      if (!parts[0].equals("ssh-rsa")) {
        return new Invalid(parts[0] + " keys are not accepted: IAM takes RSA keys");
      }
      return rsa(k, false);
    } catch (IOException | RuntimeException e) {
      return new Invalid("the key does not parse: " + reading);
    }
  }

  private static SshParse rsa(AsymmetricKeyParameter k, boolean pem) throws IOException {
    if (!(k instanceof RSAKeyParameters rsa) || k.isPrivate()) {
      return new Invalid("not an RSA public key: IAM takes RSA keys");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < 2048) {
      return new Invalid("an RSA key of " + bits + " bits; IAM requires at least 2048");
    }
    return new Parsed(new SshKey(OpenSSHPublicKeyUtil.encodePublicKey(rsa), bits), pem);
  }

  /** The certificates of a PEM text, in order; empty when any block is not a certificate or none is there. */
  static Optional<List<X509CertificateHolder>> certificates(String pem) {
    List<X509CertificateHolder> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      for (Object o; (o = p.readObject()) != null; ) {
        if (!(o instanceof X509CertificateHolder h)) {
          return Optional.empty();
        }
        out.add(h);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** The one certificate of a PEM text, if it holds exactly one. */
  static Optional<X509CertificateHolder> certificate(String pem) {
    return certificates(pem).filter(l -> l.size() == 1).map(l -> l.get(0));
  }

  /** A PEM private key (PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}, PKCS#8 {@code PRIVATE KEY}), unencrypted. */
  static Optional<PrivateKey> privateKey(String pem) {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      PrivateKeyInfo info = o instanceof PEMKeyPair kp ? kp.getPrivateKeyInfo()
          : o instanceof PrivateKeyInfo pki ? pki : null;
      if (info == null || p.readObject() != null) {
        return Optional.empty();
      }
      String alg = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
      String jca = alg.equals("1.2.840.113549.1.1.1") ? "RSA" : alg.equals("1.2.840.10045.2.1") ? "EC" : null;
      if (jca == null) {
        return Optional.empty();
      }
      return Optional.of(KeyFactory.getInstance(jca).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded())));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code key} is the private half of the certificate's public key: a fresh challenge signed
   * with it verifies with the certificate's key (JCA's RSA or ECDSA).
   */
  static boolean matches(X509CertificateHolder cert, PrivateKey key) {
    try {
      String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      PublicKey pub = KeyFactory.getInstance(key.getAlgorithm())
          .generatePublic(new X509EncodedKeySpec(cert.getSubjectPublicKeyInfo().getEncoded()));
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(challenge);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(pub);
      verifier.update(challenge);
      return verifier.verify(sig);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The DER of a certificate. */
  static byte[] der(X509CertificateHolder cert) {
    try {
      return cert.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PEM block of {@code type} around {@code der}. */
  static String pemOf(String type, byte[] der) {
    StringWriter w = new StringWriter();
    try (PemWriter pw = new PemWriter(w)) {
      pw.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  /** Upper-case base 32 (RFC 4648) without padding. */
  static String base32(byte[] data) {
    return org.bouncycastle.util.encoders.Base32.toBase32String(data).replace("=", "");
  }

  /** SHA-1 of {@code data}. */
  static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code n} random bytes as base 64 (a service password or API key secret). */
  static String secret(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b).replace('/', 'x').replace('+', 'y');
  }
}
