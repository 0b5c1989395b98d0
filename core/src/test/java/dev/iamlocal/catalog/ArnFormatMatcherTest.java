package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnFormatMatcherTest {

  private static boolean m(String format, String arn) {
    return ArnFormatMatcher.compile(format).matches(arn);
  }

  @Test
  void nonLastPlaceholderDoesNotSpanSlash() {
    String object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    assertThat(m(object, "arn:aws:s3:::b/k")).isTrue();
    assertThat(m(object, "arn:aws:s3:::b/k/x/y")).isTrue();
    assertThat(m(object, "arn:aws:s3:::b")).isFalse();
    assertThat(m(object, "arn:aws:s3:::b/")).isFalse();
  }

  @Test
  void headerPlaceholdersDoNotSpanColon() {
    String job = "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}";
    assertThat(m(job, "arn:aws:sagemaker:us-east-1:111122223333:training-job/j1")).isTrue();
    assertThat(m(job, "arn:aws:sagemaker:us:east:111122223333:training-job/j1")).isFalse();
    assertThat(m(job, "arn:aws:sagemaker:us-east-1::training-job/j1")).isFalse();
    assertThat(m(job, "arn:aws:sagemaker:us-east-1:111122223333:endpoint/j1")).isFalse();
  }

  @Test
  void colonDelimitedPlaceholderMaySpanSlash() {
    String stream =
        "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    assertThat(m(stream, "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:2024/x"))
        .isTrue();
  }

  @Test
  void specificityCountsLiterals() {
    ArnFormatMatcher bucket = ArnFormatMatcher.compile("arn:${Partition}:s3:::${BucketName}");
    ArnFormatMatcher object =
        ArnFormatMatcher.compile("arn:${Partition}:s3:::${BucketName}/${ObjectName}");
    String arn = "arn:aws:s3:::b/k";
    assertThat(object.specificity(arn)).isGreaterThan(bucket.specificity(arn));
    assertThat(object.specificity("arn:aws:s3:::b")).isEqualTo(-1);
  }

  @Test
  void severalFormats() {
    String lex =
        "arn:${Partition}:lex:${Region}:${Account}:bot-alias/${BotId}/${BotAliasId}, "
            + "arn:${Partition}:lex:${Region}:${Account}:bot:${BotName}:${BotAlias}";
    assertThat(m(lex, "arn:aws:lex:us-east-1:1:bot-alias/B/A")).isTrue();
    assertThat(m(lex, "arn:aws:lex:us-east-1:1:bot:B:A")).isTrue();
    assertThat(m(lex, "arn:aws:lex:us-east-1:1:bot:B")).isFalse();
  }
}
