package dev.iamlocal.server.iam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.AccessKeyLastUsed;
import dev.iamlocal.store.AccountSettings.CredentialReport;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.LoginProfile;
import dev.iamlocal.store.PasswordPolicy;
import dev.iamlocal.store.User;
import dev.iamlocal.store.UserCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential report: GenerateCredentialReport builds the CSV of the account's users and the
 * state of their credentials, with AWS's columns in AWS's order (IAM User Guide, "Getting credential
 * reports"); GetCredentialReport returns it (base64 in the Query answer, as the model's blob).
 *
 * <p>As IAM, a report is generated at most every four hours: within four hours Generate answers
 * COMPLETE and keeps the report; after four hours the report has expired (GetCredentialReport:
 * ReportExpired) and Generate builds a new one. iamlocal builds the report within the Generate call,
 * so a report is never seen in progress (IAM's ReportInProgress cannot happen here).
 */
final class CredentialReportApi {

  /** How long a report is current (IAM: "as often as once every four hours"). */
  static final Duration LIFETIME = Duration.ofHours(4);

  /** AWS's columns, in AWS's order. */
  static final List<String> COLUMNS = List.of("user", "arn", "user_creation_time", "password_enabled",
      "password_last_used", "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active",
      "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
      "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated",
      "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
      "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated");

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
      .withZone(ZoneOffset.UTC);
  private static final String NA = "N/A";

  private final ApiSupport s;
  private final IamStore store;
  /** The signing certificates of each row's user. */
  private final UserCredentials credentials;

  CredentialReportApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
    this.credentials = new UserCredentials(s.store, s.clock);
  }

  void register(Map<String, Operation> i) {
    i.put("GenerateCredentialReport", this::generate);
    i.put("GetCredentialReport", this::get);
  }

  ObjectNode generate(OperationInput p, Ctx c) {
    s.authorize(c, "iam:GenerateCredentialReport", "*", Map.of());
    Optional<CredentialReport> current = store.accountSettings().credentialReport(c.acct());
    if (current.isPresent() && !expired(current.get())) {
      return JsonNodes.object().put("State", "COMPLETE");
    }
    store.accountSettings().saveCredentialReport(c.acct(), csv(c.acct()));
    return JsonNodes.object().put("State", "STARTED")
        .put("Description", "No report exists. Starting a new report generation task");
  }

  /** The report; 410 ReportNotPresent (AWS sends no message) before any, 410 ReportExpired after four hours. */
  ObjectNode get(OperationInput p, Ctx c) {
    s.authorize(c, "iam:GetCredentialReport", "*", Map.of());
    CredentialReport r = store.accountSettings().credentialReport(c.acct())
        .orElseThrow(() -> new AwsError(410, "ReportNotPresent", null)
            .withDetail("no credential report yet: call GenerateCredentialReport"));
    if (expired(r)) {
      throw new AwsError(410, "ReportExpired", null).withDetail("the report of " + r.generated()
          + " is older than four hours: call GenerateCredentialReport");
    }
    ObjectNode out = JsonNodes.object()
        .put("Content", Base64.getEncoder().encodeToString(r.content().getBytes(StandardCharsets.UTF_8)))
        .put("ReportFormat", "text/csv");
    out.set("GeneratedTime", JsonNodes.time(r.generated()));
    return out;
  }

  private boolean expired(CredentialReport r) {
    return s.clock.instant().isAfter(r.generated().plus(LIFETIME));
  }

  /** The CSV: the header, the root user's row, then one row per user by name. */
  String csv(String acct) {
    Optional<PasswordPolicy> policy = store.loginProfiles().policy(acct);
    Map<String, LoginProfile> logins = new HashMap<>();
    store.loginProfiles().all(acct).forEach(lp -> logins.put(lp.userId(), lp));
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS));
    Instant created = store.accounts().account(acct).orElseThrow().createDate();
    List<String> root = new ArrayList<>(List.of("<root_account>", "arn:aws:iam::" + acct + ":root", time(created),
        "not_supported", "no_information", "not_supported", "not_supported", mfaActive(null)));
    keys(acct, null, root);
    certs(root);
    b.append('\n').append(String.join(",", root));
    for (User u : store.users().listUsers(acct, null)) {
      LoginProfile lp = logins.get(u.userId());
      List<String> row = new ArrayList<>(List.of(u.name(), u.arn(), time(u.createDate())));
      if (lp == null) {
        row.addAll(List.of("false", NA, NA, NA));
      } else {
        row.add("true");
        row.add(lp.passwordLastUsed() == null ? "no_information" : time(lp.passwordLastUsed()));
        row.add(time(lp.passwordChanged()));
        row.add(policy.filter(PasswordPolicy::expirePasswords)
            .map(pp -> time(lp.passwordChanged().plus(Duration.ofDays(pp.maxPasswordAge())))).orElse(NA));
      }
      row.add(mfaActive(u));
      keys(acct, u.name(), row);
      certs(acct, u.name(), row);
      b.append('\n').append(String.join(",", row));
    }
    return b.toString();
  }

  /** {@code mfa_active}: whether an MFA device is enabled for the user (the root user has none here). */
  private String mfaActive(User u) {
    return u != null && !store.mfaDevices().devicesOfUser(u.accountId(), u.userId()).isEmpty() ? "true" : "false";
  }

  /** The two access key column groups: the user's first two keys, oldest first. */
  private void keys(String acct, String user, List<String> row) {
    List<AccessKey> keys = store.accessKeys().listAccessKeys(acct, user);
    for (int i = 0; i < 2; i++) {
      if (i >= keys.size()) {
        row.addAll(List.of("false", NA, NA, NA, NA));
        continue;
      }
      AccessKey k = keys.get(i);
      AccessKeyLastUsed used = store.accessKeys().accessKeyLastUsed(acct, k.accessKeyId());
      row.add(k.active() ? "true" : "false");
      row.add(time(k.createDate()));
      row.add(used.date() == null ? NA : time(used.date()));
      row.add(used.date() == null ? NA : used.region());
      row.add(used.date() == null ? NA : used.serviceName());
    }
  }

  /** The signing certificate columns of the root user, which has none here. */
  private static void certs(List<String> row) {
    row.addAll(List.of("false", NA, "false", NA));
  }

  /**
   * The two signing certificate column groups of a user: {@code cert_N_active} and
   * {@code cert_N_last_rotated} (the upload date) of its first two certificates, oldest first.
   */
  private void certs(String acct, String user, List<String> row) {
    List<UserCredentials.SigningCertificate> certs = new ArrayList<>(credentials.listSigningCertificates(acct, user));
    certs.sort(java.util.Comparator.comparing(UserCredentials.SigningCertificate::uploadDate));
    for (int i = 0; i < 2; i++) {
      if (i >= certs.size()) {
        row.addAll(List.of("false", NA));
      } else {
        row.add("Active".equals(certs.get(i).status()) ? "true" : "false");
        row.add(time(certs.get(i).uploadDate()));
      }
    }
  }

  private static String time(Instant i) {
    return ISO.format(i.truncatedTo(ChronoUnit.SECONDS));
  }
}
