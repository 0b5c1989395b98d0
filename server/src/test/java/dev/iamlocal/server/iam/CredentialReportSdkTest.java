package dev.iamlocal.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.server.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.StatusType;

/** GenerateCredentialReport and GetCredentialReport through the AWS SDK for Java v2. */
class CredentialReportSdkTest extends ServerFixture {

  static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
      + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
      + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
      + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
      + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

  private static String code(Throwable e) {
    return ((IamException) e).awsErrorDetails().errorCode();
  }

  @Test
  void reportLifecycle() throws Exception {
    assertThatThrownBy(() -> root.getCredentialReport()).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(code(e)).isEqualTo("ReportNotPresent");
      assertThat(e.statusCode()).isEqualTo(410);
    });

    root.createUser(r -> r.userName("report-user"));
    root.createLoginProfile(r -> r.userName("report-user").password("TestPassword123!"));
    var k1 = root.createAccessKey(r -> r.userName("report-user")).accessKey();
    root.updateAccessKey(r -> r.userName("report-user").accessKeyId(k1.accessKeyId()).status(StatusType.INACTIVE));
    root.createAccessKey(r -> r.userName("report-user"));
    root.createUser(r -> r.userName("report-bare"));

    GenerateCredentialReportResponse started = root.generateCredentialReport();
    assertThat(started.stateAsString()).isEqualTo("STARTED");
    assertThat(started.description()).isEqualTo("No report exists. Starting a new report generation task");
    assertThat(root.generateCredentialReport().stateAsString()).isEqualTo("COMPLETE");

    GetCredentialReportResponse report = root.getCredentialReport();
    assertThat(report.reportFormatAsString()).isEqualTo("text/csv");
    assertThat(report.generatedTime()).isNotNull();
    String csv = report.content().asString(StandardCharsets.UTF_8);
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).isEqualTo(HEADER);
    Map<String, String[]> rows = lines.stream().skip(1).map(l -> l.split(",", -1))
        .collect(Collectors.toMap(r -> r[0], Function.identity()));
    String[] rootRow = rows.get("<root_account>");
    assertThat(rootRow[1]).isEqualTo("arn:aws:iam::" + acct() + ":root");
    assertThat(Arrays.asList(rootRow).subList(3, 8)).containsExactly("not_supported", "no_information",
        "not_supported", "not_supported", "false");
    assertThat(rootRow[8]).isEqualTo("true"); // iamlocal's root user has an access key

    String[] user = rows.get("report-user");
    assertThat(user).hasSize(22);
    assertThat(user[1]).isEqualTo("arn:aws:iam::" + acct() + ":user/report-user");
    assertThat(user[2]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
    assertThat(user[3]).isEqualTo("true");
    assertThat(user[4]).isEqualTo("no_information");
    assertThat(user[5]).matches("\\d{4}-.*\\+00:00");
    assertThat(user[6]).isEqualTo("N/A");
    assertThat(user[7]).isEqualTo("false");
    assertThat(Arrays.asList(user).subList(8, 18)).containsExactly("false", user[9], "N/A", "N/A", "N/A",
        "true", user[14], "N/A", "N/A", "N/A");
    assertThat(Arrays.asList(user).subList(18, 22)).containsExactly("false", "N/A", "false", "N/A");

    assertThat(rows.get("report-bare")).containsSequence("false", "N/A", "N/A", "N/A", "false", "false", "N/A",
        "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A");

    // after four hours the report has expired; a new one is generated
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("iamlocal.db"))) {
      c.createStatement().executeUpdate("UPDATE credential_reports SET generated = generated - " + 5 * 3600_000L);
    }
    assertThatThrownBy(() -> root.getCredentialReport()).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(code(e)).isEqualTo("ReportExpired");
      assertThat(e.statusCode()).isEqualTo(410);
    });
    assertThat(root.generateCredentialReport().stateAsString()).isEqualTo("STARTED");
    assertThat(root.getCredentialReport().content().asUtf8String()).contains("report-bare");
  }

  @Test
  void callersNeedThePermission() {
    IamClient nobody = iam(userWithPolicy("report-nobody", null));
    assertThatThrownBy(() -> nobody.generateCredentialReport())
        .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
    assertThatThrownBy(() -> nobody.getCredentialReport()).satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
  }
}
