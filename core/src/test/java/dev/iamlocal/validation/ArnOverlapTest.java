package dev.iamlocal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Resource pattern against ARN format, one case per shortcut of {@link ArnOverlap} (literal
 * segments, a "*" segment, a one-placeholder segment, a literal head of the resource segment,
 * several formats in one) besides the token search itself. The expected values are those of the
 * search alone, before the shortcuts were added (checked on 3.4 million catalog pairs).
 */
class ArnOverlapTest {

  private static final String BUCKET = "arn:${Partition}:s3:::${BucketName}";
  private static final String OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
  private static final String ENDPOINT =
      "arn:${Partition}:sagemaker:${Region}:${Account}:endpoint/${EndpointName}";
  private static final String SNAPSHOT_OR_RECOVERY_POINT =
      "arn:${Partition}:ec2:${Region}::snapshot/${SnapshotId}, "
          + "arn:${Partition}:backup:${Region}:${Account}:recovery-point:${RecoveryPointId}";

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "arn:aws:s3:::bucket/*                                  | OBJECT   | true",
        "arn:aws:s3:::bucket                                    | OBJECT   | false",
        "arn:aws:s3:::b/*                                       | BUCKET   | false",
        "arn:aws:ec2:us-east-1:123456789012:instance/*          | BUCKET   | false",
        "arn::s3:::b                                            | BUCKET   | false",
        "arn:aws:s3:*:*:b                                       | BUCKET   | true",
        "arn:aws:s3:us-east-1::b                                | BUCKET   | false",
        "arn:aws:backup:us-east-1:111122223333:recovery-point:x | MULTI    | true",
        "arn:aws:ec2:us-east-1::snapshot/snap-1                 | MULTI    | true",
        "arn:aws:ec2:us-east-1:111122223333:snapshot/snap-1     | MULTI    | false",
        "arn:aws:sagemaker:us-east-1:111122223333:training-job/*| ENDPOINT | false",
        "arn:aws:sagemaker:*:*:*                                | ENDPOINT | true",
        "arn:aws:sagemaker:*                                    | ENDPOINT | true",
        "*                                                      | ENDPOINT | true",
        "arn:aws:sagemaker:us-east-1:111122223333:endpoint/a:b  | ENDPOINT | true",
        "arn:aws:sagemaker:us-east-1:111122223333:endpoint/     | ENDPOINT | false",
      })
  void decidesLikeTheSearch(String pattern, String format, boolean expected) {
    String f =
        switch (format) {
          case "BUCKET" -> BUCKET;
          case "OBJECT" -> OBJECT;
          case "ENDPOINT" -> ENDPOINT;
          default -> SNAPSHOT_OR_RECOVERY_POINT;
        };
    assertThat(ArnOverlap.mayOverlap(pattern, f)).isEqualTo(expected);
  }
}
