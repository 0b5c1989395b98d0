package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AssumeRole reads RoleArn as an ARN before anything else about the role: a value it cannot parse
 * is STS's ValidationError "&lt;value&gt; is invalid" (AWS's recorded answers), a well-formed ARN that
 * names no role is refused as a role that does not exist.
 */
class StsRoleArnSdkTest extends ServerFixture {

  @Test
  void aRoleArnThatIsNoArnIsInvalid() {
    AwsBasicCredentials creds = userWithPolicy("assumer", allow("sts:AssumeRole", "*"));
    StsClient sts = sts(creds);
    for (String bad : List.of("nothing-valid-in-here", "arn::b:::something/test-role",
        "arn:a::::something/test-role", "arn:a:::something/test-role", "arn:a:a::aaaaaaaaaa:")) {
      assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(bad).roleSessionName("session")))
          .isInstanceOfSatisfying(StsException.class, e -> {
            Assertions.assertThat(e.statusCode()).isEqualTo(400);
            Assertions.assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
            Assertions.assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(bad + " is invalid");
          });
    }
    // an ARN, but of no role: as a role that does not exist
    String notARole = "arn:aws:s3:::bucket-" + acct();
    assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(notARole).roleSessionName("session")))
        .isInstanceOfSatisfying(StsException.class, e -> {
          Assertions.assertThat(e.statusCode()).isEqualTo(403);
          Assertions.assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + acct()
              + ":user/assumer is not authorized to perform: sts:AssumeRole on resource: " + notARole);
        });
  }
}
