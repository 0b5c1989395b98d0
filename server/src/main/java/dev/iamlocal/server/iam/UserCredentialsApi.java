package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;
import static dev.iamlocal.server.iam.ApiSupport.page;
import static dev.iamlocal.server.iam.ApiSupport.userNameOrCaller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.UserCredentials;
import dev.iamlocal.store.UserCredentials.ServiceCredential;
import dev.iamlocal.store.UserCredentials.SigningCertificate;
import dev.iamlocal.store.UserCredentials.SshPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The credentials of IAM users besides passwords and access keys: SSH public keys (for CodeCommit),
 * X.509 signing certificates and service-specific credentials (CodeCommit, Keyspaces, Bedrock and
 * CloudWatch Logs API keys). Each operation is authorized on the user's ARN; keys and certificates
 * are read by Bouncy Castle ({@link KeyFormats}).
 */
final class UserCredentialsApi {

  /** The services that issue service-specific credentials (the API reference's list). */
  static final Set<String> CREDENTIAL_SERVICES =
      Set.of("codecommit.amazonaws.com", "cassandra.amazonaws.com", "bedrock.amazonaws.com", "logs.amazonaws.com");
  /** The services whose credentials are API keys (alias and secret, an optional expiration). */
  static final Set<String> API_KEY_SERVICES = Set.of("bedrock.amazonaws.com", "logs.amazonaws.com");

  private final ApiSupport s;
  private final UserCredentials creds;

  UserCredentialsApi(ApiSupport s) {
    this.s = s;
    this.creds = new UserCredentials(s.store, s.clock);
  }

  void register(Map<String, Operation> i) {
    i.put("UploadSSHPublicKey", this::uploadSshKey);
    i.put("GetSSHPublicKey", this::getSshKey);
    i.put("ListSSHPublicKeys", this::listSshKeys);
    i.put("UpdateSSHPublicKey", this::updateSshKey);
    i.put("DeleteSSHPublicKey", this::deleteSshKey);
    i.put("UploadSigningCertificate", this::uploadCertificate);
    i.put("ListSigningCertificates", this::listCertificates);
    i.put("UpdateSigningCertificate", this::updateCertificate);
    i.put("DeleteSigningCertificate", this::deleteCertificate);
    i.put("CreateServiceSpecificCredential", this::createCredential);
    i.put("ListServiceSpecificCredentials", this::listCredentials);
    i.put("ResetServiceSpecificCredential", this::resetCredential);
    i.put("UpdateServiceSpecificCredential", this::updateCredential);
    i.put("DeleteServiceSpecificCredential", this::deleteCredential);
  }

  /** The user the operation acts on, authorized for {@code action} on its ARN. */
  private String user(OperationInput in, Ctx c, String action) {
    String name = userNameOrCaller(in, c);
    if (name == null) {
      // the root user's own signing certificates and keys are not kept by iamlocal
      s.authorize(c, action, "arn:aws:iam::" + c.acct() + ":root", Map.of());
      throw AwsError.validation("Must specify userName when calling with non-User credentials")
          .withDetail("iamlocal keeps these credentials for IAM users only; name the user");
    }
    s.authorize(c, action, s.existingUserArn(c, name), Map.of());
    return name;
  }

  // ---------------------------------------------------------------- SSH public keys

  ObjectNode uploadSshKey(OperationInput in, Ctx c) {
    String user = in.required("UserName");
    s.authorize(c, "iam:UploadSSHPublicKey", s.existingUserArn(c, user), Map.of());
    String body = in.required("SSHPublicKeyBody");
    KeyFormats.SshParse parsed = KeyFormats.sshPublicKey(body);
    if (parsed instanceof KeyFormats.Unrecognized u) {
      // AWS's words (recorded in a user's CLI output), not the API reference's description of the error
      throw new AwsError(400, "UnrecognizedPublicKeyEncoding", "Invalid public key uploaded.")
          .withDetail(u.why());
    }
    if (parsed instanceof KeyFormats.Invalid v) {
      throw new AwsError(400, "InvalidPublicKey", "The public key is not valid.").withDetail(v.why());
    }
    KeyFormats.SshKey key = ((KeyFormats.Parsed) parsed).key();
    SshPublicKey k = creds.uploadSshPublicKey(c.acct(), user, body, key.fingerprint());
    return out("SSHPublicKey", sshKey(k, k.body()));
  }

