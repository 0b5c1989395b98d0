package dev.iamlocal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.AuthorizationRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  static final String P14 = """
      {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "EnforceInstanceType",
            "Effect": "Allow",
            "Action": ["sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob"],
            "Resource": "*",
            "Condition": {"ForAllValues:StringLike": {"sagemaker:InstanceTypes": ["ml.c5.*"]}}
          }
        ]
      }""";

  @Test
  void seed14() {
    PolicySet set = PolicySet.ofIdentity(Policy.parse("p14", P14));
    var allowed = AuthorizationRequest.builder().principal("arn:aws:iam::111122223333:user/alice")
        .action("sagemaker:CreateTrainingJob").resource("arn:aws:sagemaker:us-east-1:111122223333:training-job/j")
        .contextList("sagemaker:InstanceTypes", List.of("ml.c5.xlarge")).build();
    Decision d = Evaluator.authorize(set, allowed);
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(d.matchedStatements()).hasSize(1);
    assertThat(d.matchedStatements().get(0).span().start().line()).isEqualTo(4);
    var denied = AuthorizationRequest.builder().principal("arn:aws:iam::111122223333:user/alice")
        .action("sagemaker:CreateTrainingJob").resource("arn:aws:sagemaker:us-east-1:111122223333:training-job/j")
        .contextList("sagemaker:InstanceTypes", List.of("ml.p3.2xlarge")).build();
    Explanation e = Evaluator.explain(set, denied);
    assertThat(e.decision().outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(e.statements().get(0).detail()).contains("ml.p3.2xlarge");
    System.out.println(e.statements().get(0).detail());
  }
}
