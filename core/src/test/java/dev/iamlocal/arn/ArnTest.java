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

  @Test
  void aResourceArnIsReadWithItsAccountInTheFifthPartOnly() {
    Arn a = Arn.parse("arn:aws:s3:::my bucket/caf\u00e9 report*.csv");
    assertThat(a.service()).isEqualTo("s3");
    assertThat(a.account()).isEmpty();
    assertThat(a.resource()).isEqualTo("my bucket/caf\u00e9 report*.csv");
    assertThat(Arn.parse("arn:aws:iam::111122223333:role/a:b").account()).isEqualTo("111122223333");
    assertThat(Arn.parse("arn:aws:iam::111122223333:role/a:b").resource()).isEqualTo("role/a:b");
    assertThat(Arn.parse("arn:aws:iam::aws:policy/ReadOnlyAccess").account()).isEqualTo("aws");
    for (String bad : new String[] {"arn:aws:s3:::", "arn:aws:s3::", "arn:aws:iam::1111:role/x", "ARN:aws:iam::111122223333:role/x",
        "arn:aws:iam:us-east-1:999999999999x:role/x", "arn:aws:IAM::111122223333:role/x", "arn::iam::111122223333:role/x",
        "arn:aws:iam::111122223333:role/a\nb", "arn:aws:iam::*:role/x", "not an arn"}) {
      assertThatThrownBy(() -> Arn.parse(bad)).as(bad).isInstanceOf(Arn.InvalidArnException.class);
    }
  }
}
