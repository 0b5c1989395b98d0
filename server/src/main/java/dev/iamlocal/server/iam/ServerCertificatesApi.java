package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;
import static dev.iamlocal.server.iam.ApiSupport.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.ServerCertificates;
import dev.iamlocal.store.ServerCertificates.ServerCertificate;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Server certificates (IAM's certificate store for HTTPS listeners): upload with the certificate,
 * its private key and chain read by Bouncy Castle ({@link KeyFormats}), the key checked to be the
 * certificate's and then dropped (never stored, never returned); get, list, rename or move, delete,
 * tags. Expiration is the certificate's notAfter.
 */
final class ServerCertificatesApi {

  private final ApiSupport s;
  private final ServerCertificates certs;

  ServerCertificatesApi(ApiSupport s) {
    this.s = s;
    this.certs = new ServerCertificates(s.store, s.clock);
  }

  void register(Map<String, Operation> i) {
    i.put("UploadServerCertificate", this::upload);
    i.put("GetServerCertificate", this::get);
    i.put("ListServerCertificates", this::list);
    i.put("UpdateServerCertificate", this::update);
    i.put("DeleteServerCertificate", this::delete);
    i.put("TagServerCertificate", this::tag);
    i.put("UntagServerCertificate", this::untag);
    i.put("ListServerCertificateTags", this::listTags);
  }

  /** AWS's MalformedCertificate text for a body or a private key that is no PEM it can read. */
  static final String UNPARSEABLE = "Unable to parse certificate. Please ensure the certificate is in PEM format.";

  private String arn(Ctx c, String path, String name) {
    return "arn:aws:iam::" + c.acct() + ":server-certificate" + path + name;
  }

  /** The ARN of an existing certificate (with its path), or the path-less ARN when there is none. */
  private String existingArn(Ctx c, String name) {
    try {
      return certs.get(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return arn(c, "/", name);
    }
  }

  ObjectNode upload(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    String path = in.get("Path", "/");
    Map<String, String> tags = in.tags();
    s.authorize(c, "iam:UploadServerCertificate", arn(c, path, name), ApiSupport.tagContext(tags));
    String body = in.required("CertificateBody");
    String chain = in.get("CertificateChain");
    // AWS's one text for a body or a private key it cannot read (recorded in users' CLI output, where a
    // key not in PEM got the certificate's words too)
    X509CertificateHolder cert = KeyFormats.certificate(body).orElseThrow(() ->
        new AwsError(400, "MalformedCertificate", UNPARSEABLE)
            .withDetail("the body must be one PEM X.509 certificate (-----BEGIN CERTIFICATE-----)"));
    PrivateKey key = KeyFormats.privateKey(in.required("PrivateKey")).orElseThrow(() ->
        new AwsError(400, "MalformedCertificate", UNPARSEABLE)
            .withDetail("the private key must be an unencrypted PEM RSA or EC private key (PKCS#1, SEC1 or PKCS#8)"));
    if (chain != null && KeyFormats.certificates(chain).isEmpty()) {
      throw new AwsError(400, "MalformedCertificate", "Unable to parse certificate chain. Please ensure the"
          + " certificate chain is in PEM format.").withDetail("the chain must be PEM X.509 certificates, one after another");
    }
    if (!KeyFormats.matches(cert, key)) {
      throw new AwsError(400, "KeyPairMismatch", "The private key does not match the public key in the certificate.")
          .withDetail("a signature made with the private key does not verify with the certificate's public key");
    }
    ServerCertificate sc = certs.upload(c.acct(), name, path, body, chain,
        cert.getNotAfter().toInstant(), tags);
    ObjectNode o = JsonNodes.object();
    o.set("ServerCertificateMetadata", metadata(sc));
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return o;
  }

  private static ObjectNode metadata(ServerCertificate sc) {
    ObjectNode o = JsonNodes.object().put("Path", sc.path()).put("ServerCertificateName", sc.name())
        .put("ServerCertificateId", sc.certificateId()).put("Arn", sc.arn());
    o.set("UploadDate", JsonNodes.time(sc.uploadDate()));
    o.set("Expiration", JsonNodes.time(sc.expiration()));
    return o;
  }

  ObjectNode get(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    s.authorize(c, "iam:GetServerCertificate", existingArn(c, name), Map.of());
    ServerCertificate sc = certs.get(c.acct(), name);
    ObjectNode o = JsonNodes.object();
    o.set("ServerCertificateMetadata", metadata(sc));
    o.put("CertificateBody", sc.body());
    if (sc.chain() != null) {
      o.put("CertificateChain", sc.chain());
    }
    o.set("Tags", JsonNodes.tags(certs.tags(c.acct(), name)));
    return out("ServerCertificate", o);
  }

  ObjectNode list(OperationInput in, Ctx c) {
    s.authorize(c, "iam:ListServerCertificates", "*", Map.of());
    List<ServerCertificate> all = certs.list(c.acct(), in.get("PathPrefix"));
    return page(all, in).into(JsonNodes.object(), "ServerCertificateMetadataList", ServerCertificatesApi::metadata);
  }

  ObjectNode update(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    s.authorize(c, "iam:UpdateServerCertificate", existingArn(c, name), Map.of());
    certs.update(c.acct(), name, in.get("NewServerCertificateName"), in.get("NewPath"));
    return null;
  }

  ObjectNode delete(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    s.authorize(c, "iam:DeleteServerCertificate", existingArn(c, name), Map.of());
    certs.delete(c.acct(), name);
    return null;
  }

  ObjectNode tag(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    Map<String, String> tags = in.tags();
    s.authorize(c, "iam:TagServerCertificate", existingArn(c, name), ApiSupport.tagContext(tags));
    certs.tag(c.acct(), name, tags);
    return null;
  }

  ObjectNode untag(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    List<String> keys = in.strings("TagKeys");
    s.authorize(c, "iam:UntagServerCertificate", existingArn(c, name),
        keys.isEmpty() ? Map.of() : Map.of("aws:TagKeys", String.join("\n", keys)));
    certs.untag(c.acct(), name, keys);
    return null;
  }

  ObjectNode listTags(OperationInput in, Ctx c) {
    String name = in.required("ServerCertificateName");
    s.authorize(c, "iam:ListServerCertificateTags", existingArn(c, name), Map.of());
    Map<String, String> tags = certs.tags(c.acct(), name);
    return page(List.copyOf(tags.entrySet()), in).into(JsonNodes.object(), "Tags",
        e -> JsonNodes.object().put("Key", e.getKey()).put("Value", e.getValue()));
  }
}
