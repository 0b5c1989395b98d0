package dev.iamlocal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small statement set is scanned, a large one indexed from its second request on
 * ({@link StatementIndex#SMALL}, {@link StatementIndex#INDEX_ON_USE}): all three ways must give every
 * request the same decision and the same decisive statements, in the order they are written.
 */
class StatementIndexTest {

  private static final List<String> STATEMENTS = List.of(
      "{\"Sid\":\"Exact\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}",
      "{\"Sid\":\"Wild\",\"Effect\":\"Allow\",\"Action\":[\"sagemaker:Describe*\",\"sagemaker:ListTags\"],\"Resource\":\"*\"}",
      "{\"Sid\":\"AnyService\",\"Effect\":\"Deny\",\"Action\":\"*:Delete*\",\"Resource\":\"*\"}",
      "{\"Sid\":\"Not\",\"Effect\":\"Deny\",\"NotAction\":[\"s3:*\",\"sagemaker:*\",\"iam:Get*\"],\"Resource\":\"*\"}");

  private static final List<String> ACTIONS = List.of("s3:GetObject", "S3:getobject", "s3:PutObject",
      "sagemaker:DescribeModel", "sagemaker:ListTags", "sagemaker:CreateModel", "sagemaker:DeleteModel",
      "iam:GetUser", "iam:CreateUser", "ec2:DeleteVolume", "ec2:RunInstances");

  @Test
  void scannedAndIndexedSetsDecideAlike() {
    PolicySet small = set(STATEMENTS);
    List<String> padded = new ArrayList<>(STATEMENTS);
    for (int i = 0; i < 40; i++) {
      padded.add("{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:Op" + i + "\",\"kms:Op" + i + "*\"],\"Resource\":\"*\"}");
    }
    PolicySet large = set(padded);
    PolicySet scanned = set(padded);
    assertThat(STATEMENTS.size()).isLessThanOrEqualTo(StatementIndex.SMALL);
    assertThat(padded.size()).isGreaterThan(StatementIndex.SMALL);
    Principal alice = Principal.parse("arn:aws:iam::123456789012:user/alice");
    for (String action : ACTIONS) {
      AuthorizationRequest r = AuthorizationRequest.builder().principal(alice).action(action).resource("*")
          .resourceAccount("123456789012").build();
      Decision a = Evaluator.authorize(small, r);
      for (Decision b : List.of(Evaluator.authorize(large, r), Evaluator.authorize(set(padded), r))) {
        assertThat(b.outcome()).as(action).isEqualTo(a.outcome());
        assertThat(b.matchedStatements()).extracting(MatchedStatement::sid).as(action)
            .containsExactlyElementsOf(a.matchedStatements().stream().map(MatchedStatement::sid).toList());
      }
    }
    // the large set was indexed by its second request; a fresh one served once, and the small
    // one however often, are not
    assertThat(large.identity.isIndexed()).isTrue();
    assertThat(small.identity.isIndexed()).isFalse();
    Evaluator.authorize(scanned, AuthorizationRequest.builder().principal(alice).action("s3:GetObject").resource("*")
        .resourceAccount("123456789012").build());
    assertThat(scanned.identity.isIndexed()).isFalse();
    AuthorizationRequest get = AuthorizationRequest.builder().principal(alice).action("s3:GetObject").resource("*")
        .resourceAccount("123456789012").build();
    assertThat(Evaluator.authorize(small, get).allowed()).isTrue();
    AuthorizationRequest delete = AuthorizationRequest.builder().principal(alice).action("sagemaker:DeleteModel")
        .resource("*").resourceAccount("123456789012").build();
    assertThat(Evaluator.authorize(small, delete).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
  }

  @Test
  void matchedStatementsComeInTheOrderWrittenWhetherScannedOrIndexed() {
    List<String> statements = new ArrayList<>(List.of(
        "{\"Sid\":\"Everything\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}",
        "{\"Sid\":\"S3Wild\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}",
        "{\"Sid\":\"Exact\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"));
    for (int i = 0; i < 10; i++) {
      statements.add("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:Op" + i + "\",\"Resource\":\"*\"}");
    }
    PolicySet large = set(statements);
    AuthorizationRequest get = AuthorizationRequest.builder()
        .principal(Principal.parse("arn:aws:iam::123456789012:user/alice")).action("s3:GetObject").resource("*")
        .resourceAccount("123456789012").build();
    for (int i = 0; i < 3; i++) { // the first request scans, the later ones use the index
      assertThat(Evaluator.authorize(large, get).matchedStatements()).extracting(MatchedStatement::sid).as("request " + i)
          .containsExactly("Everything", "S3Wild", "Exact");
    }
    assertThat(large.identity.isIndexed()).isTrue();
  }

  private static PolicySet set(List<String> statements) {
    return PolicySet.builder().identity(List.of(Policy.parse("p",
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}"))).build();
  }
}
