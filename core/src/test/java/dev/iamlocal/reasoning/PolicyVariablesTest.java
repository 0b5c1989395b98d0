package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy variables decided symbolically ({@link Variables}): check-no-new-access on pairs whose
 * resources and conditions name variables, each with the answer the evaluator's meaning gives.
 * Every answer must be decided (never undecided); every FAIL's counterexample is replayed on the
 * evaluator by the prover itself; every PASS is held against the evaluator on requests whose
 * variable keys take the values that sit on the policies' constants (a PASS refuted by one of them
 * would be a wrong proof).
 */
class PolicyVariablesTest {

  static final Prover PROVER = Prover.bundled();

  static String stmt(String effect, String action, String resourceElement, String condition) {
    return "{\"Effect\": \"" + effect + "\", \"Action\": \"" + action + "\", " + resourceElement
        + (condition == null ? "" : ", \"Condition\": {" + condition + "}") + "}";
  }

  static String res(String... patterns) {
    return "\"Resource\": " + ProverVsEvaluatorPropertiesTest.list(List.of(patterns));
  }

  static String notRes(String... patterns) {
    return "\"NotResource\": " + ProverVsEvaluatorPropertiesTest.list(List.of(patterns));
  }

  static String allow(String action, String resource, String condition) {
    return policy(stmt("Allow", action, res(resource), condition));
  }

