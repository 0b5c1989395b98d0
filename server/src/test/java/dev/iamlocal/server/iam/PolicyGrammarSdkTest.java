package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Issue 14: CreatePolicy (and the other operations that store a document) refuse what IAM refuses,
 * with IAM's MalformedPolicyDocument message, end to end through the SDK: every case of moto's
 * AWS-checked lists (shared with core's {@code IamPolicyGrammarTest}), and the trust policy rules.
 */
class PolicyGrammarSdkTest extends ServerFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** moto's cases, from core's test resources (this module's tests run in {@code server/}). */
  static JsonNode motoCases() throws IOException {
    String root = System.getProperty("iamlocal.repo.root");
    Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    return JSON.readTree(Files.readString(
        repo.resolve("core/src/test/resources/dev/iamlocal/policy/moto-policy-cases.json")));
  }

  static Stream<Arguments> motoInvalid() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : motoCases().get("invalid")) {
      out.add(Arguments.of(i++, c.get("document").asText(), c.get("message").asText()));
    }
    return out.stream();
  }

  static Stream<Arguments> motoValid() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : motoCases().get("valid")) {
      out.add(Arguments.of(i++, c.asText()));
    }
    return out.stream();
  }

  static void malformed(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    });
  }

  @ParameterizedTest(name = "[{index}] invalid #{0}: {2}")
  @MethodSource("motoInvalid")
  void createPolicyRefusesMotosInvalidDocumentWithIamsMessage(int index, String document, String message) {
    malformed(() -> root.createPolicy(r -> r.policyName("moto-invalid-" + index).policyDocument(document)), message);
    assertThat(root.listPolicies(r -> r.scope("Local")).policies())
        .noneMatch(p -> p.policyName().equals("moto-invalid-" + index));
  }

  @ParameterizedTest(name = "[{index}] valid #{0}")
  @MethodSource("motoValid")
  void createPolicyAcceptsMotosValidDocument(int index, String document) {
    String arn = root.createPolicy(r -> r.policyName("moto-valid-" + index).policyDocument(document)).policy().arn();
    root.deletePolicy(r -> r.policyArn(arn));
  }

  @Test
  void theOtherDocumentOperationsApplyTheirRules() {
    root.createUser(r -> r.userName("grammar-user"));
    root.createGroup(r -> r.groupName("grammar-group"));
    root.createRole(r -> r.roleName("grammar-role").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    String badAction = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:List:Bucket\","
        + "\"Resource\":\"*\"}}";
    String colon = "Actions/Condition can contain only one colon.";
    malformed(() -> root.putUserPolicy(r -> r.userName("grammar-user").policyName("p").policyDocument(badAction)), colon);
    malformed(() -> root.putGroupPolicy(r -> r.groupName("grammar-group").policyName("p").policyDocument(badAction)),
        colon);
    malformed(() -> root.putRolePolicy(r -> r.roleName("grammar-role").policyName("p").policyDocument(badAction)), colon);

    String arn = root.createPolicy(r -> r.policyName("grammar-versioned").policyDocument(allow("s3:*", "*")))
        .policy().arn();
    String noVersion = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}";
    malformed(() -> root.createPolicyVersion(r -> r.policyArn(arn).policyDocument(noVersion)),
        "Policy document must be version 2012-10-17 or greater.");
    // an inline policy may be written in the 2008 language
    root.putUserPolicy(r -> r.userName("grammar-user").policyName("old").policyDocument(noVersion));
  }

  @Test
  void trustPoliciesAllowOnlyStsActions() {
    String principal = "arn:aws:iam::" + acct() + ":root";
    root.createRole(r -> r.roleName("grammar-trust").assumeRolePolicyDocument(trust(principal)));
    String invalid = trust(principal).replace("\"sts:AssumeRole\",", "\"sts:InvalidAction\",");
    // AWS's 2026 recorded answer (LocalStack test_iam_roles snapshot, invalid-action-error)
    String message = "AssumeRole policy may only specify STS AssumeRole actions.";
    assertThat(invalid).contains("sts:InvalidAction");
    malformed(() -> root.updateAssumeRolePolicy(r -> r.roleName("grammar-trust").policyDocument(invalid)), message);
    malformed(() -> root.createRole(r -> r.roleName("grammar-trust-2").assumeRolePolicyDocument(invalid)), message);
    // sts:TagSession and sts:SetSourceIdentity (in the fixture's trust policy) are STS actions of a trust policy
    root.updateAssumeRolePolicy(r -> r.roleName("grammar-trust").policyDocument(trust(principal)));
  }
}