  ObjectNode getSshKey(OperationInput in, Ctx c) {
    String user = in.required("UserName");
    s.authorize(c, "iam:GetSSHPublicKey", s.existingUserArn(c, user), Map.of());
    String encoding = in.required("Encoding");
    SshPublicKey k = creds.getSshPublicKey(c.acct(), user, in.required("SSHPublicKeyId"));
    if (!(KeyFormats.sshPublicKey(k.body()) instanceof KeyFormats.Parsed p)) {
      throw new IllegalStateException("a stored SSH key no longer parses: " + k.keyId());
    }
    // the body as uploaded when it is in the encoding asked for, else the same key converted
    String body = p.pem() == encoding.equals("PEM") ? k.body() : encoding.equals("PEM") ? p.key().pem() : p.key().ssh();
    return out("SSHPublicKey", sshKey(k, body));
  }

  private static ObjectNode sshKey(SshPublicKey k, String body) {
    ObjectNode o = JsonNodes.object().put("UserName", k.userName()).put("SSHPublicKeyId", k.keyId())
        .put("Fingerprint", k.fingerprint()).put("SSHPublicKeyBody", body).put("Status", k.status());
    o.set("UploadDate", JsonNodes.time(k.uploadDate()));
    return o;
  }

  ObjectNode listSshKeys(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:ListSSHPublicKeys");
    List<SshPublicKey> keys = creds.listSshPublicKeys(c.acct(), user);
    return page(keys, in).into(JsonNodes.object(), "SSHPublicKeys", k -> {
      ObjectNode o = JsonNodes.object().put("UserName", k.userName()).put("SSHPublicKeyId", k.keyId())
          .put("Status", k.status());
      o.set("UploadDate", JsonNodes.time(k.uploadDate()));
      return o;
    });
  }

  ObjectNode updateSshKey(OperationInput in, Ctx c) {
    String user = in.required("UserName");
    s.authorize(c, "iam:UpdateSSHPublicKey", s.existingUserArn(c, user), Map.of());
    creds.updateSshPublicKey(c.acct(), user, in.required("SSHPublicKeyId"), activeOrInactive(in));
    return null;
  }

  ObjectNode deleteSshKey(OperationInput in, Ctx c) {
    String user = in.required("UserName");
    s.authorize(c, "iam:DeleteSSHPublicKey", s.existingUserArn(c, user), Map.of());
    creds.deleteSshPublicKey(c.acct(), user, in.required("SSHPublicKeyId"));
    return null;
  }

  /** The Status of an update: Active or Inactive (the model's enum also has Expired, which IAM sets itself). */
  private static String activeOrInactive(OperationInput in) {
    String status = in.required("Status");
    if (status.equals("Expired")) {
      throw AwsError.invalidInput("Status must be Active or Inactive.")
          .withDetail("Expired is set by IAM when a credential's expiration passes");
    }
    return status;
  }

  // ---------------------------------------------------------------- signing certificates

  ObjectNode uploadCertificate(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:UploadSigningCertificate");
    String body = in.required("CertificateBody");
    X509CertificateHolder cert = KeyFormats.certificate(body).orElseThrow(() ->
        // AWS's recorded answer names the body it could not read (LocalStack's snapshot)
        new AwsError(400, "MalformedCertificate", "Certificate " + body + " is malformed.")
            .withDetail("the body must be one PEM X.509 certificate (-----BEGIN CERTIFICATE-----)"));
    // derived from the certificate itself, so that the same certificate has the same id
    String id = KeyFormats.base32(KeyFormats.sha1(KeyFormats.der(cert)));
    SigningCertificate sc = creds.uploadSigningCertificate(c.acct(), user, id, body);
    return out("Certificate", certificate(sc));
  }

  private static ObjectNode certificate(SigningCertificate sc) {
    ObjectNode o = JsonNodes.object().put("UserName", sc.userName()).put("CertificateId", sc.certificateId())
        .put("CertificateBody", sc.body()).put("Status", sc.status());
    o.set("UploadDate", JsonNodes.time(sc.uploadDate()));
    return o;
  }

  ObjectNode listCertificates(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:ListSigningCertificates");
    return page(creds.listSigningCertificates(c.acct(), user), in).into(JsonNodes.object(), "Certificates",
        UserCredentialsApi::certificate);
  }

  ObjectNode updateCertificate(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:UpdateSigningCertificate");
    creds.updateSigningCertificate(c.acct(), user, in.required("CertificateId"), activeOrInactive(in));
    return null;
  }

  ObjectNode deleteCertificate(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:DeleteSigningCertificate");
    creds.deleteSigningCertificate(c.acct(), user, in.required("CertificateId"));
    return null;
  }

  // ---------------------------------------------------------------- service-specific credentials