  static String policy(String... statements) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", statements) + "]}";
  }

  static Arguments pass(String name, String nw, String old) {
    return Arguments.of(name, nw, old, true);
  }

  static Arguments fail(String name, String nw, String old) {
    return Arguments.of(name, nw, old, false);
  }

  static final String B = "arn:aws:s3:::b/";
  static final String USER = "${aws:username}";
  static final String TEAM = "${aws:PrincipalTag/team}";
  static final String PROJECT = "${aws:PrincipalTag/project}";

  static Stream<Arguments> cases() {
    return Stream.of(
        // the same variable twice
        pass("the same variable twice within it once", allow("s3:GetObject", B + USER + "/" + USER + "/*", null),
            allow("s3:GetObject", B + USER + "/*", null)),
        fail("once is not within twice", allow("s3:GetObject", B + USER + "/*", null),
            allow("s3:GetObject", B + USER + "/" + USER + "/*", null)),
        pass("twice within the same twice", allow("s3:GetObject", B + USER + "/" + USER, null),
            allow("s3:GetObject", B + USER + "/" + USER, null)),
        fail("twice is not within a variable then a fixed name", allow("s3:GetObject", B + USER + "/" + USER, null),
            allow("s3:GetObject", B + USER + "/alice", null)),
        pass("twice, pinned, within a fixed name", allow("s3:GetObject", B + USER + "/" + USER, "\"StringEquals\": {\"aws:username\": \"alice\"}"),
            allow("s3:GetObject", B + "alice/alice", null)),
        // two variables
        pass("two variables within the first", allow("s3:GetObject", B + TEAM + "/" + USER + "/*", null),
            allow("s3:GetObject", B + TEAM + "/*", null)),
        fail("two variables are not the same", allow("s3:GetObject", B + TEAM + "/" + USER, null),
            allow("s3:GetObject", B + USER + "/" + TEAM, null)),
        fail("the first variable twice is not the two", allow("s3:GetObject", B + TEAM + "/" + TEAM, null),
            allow("s3:GetObject", B + TEAM + "/" + USER, null)),
        pass("two variables within the same two", allow("s3:GetObject", B + TEAM + "/" + USER, null),
            allow("s3:GetObject", B + TEAM + "/" + USER, null)),
        fail("two variables joined without a separator", allow("s3:GetObject", B + TEAM + USER, null),
            allow("s3:GetObject", B + TEAM + "/*", null)),
        pass("three tags in a path within the bucket", allow("s3:GetObject", B + TEAM + "/" + PROJECT + "/" + USER + "/*",
            "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}"), allow("s3:GetObject", B + "*", null)),
        // the variable in the resource and in a condition value: one value
        pass("resource and condition value share the variable", allow("s3:ListBucket", "arn:aws:s3:::" + TEAM,
            "\"StringLike\": {\"s3:prefix\": \"" + TEAM + "/*\", \"aws:PrincipalTag/team\": \"?*\"}"), allow("s3:ListBucket", "arn:aws:s3:::*",
            "\"StringLike\": {\"s3:prefix\": \"*/*\"}")),
        fail("an empty tag makes the prefix start with a slash", allow("s3:ListBucket", "arn:aws:s3:::*",
            "\"StringLike\": {\"s3:prefix\": \"" + TEAM + "/*\"}"), allow("s3:ListBucket", "arn:aws:s3:::*",
            "\"StringLike\": {\"s3:prefix\": \"?*/*\"}")),
        pass("a condition value equal to the resource's variable", allow("kms:Decrypt", "arn:aws:kms:*:*:key/" + TEAM,
            "\"StringEquals\": {\"kms:EncryptionContext:team\": \"" + TEAM + "\"}"),
            allow("kms:Decrypt", "arn:aws:kms:*:*:key/*", "\"StringLike\": {\"kms:EncryptionContext:team\": \"*\"}")),
        fail("the resource's variable is not the context's", allow("kms:Decrypt", "arn:aws:kms:*:*:key/" + TEAM, null),
            allow("kms:Decrypt", "arn:aws:kms:*:*:key/*", "\"StringEquals\": {\"kms:EncryptionContext:team\": \"" + TEAM + "\"}")),
        pass("the ResourceTag equals the PrincipalTag within itself", allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"" + PROJECT + "\"}"), allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"" + PROJECT + "\"}")),
        fail("the ResourceTag equal to the PrincipalTag is not a fixed one", allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"" + PROJECT + "\"}"), allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"a\"}")),
        pass("the ResourceTag equal to the PrincipalTag, the tag pinned", allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"" + PROJECT + "\", \"aws:PrincipalTag/project\": \"a\"}"),
            allow("sagemaker:CreateModel", "*", "\"StringEquals\": {\"aws:ResourceTag/project\": \"a\"}")),
        fail("equal to the PrincipalTag: both empty is null, not present", allow("sagemaker:CreateModel", "*",
            "\"StringEquals\": {\"aws:ResourceTag/project\": \"" + PROJECT + "\"}"), allow("sagemaker:CreateModel", "*",
            "\"Null\": {\"aws:ResourceTag/project\": \"false\", \"aws:PrincipalTag/project\": \"false\"}")),
        // the variable's key absent
        pass("an absent key matches no resource", allow("s3:GetObject", B + TEAM,
            "\"Null\": {\"aws:PrincipalTag/team\": \"true\"}, \"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}"), policy()),
        fail("a default applies when the key is absent", allow("s3:GetObject", B + "${aws:PrincipalTag/team, 'none'}",
            "\"Null\": {\"aws:PrincipalTag/team\": \"true\"}"), policy()),
        pass("the default when absent is the fixed name", allow("s3:GetObject", B + "${aws:PrincipalTag/team, 'none'}",
            "\"Null\": {\"aws:PrincipalTag/team\": \"true\"}, \"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}"), allow("s3:GetObject", B + "none", null)),
        fail("the default is not the variable", allow("s3:GetObject", B + "${aws:PrincipalTag/team, 'none'}", null),
            allow("s3:GetObject", B + TEAM, null)),
        pass("the variable within its default form", allow("s3:GetObject", B + TEAM, null),
            allow("s3:GetObject", B + "${aws:PrincipalTag/team, 'none'}", null)),
        pass("a list-valued key resolves no variable", allow("s3:GetObject", B + "${aws:TagKeys}",
            "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": [\"a\", \"b\"]}, \"Null\": {\"aws:TagKeys\": \"false\"}"),
            allow("s3:GetObject", B + "*", null)),
        // escapes
        pass("${*} is a literal star beside a variable", allow("s3:GetObject", B + USER + "${*}", null),
            allow("s3:GetObject", B + "*${*}", null)),
        fail("${?} is not a wildcard", allow("s3:GetObject", B + USER + "x", null),
            allow("s3:GetObject", B + USER + "${?}", null)),
        pass("${$} is a dollar", allow("s3:GetObject", B + "${$}" + USER, null), allow("s3:GetObject", B + "$*", null)),
        // NotResource
        pass("an Allow's NotResource with the variable unresolved never applies", policy(stmt("Allow", "s3:GetObject",
            notRes(B + TEAM), "\"Null\": {\"aws:PrincipalTag/team\": \"true\"}, \"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}")), policy()),
        fail("an Allow's NotResource with the variable resolved", policy(stmt("Allow", "s3:GetObject", notRes(B + TEAM), null)),
            policy()),
        pass("an Allow's NotResource variable within everything but its own folder", policy(stmt("Allow", "s3:GetObject",
            notRes(B + TEAM + "/*"), null)), policy(stmt("Allow", "s3:GetObject", notRes(B + TEAM + "/*"), null))),
        fail("NotResource of the variable's folder is wider than NotResource of the bucket", policy(stmt("Allow",
            "s3:GetObject", notRes(B + TEAM + "/*"), null)), policy(stmt("Allow", "s3:GetObject", notRes(B + "*"), null))),
        pass("a Deny's NotResource with an unresolved variable denies everything", policy(
            stmt("Allow", "s3:GetObject", res("*"), null), stmt("Deny", "s3:GetObject", notRes(B + TEAM + "/*"), null)),
            allow("s3:GetObject", B + TEAM + "/*", null)),
        pass("a Deny outside the user's folder keeps the access inside it", policy(
            stmt("Allow", "s3:GetObject", res(B + "*"), null),
            stmt("Deny", "s3:GetObject", notRes(B + USER + "/*"), null)), allow("s3:GetObject", B + USER + "/*", null)),
        fail("without the Deny the whole bucket", allow("s3:GetObject", B + "*", null),
            allow("s3:GetObject", B + USER + "/*", null)),
        // ArnLike, ArnEquals with variables
        pass("ArnLike with the variable within ArnLike with a wildcard", allow("s3:GetObject", "*",
            "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:lambda:*:*:function:" + TEAM + "-*\"}"), allow("s3:GetObject", "*",
            "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:lambda:*:*:function:*\"}")),
        fail("ArnLike with a wildcard is wider than with the variable", allow("s3:GetObject", "*",
            "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:lambda:*:*:function:*\"}"), allow("s3:GetObject", "*",
            "\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:lambda:*:*:function:" + TEAM + "-*\"}")),
        pass("ArnEquals with the variable within itself", allow("s3:GetObject", "*",
            "\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:iam::111122223333:role/" + USER + "\"}"), allow("s3:GetObject", "*",
            "\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:iam::111122223333:role/" + USER + "\"}")),
        pass("ArnLike on the bucket's two forms", allow("kms:Decrypt", "*", "\"ArnLike\": {\"kms:EncryptionContext:aws:s3:arn\": "
            + "[\"arn:aws:s3:::" + TEAM + "\", \"arn:aws:s3:::" + TEAM + "/*\"]}"), allow("kms:Decrypt", "*",
            "\"ArnLike\": {\"kms:EncryptionContext:aws:s3:arn\": \"arn:aws:s3:::*\"}")),
        // StringLike with *
        pass("StringLike variable prefix within the variable", allow("s3:ListBucket", "*",
            "\"StringLike\": {\"s3:prefix\": \"home/" + USER + "/*\"}"), allow("s3:ListBucket", "*",
            "\"StringLike\": {\"s3:prefix\": \"home/" + USER + "*\"}")),
        fail("StringLike variable star is wider than variable slash star", allow("s3:ListBucket", "*",
            "\"StringLike\": {\"s3:prefix\": \"home/" + USER + "*\"}"), allow("s3:ListBucket", "*",
            "\"StringLike\": {\"s3:prefix\": \"home/" + USER + "/*\"}")),
        pass("a variable's value is no wildcard, even a star", allow("s3:ListBucket", "*",
            "\"StringLike\": {\"s3:prefix\": \"" + USER + "\"}"), allow("s3:ListBucket", "*",
            "\"StringEquals\": {\"s3:prefix\": \"" + USER + "\"}")),
        pass("StringNotLike of the user's folder within itself", allow("s3:ListBucket", "*",
            "\"StringNotLike\": {\"s3:prefix\": \"home/" + USER + "/*\"}"), allow("s3:ListBucket", "*",
            "\"StringNotLike\": {\"s3:prefix\": \"home/" + USER + "/*\"}")),
        fail("StringNotLike of the folder is not StringNotLike of home", allow("s3:ListBucket", "*",
            "\"StringNotLike\": {\"s3:prefix\": \"home/" + USER + "/*\"}"), allow("s3:ListBucket", "*",
            "\"StringNotLike\": {\"s3:prefix\": \"home/*\"}")),
        // the variable key's own conditions
        pass("a tag like team-* in the path within team-* paths", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringLike\": {\"aws:PrincipalTag/team\": \"team-*\"}"), allow("s3:GetObject", B + "team-*", null)),
        fail("a tag like team-* is not only team-a", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringLike\": {\"aws:PrincipalTag/team\": \"team-*\"}"), allow("s3:GetObject", B + "team-a/*", null)),
        pass("a tag in a list within the list's paths", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringEquals\": {\"aws:PrincipalTag/team\": [\"red\", \"blue\"]}"),
            allow("s3:GetObject", new String[] {B + "red/*", B + "blue/*"}, null)),
        fail("a tag not empty still any tag", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"\"}"), allow("s3:GetObject", B + "red/*", null)),
        // a variable key whose own condition names another variable
        pass("a tag equal to the user name reaches only the user's folder", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringEquals\": {\"aws:PrincipalTag/team\": \"" + USER + "\"}"), allow("s3:GetObject", B + USER + "/*", null)),
        fail("a tag like the user name and more reaches other folders", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringLike\": {\"aws:PrincipalTag/team\": \"" + USER + "*\"}"), allow("s3:GetObject", B + USER + "/*", null)),
        pass("a tag like the user name dash anything stays under user dash", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringLike\": {\"aws:PrincipalTag/team\": \"" + USER + "-*\"}"), allow("s3:GetObject", B + USER + "-*", null)),
        fail("a tag other than the user name", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"" + USER + "\"}"), allow("s3:GetObject", B + USER + "/*", null)),
        pass("a tag equal to the user name, the user pinned", allow("s3:GetObject", B + TEAM + "/*",
            "\"StringEquals\": {\"aws:PrincipalTag/team\": \"" + USER + "\", \"aws:username\": \"alice\"}"),
            allow("s3:GetObject", B + "alice/*", null)),
        // conditions whose values name variables on both sides
        pass("the owner tag equals the user, within itself", allow("ec2:StartInstances", "*",
            "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}"), allow("ec2:StartInstances", "*",
            "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
        fail("the owner tag like the user's prefix is wider", allow("ec2:StartInstances", "*",
            "\"StringLike\": {\"aws:ResourceTag/owner\": \"" + USER + "*\"}"), allow("ec2:StartInstances", "*",
            "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
        pass("StringEqualsIgnoreCase with the variable within itself", allow("ec2:StartInstances", "*",
            "\"StringEqualsIgnoreCase\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}"), allow("ec2:StartInstances", "*",
            "\"StringEqualsIgnoreCase\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
        pass("StringEquals with the variable within StringEqualsIgnoreCase", allow("ec2:StartInstances", "*",
            "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}"), allow("ec2:StartInstances", "*",
            "\"StringEqualsIgnoreCase\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
        pass("a Deny unless the owner is the user", policy(stmt("Allow", "ec2:*", res("*"), null),
            stmt("Deny", "ec2:*", res("*"), "\"StringNotEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
            allow("ec2:*", "*", "\"StringEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
        fail("a Deny unless the owner is the user does not pin the user", policy(stmt("Allow", "ec2:*", res("*"), null),
            stmt("Deny", "ec2:*", res("*"), "\"StringNotEquals\": {\"aws:ResourceTag/owner\": \"" + USER + "\"}")),
            allow("ec2:*", "*", "\"StringEquals\": {\"aws:ResourceTag/owner\": \"alice\"}")),
        pass("ResourceAccount equals the PrincipalAccount on both sides", allow("s3:GetObject", "*",
            "\"StringEquals\": {\"aws:ResourceAccount\": \"${aws:PrincipalAccount}\"}"), policy(
            stmt("Allow", "s3:GetObject", res("*"), "\"StringEquals\": {\"aws:ResourceAccount\": \"${aws:PrincipalAccount}\"}"),
            stmt("Allow", "s3:GetObject", res("*"), "\"StringNotEquals\": {\"aws:ResourceAccount\": \"${aws:PrincipalAccount}\"}"))),
        pass("equal or not equal: the unresolved variable makes StringNotEquals hold", allow("s3:GetObject", "*", null), policy(
            stmt("Allow", "s3:GetObject", res("*"), "\"StringEquals\": {\"aws:ResourceAccount\": \"${aws:PrincipalAccount}\"}"),
            stmt("Allow", "s3:GetObject", res("*"), "\"StringNotEquals\": {\"aws:ResourceAccount\": \"${aws:PrincipalAccount}\"}"))),
        // ForAllValues / ForAnyValue with a variable
        pass("ForAnyValue equal to the user within itself", allow("s3:*", "*",
            "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": \"" + USER + "\"}"), allow("s3:*", "*",
            "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": \"" + USER + "\"}")),
        fail("ForAllValues equal to the user holds on no tag keys", allow("s3:*", "*",
            "\"ForAllValues:StringEquals\": {\"aws:TagKeys\": \"" + USER + "\"}"), allow("s3:*", "*",
            "\"ForAnyValue:StringEquals\": {\"aws:TagKeys\": \"" + USER + "\"}")));
  }

  static String allow(String action, String[] resources, String condition) {
    return policy(stmt("Allow", action, res(resources), condition));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checkNoNewAccess(String name, String nw, String old, boolean pass) {
    CheckResult r = PROVER.checkNoNewAccess(nw, old, AccessCheckPolicyType.IDENTITY_POLICY);
    assertThat(r.undecided()).as("%s\nnew %s\nold %s\n%s", name, nw, old, r).isEmpty();
    assertThat(r.pass()).as("%s\nnew %s\nold %s\n%s", name, nw, old, r).isEqualTo(pass);
    if (!pass) {
      assertThat(r.counterexamples()).as(name).isNotEmpty();
    } else {
      assertNoSampledNewAccess(name, nw, old);
    }
  }

  /** Values on and around the constants of the cases, for the keys they read. */
  static final List<String> VALUES = List.of("alice", "red", "blue", "a", "x", "", "team-a", "none", "red/x", "*", "?",
      "home", "111122223333", "999999999999");

  /** A PASS must survive every request over these values (each variable key absent or one of them). */
  static void assertNoSampledNewAccess(String name, String nw, String old) {
    List<String> keys = List.of("aws:username", "aws:PrincipalTag/team", "aws:PrincipalTag/project", "aws:ResourceTag/owner",
        "aws:ResourceTag/project", "aws:PrincipalAccount", "aws:ResourceAccount");
    List<String> resources = new ArrayList<>();
    for (String v : VALUES) {
      resources.add(B + v);
      resources.add(B + v + "/" + v);
      resources.add(B + v + "/x");
      resources.add("arn:aws:s3:::" + v);
      resources.add("arn:aws:kms:us-east-1:111122223333:key/" + v);
    }
    java.util.Random r = new java.util.Random(name.hashCode());
    for (int i = 0; i < 3000; i++) {
      RequestContext.Builder b = RequestContext.builder();
      for (String k : keys) {
        int pick = r.nextInt(VALUES.size() + 1);
        if (pick < VALUES.size()) {
          b.put(k, VALUES.get(pick));
        }
      }
      String v = VALUES.get(r.nextInt(VALUES.size()));
      b.put("s3:prefix", r.nextBoolean() ? "home/" + v + "/x" : v + "/x");
      b.put("kms:EncryptionContext:team", VALUES.get(r.nextInt(VALUES.size())));
      RequestContext ctx = b.build();
      String resource = resources.get(r.nextInt(resources.size()));
      for (String action : List.of("s3:GetObject", "s3:ListBucket", "kms:Decrypt", "sagemaker:CreateModel", "ec2:StartInstances")) {
        boolean newly = ProverVsEvaluatorPropertiesTest.allowed(nw, action, resource, ctx)
            && !ProverVsEvaluatorPropertiesTest.allowed(old, action, resource, ctx);
        assertThat(newly).as("%s: PASS, but the evaluator allows %s on %s with %s", name, action, resource, ctx).isFalse();
      }
    }
  }

  /**
   * Beyond the fragment the class comment of {@link Variables} proves complete: FAIL with the
   * reason, never PASS. A tag that must differ from {@code red} and yet reach {@code red/*} (it can:
   * {@code red/x}) needs a value no skeleton of the tag's own conditions gives; a {@code ?} in a
   * negative pattern may face a letter that stands for several characters.
   */
  @Test
  void beyondTheFragmentTheAnswerIsFailWithTheReason() {
    List<String[]> pairs = List.of(
        new String[] {allow("s3:GetObject", B + TEAM + "/*", "\"StringNotEquals\": {\"aws:PrincipalTag/team\": \"red\"}"),
            policy(stmt("Allow", "s3:GetObject", res(B + "*"), null), stmt("Deny", "s3:GetObject", res(B + "red/*"), null))},
        new String[] {allow("s3:ListBucket", "*", "\"StringLike\": {\"s3:prefix\": \"" + TEAM + "/*\", \"aws:PrincipalTag/team\": \"?*\"}"),
            allow("s3:ListBucket", "*", "\"StringLike\": {\"s3:prefix\": \"?*/*\"}")});
    for (String[] p : pairs) {
      CheckResult r = PROVER.checkNoNewAccess(p[0], p[1], AccessCheckPolicyType.IDENTITY_POLICY);
      assertThat(r.pass()).as("%s", r).isFalse();
      assertThat(r.undecided()).as("%s", r).isNotEmpty();
    }
  }

  /** The four managed pairs the sampled values left undecided are decided now. */
  @Test
  void theManagedPairsWithSeveralTagVariablesAreDecided() {
    String[][] pairs = {
        {"SageMakerStudioBedrockChatAgentUserRolePolicy", "SageMakerStudioBedrockEvaluationJobServiceRolePolicy"},
        {"SageMakerStudioBedrockChatAgentUserRolePolicy", "SageMakerStudioBedrockFlowServiceRolePolicy"},
        {"SageMakerStudioProjectRoleMachineLearningPolicy", "SageMakerStudioProjectUserRolePermissionsBoundary"},
        {"SageMakerStudioProjectUserRolePolicy", "SageMakerStudioUserIAMDefaultExecutionPolicy"}};
    var managed = dev.iamlocal.catalog.ManagedPolicies.bundled();
    for (String[] p : pairs) {
      String nw = managed.byName(p[0]).orElseThrow().document();
      String old = managed.byName(p[1]).orElseThrow().document();
      CheckResult r = PROVER.checkNoNewAccess(nw, old, AccessCheckPolicyType.IDENTITY_POLICY);
      assertThat(r.undecided()).as("%s ⊆ %s", p[0], p[1]).isEmpty();
      assertThat(r.pass()).isFalse();
      assertThat(r.counterexamples()).isNotEmpty();
    }
  }
}
