package dev.iamlocal.server.authz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessDeniedMessageTest {

  @Test
  void theAccountOfAResourceIsItsArnsFifthFieldWhenThatIsTwelveDigits() {
    assertThat(AccessDeniedMessage.accountOf("arn:aws:iam::123456789012:user/a", "x")).isEqualTo("123456789012");
    assertThat(AccessDeniedMessage.accountOf("arn:aws:sagemaker:us-east-1:210987654321:notebook-instance/n", "x"))
        .isEqualTo("210987654321");
    assertThat(AccessDeniedMessage.accountOf("arn:aws:s3:::bucket/key", "x")).isEqualTo("x");
    assertThat(AccessDeniedMessage.accountOf("arn:aws:iam::12345678901a:user/a", "x")).isEqualTo("x");
    assertThat(AccessDeniedMessage.accountOf("arn:aws:iam::1234567890123:user/a", "x")).isEqualTo("x");
    assertThat(AccessDeniedMessage.accountOf("arn:aws:iam::123456789012", "x")).isEqualTo("x");
    assertThat(AccessDeniedMessage.accountOf("arn:aws", "x")).isEqualTo("x");
    assertThat(AccessDeniedMessage.accountOf("*", "x")).isEqualTo("x");
  }
}
