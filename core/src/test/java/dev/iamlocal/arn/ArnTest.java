package dev.iamlocal.arn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Hole 2: every ARN built from request data goes through one builder that refuses a bad part. */
class ArnTest {

  @Test
  void hole02_builderRefusesARegionThatWouldShiftTheAccountIntoTheResource() {
    assertThatThrownBy(() -> Arn.of("aws", "sagemaker", "us-east-1:999999999999", "111122223333",
        "notebook-instance/secret-1")).isInstanceOf(Arn.InvalidArnException.class)
        .hasMessage("Invalid ARN: the region 'us-east-1:999999999999' holds ':', which an ARN's region cannot hold.");
    assertThatThrownBy(() -> Arn.of("aws", "sagemaker", "*", "111122223333", "notebook-instance/x"))
        .isInstanceOf(Arn.InvalidArnException.class);
    assertThat(Arn.of("aws", "sagemaker", "us-east-1", "111122223333", "notebook-instance/secret-1"))
        .hasToString("arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/secret-1");
  }

  @Test
  void hole02_everyPartIsCheckedForWhatItCanHold() {
    for (String[] bad : new String[][] {
        {"", "iam", "", "111122223333", "root"},
        {"aws:x", "iam", "", "111122223333", "root"},
        {"aws", "", "", "111122223333", "root"},
        {"aws", "IAM", "", "111122223333", "root"},
        {"aws", "sts", "us-east-?", "111122223333", "root"},
        {"aws", "iam", "", "11112222333", "root"},
        {"aws", "iam", "", "1111:2222333", "root"},
        {"aws", "iam", "", "*", "root"},
        {"aws", "iam", "", "111122223333", ""},
        {"aws", "iam", "", "111122223333", "user/*"},
        {"aws", "iam", "", "111122223333", "user/a?"},
        {"aws", "iam", "", "111122223333", "user/a b"},
        {"aws", "iam", "", "111122223333", "user/a\nb"},
        {"aws", "iam", "", "111122223333", "user/a\u0000"},
        {"aws", "iam", "", "111122223333", "user/\u00e9"}}) {
      assertThatThrownBy(() -> Arn.of(bad[0], bad[1], bad[2], bad[3], bad[4])).as(String.join("|", bad))
          .isInstanceOf(Arn.InvalidArnException.class);
    }
    assertThat(Arn.of("aws", "iam", "", "aws", "policy/AdministratorAccess"))
        .hasToString("arn:aws:iam::aws:policy/AdministratorAccess");
  }

  @Test
  void hole02_iamPathsMayHoldWildcardsNamesMayNot() {
    assertThat(Arn.iam("111122223333", "user", "/a*b/", "alice")).hasToString("arn:aws:iam::111122223333:user/a*b/alice");
    assertThat(Arn.iam("111122223333", "role", "/", "R")).hasToString("arn:aws:iam::111122223333:role/R");
    assertThatThrownBy(() -> Arn.iam("111122223333", "user", "/", "*")).isInstanceOf(Arn.InvalidArnException.class);
    assertThatThrownBy(() -> Arn.iam("111122223333", "user", "/", "a/b")).isInstanceOf(Arn.InvalidArnException.class);
    assertThatThrownBy(() -> Arn.iam("111122223333", "user", "x/", "a")).isInstanceOf(Arn.InvalidArnException.class);
    assertThatThrownBy(() -> Arn.iam("111122223333", "user", "/\u0001/", "a"))
        .isInstanceOf(Arn.InvalidArnException.class).hasMessageContaining("\\u0001");
  }
}