  ObjectNode createCredential(OperationInput in, Ctx c) {
    String user = in.required("UserName");
    String service = in.required("ServiceName");
    Integer ageDays = in.integer("CredentialAgeDays");
    // the action's condition keys (service authorization reference): the service, and the age when given
    Map<String, String> keys = new java.util.HashMap<>();
    keys.put("iam:ServiceSpecificCredentialServiceName", service);
    if (ageDays != null) {
      keys.put("iam:ServiceSpecificCredentialAgeDays", String.valueOf(ageDays));
    }
    s.authorize(c, "iam:CreateServiceSpecificCredential", s.existingUserArn(c, user), keys);
    requireService(service);
    boolean apiKey = API_KEY_SERVICES.contains(service);
    if (ageDays != null && !apiKey) {
      throw AwsError.invalidInput("CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys.")
          .withDetail("the API reference: CredentialAgeDays is only valid for Bedrock and CloudWatch Logs API keys");
    }
    String stored = s.store.users().getUser(c.acct(), user).name();
    // ServiceUserName: the user's name and the account, as the API reference shows (jane-at-123456789012)
    String serviceUserName = stored + "-at-" + c.acct();
    String secret = KeyFormats.secret(apiKey ? 48 : 33);
    ServiceCredential sc = creds.createServiceCredential(c.acct(), user, service, serviceUserName, ageDays, secret);
    return out("ServiceSpecificCredential", credential(sc, true));
  }

  private static void requireService(String service) {
    if (!CREDENTIAL_SERVICES.contains(service)) {
      throw new AwsError(404, "NotSupportedService", "No such service " + service
          + " is supported for Service-Specific Credentials").withDetail("service-specific credentials exist for "
          + String.join(", ", new java.util.TreeSet<>(CREDENTIAL_SERVICES)));
    }
  }

  /**
   * IAM's shape of a credential: ServiceUserName and ServicePassword for CodeCommit and Keyspaces,
   * ServiceCredentialAlias and ServiceCredentialSecret for API keys; the secret only with
   * {@code withSecret} (create, reset).
   */
  private static ObjectNode credential(ServiceCredential sc, boolean withSecret) {
    boolean apiKey = API_KEY_SERVICES.contains(sc.serviceName());
    ObjectNode o = JsonNodes.object();
    o.set("CreateDate", JsonNodes.time(sc.createDate()));
    if (sc.expirationDate() != null) {
      o.set("ExpirationDate", JsonNodes.time(sc.expirationDate()));
    }
    o.put("ServiceName", sc.serviceName());
    if (apiKey) {
      o.put("ServiceCredentialAlias", sc.serviceUserName());
      if (withSecret) {
        o.put("ServiceCredentialSecret", sc.password());
      }
    } else {
      o.put("ServiceUserName", sc.serviceUserName());
      if (withSecret) {
        o.put("ServicePassword", sc.password());
      }
    }
    o.put("ServiceSpecificCredentialId", sc.credentialId()).put("UserName", sc.userName()).put("Status", sc.status());
    return o;
  }

  ObjectNode listCredentials(OperationInput in, Ctx c) {
    String service = in.get("ServiceName");
    boolean allUsers = in.bool("AllUsers", false);
    if (allUsers && in.get("UserName") != null) {
      throw AwsError.invalidInput("AllUsers cannot be specified together with UserName.")
          .withDetail("the API reference: AllUsers cannot be specified together with UserName");
    }
    if (service != null) {
      requireService(service);
    }
    List<ServiceCredential> list;
    if (allUsers) {
      s.authorize(c, "iam:ListServiceSpecificCredentials", "arn:aws:iam::" + c.acct() + ":user/*", Map.of());
      list = creds.listServiceCredentials(c.acct(), null, service);
    } else {
      String user = user(in, c, "iam:ListServiceSpecificCredentials");
      list = creds.listServiceCredentials(c.acct(), user, service);
    }
    return page(list, in).into(JsonNodes.object(), "ServiceSpecificCredentials", sc -> {
      ObjectNode o = credential(sc, false);
      return o;
    });
  }

  ObjectNode resetCredential(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:ResetServiceSpecificCredential");
    ServiceCredential sc = creds.serviceCredential(c.acct(), user, in.required("ServiceSpecificCredentialId"));
    // a new password, shown this once; the old one is void (iamlocal keeps none)
    ServiceCredential reset = new ServiceCredential(sc.credentialId(), sc.userName(), sc.serviceName(),
        sc.serviceUserName(), sc.status(), sc.createDate(), sc.expirationDate(),
        KeyFormats.secret(API_KEY_SERVICES.contains(sc.serviceName()) ? 48 : 33));
    return out("ServiceSpecificCredential", credential(reset, true));
  }

  ObjectNode updateCredential(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:UpdateServiceSpecificCredential");
    creds.updateServiceCredential(c.acct(), user, in.required("ServiceSpecificCredentialId"), activeOrInactive(in));
    return null;
  }

  ObjectNode deleteCredential(OperationInput in, Ctx c) {
    String user = user(in, c, "iam:DeleteServiceSpecificCredential");
    creds.deleteServiceCredential(c.acct(), user, in.required("ServiceSpecificCredentialId"));
    return null;
  }
}
