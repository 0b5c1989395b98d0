package dev.iamlocal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

  @Test
  void distances() {
    assertThat(EditDistance.between("CreateFlowDefiniton", "createflowdefinition")).isEqualTo(1);
    assertThat(EditDistance.between("ab", "ba")).isEqualTo(1);
    assertThat(EditDistance.between("", "abc")).isEqualTo(3);
    assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
  }

  /** The bounded form agrees with the full table whenever the distance is within the limit, and says "farther" otherwise. */
  @org.junit.jupiter.api.Test
  void theBoundedDistanceAgreesWithTheFullOne() {
    String[] words = {"", "a", "ab", "ba", "abc", "acb", "GetObject", "GetObjects", "GteObject", "PutObject",
        "ListBucket", "ListBuckets", "CreateTrainingJob", "CreateTraningJob", "DescribeTrainingJob", "s3", "S3"};
    for (String a : words) {
      for (String b : words) {
        int full = EditDistance.between(a, b);
        for (int limit = 0; limit <= 8; limit++) {
          org.assertj.core.api.Assertions.assertThat(EditDistance.between(a, b, limit)).as("%s/%s/%d", a, b, limit)
              .isEqualTo(Math.min(full, limit + 1));
        }
      }
    }
  }
}
