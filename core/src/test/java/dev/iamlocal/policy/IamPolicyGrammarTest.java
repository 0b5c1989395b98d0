package dev.iamlocal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.policy.IamPolicyGrammar.Rejection;
import dev.iamlocal.policy.IamPolicyGrammar.Shape;
import dev.iamlocal.policy.IamPolicyGrammar.Use;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAM's document checks: every case of moto's AWS-checked lists, AWS's own recorded answers, one
 * test per shape of the issue, and the documents AWS accepted (the 1,594 AWS managed policies,
 * the 23 seed policies) all still accepted.
 */
class IamPolicyGrammarTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String B = "arn:aws:s3:::example_bucket";

  /** moto's cases: {@code src/test/resources/dev/iamlocal/policy/moto-policy-cases.json}. */
  static JsonNode motoCases() throws IOException {
    try (InputStream in = IamPolicyGrammarTest.class.getResourceAsStream("moto-policy-cases.json")) {
      return JSON.readTree(in);
    }
  }

  /** (document, IAM's message) for each of moto's invalid documents. */
  public static Stream<Arguments> motoInvalid() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : motoCases().get("invalid")) {
      out.add(Arguments.of(i++, c.get("document").asText(), c.get("message").asText()));
    }
    return out.stream();
  }

  /** Each of moto's valid documents. */
  public static Stream<Arguments> motoValid() throws IOException {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : motoCases().get("valid")) {
      out.add(Arguments.of(i++, c.asText()));
    }
    return out.stream();
  }

  private static Optional<String> managed(String doc) {
    return IamPolicyGrammar.check(doc, Use.MANAGED).map(Rejection::message);
  }

  private static String statement(String body) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":" + body + "}";
  }

  @Test
  void motoListsAreComplete() throws IOException {
    assertThat(motoCases().get("invalid")).hasSize(78);
    assertThat(motoCases().get("valid")).hasSize(51);
  }

  @ParameterizedTest(name = "[{index}] invalid #{0}: {2}")
  @MethodSource("motoInvalid")
  void motoInvalidDocumentIsRefusedWithIamsMessage(int index, String document, String message) {
    assertThat(managed(document)).as(document).contains(message);
  }

  @ParameterizedTest(name = "[{index}] valid #{0}")
  @MethodSource("motoValid")
  void motoValidDocumentIsAccepted(int index, String document) {
    assertThat(IamPolicyGrammar.problems(document, Use.MANAGED)).as(document).isEmpty();
    assertThat(IamPolicyGrammar.problems(document, Use.INLINE)).as(document).isEmpty();
  }

  // ------------------------------------------------------------ the shapes of issue 14, one each

  @Test
  void emptyStatementIsASyntaxError() {
    assertThat(managed(statement("[]"))).contains("Syntax errors in policy.");
  }

  @Test
  void emptyActionArrayMeansNoActions() {
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}")))
        .contains("Policy statement must contain actions.");
  }

  @Test
  void emptyResourceArrayMeansNoResources() {
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":[]}")))
        .contains("Policy statement must contain resources.");
  }

  @Test
  void managedPolicyWithoutVersionOr2008IsRefused() {
    String body = "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}";
    assertThat(managed("{" + body)).contains("Policy document must be version 2012-10-17 or greater.");
    assertThat(managed("{\"Version\":\"2008-10-17\"," + body))
        .contains("Policy document must be version 2012-10-17 or greater.");
    // inline and trust policies may still be in the 2008 language (old EMR default role trust policies are)
    assertThat(IamPolicyGrammar.check("{" + body, Use.INLINE)).isEmpty();
    assertThat(IamPolicyGrammar.check("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}", Use.TRUST)).isEmpty();
  }

  @Test
  void actionWithoutVendorOrWithTwoColonsIsRefused() {
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"invalid\",\"Resource\":\"*\"}")))
        .contains("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:List:Bucket\",\"Resource\":\"*\"}")))
        .contains("Actions/Condition can contain only one colon.");
  }

  @Test
  void resourceNotAnArnBadPartitionOrRegionInS3OrIamIsRefused() {
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"invalid resource\"}")))
        .contains("Resource invalid resource must be in ARN format or \"*\".");
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:error:s3:::b\"}")))
        .contains("Partition \"error\" is not valid for resource \"arn:error:s3:::b\".");
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:us-east-1::example_bucket\"}")))
        .contains("Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.");
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
        + "\"Resource\":\"arn:aws:iam:us-east-1:123456789012:user/a\"}")))
        .contains("IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region information.");
    // S3 resource types that do live in a region are fine
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":["
        + "\"arn:aws:s3:us-east-1:123456789012:job/*\",\"arn:aws:s3:*:*:storage-lens/*\"]}"))).isEmpty();
  }

  @Test
  void iamResourcePathMustStartWithAnIamResourceType() {
    String message = "IAM resource path must either be \"*\", root, or start with user/, federated-user/, role/,"
        + " group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/,"
        + " report/, access-report/.";
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"iam:*\","
        + "\"Resource\":\"arn:aws:iam::123456789012:*cdk-hnb659fds-*\"}"))).contains(message);
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"iam:*\","
        + "\"Resource\":[\"arn:aws:iam::123456789012:root\",\"arn:aws:iam::*:role/x\",\"arn:aws:iam::1:*\"]}"))).isEmpty();
  }

  @Test
  void unknownConditionOperatorIsASyntaxError() {
    String doc = statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEqualz\":{\"aws:username\":\"a\"}}}");
    assertThat(managed(doc)).contains("Syntax errors in policy.");
    Rejection r = IamPolicyGrammar.check(doc, Use.MANAGED).orElseThrow();
    assertThat(r.shape()).isEqualTo(Shape.SYNTAX);
    assertThat(r.path().toString()).isEqualTo("$.Statement.Condition.StringEqualz");
    assertThat(doc.substring((int) r.span().start().offset(), (int) r.span().end().offset()))
        .isEqualTo("\"StringEqualz\"");
  }

  @Test
  void unparsableDateValueFailsLegacyParsing() {
    for (String bad : List.of("yesterday", "2026-13-01", "2026-01-01T25:00:00Z", "2026-01-01T10:00:00+1",
        "9223372036854775808", "true")) {
      String value = bad.equals("true") ? "true" : "\"" + bad + "\"";
      assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
          + "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":" + value + "}}}")))
          .as(bad).contains("The policy failed legacy parsing");
    }
    for (String good : List.of("2026-01-31", "2026-01-31T23:59:59Z", "2026-01-31T23:59:59.123Z",
        "2026-01-31T23:59:59+01:00", "1767225599",
        // the W3C profile the IAM documentation names: zones west of Greenwich, and after minutes
        "2026-01-31T23:59:59-05:00", "1997-07-16T19:20+01:00")) {
      assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\","
          + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"" + good + "\"}}}"))).as(good).isEmpty();
    }
  }

  @Test
  void wildcardInAServicePrefixIsStoredAsAccessAnalyzerOnlySuggestsAgainstIt() {
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3*:Get*\",\"Resource\":\"*\"}"))).isEmpty();
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3_x:Get\",\"Resource\":\"*\"}")))
        .contains("Vendor s3_x is not valid");
  }

  @Test
  void legacyParserRefusesCaseVariantEffectAndShortArnsWithEmptyFields() {
    assertThat(managed(statement("{\"Effect\":\"allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}")))
        .contains("The policy failed legacy parsing");
    assertThat(managed(statement("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3::b\"}")))
        .contains("The policy failed legacy parsing");
  }

  @Test
  void trustPolicyActionsMustBeStsActionsARoleIsAssumedWith() {
    String trust = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":%s}}";
    // AWS's 2026 recorded answer (LocalStack test_iam_roles snapshot, invalid-action-error)
    String message = "AssumeRole policy may only specify STS AssumeRole actions.";
    assertThat(IamPolicyGrammar.check(String.format(trust, "\"sts:InvalidAction\""), Use.TRUST)
        .map(Rejection::message)).contains(message);
    assertThat(IamPolicyGrammar.check(String.format(trust, "\"s3:GetObject\""), Use.TRUST)
        .map(Rejection::message)).contains(message);
    assertThat(IamPolicyGrammar.check(String.format(trust,
        "[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"), Use.TRUST)).isEmpty();
    assertThat(IamPolicyGrammar.check(String.format(trust, "\"sts:AssumeRole\"").replace("}}",
        ",\"Resource\":\"*\"}}"), Use.TRUST).map(Rejection::message)).contains("Has prohibited field Resource");
    // no JSON at all: a trust policy's own words, a permissions policy's "Syntax errors in policy."
    assertThat(IamPolicyGrammar.check("not valid json", Use.TRUST).map(Rejection::message))
        .contains("This policy contains invalid Json");
    assertThat(IamPolicyGrammar.check("not valid json", Use.MANAGED).map(Rejection::message))
        .contains("Syntax errors in policy.");
  }

  @Test
  void permissionsPolicyNamingAPrincipalIsRefused() {
    assertThat(IamPolicyGrammar.check(statement("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\","
        + "\"Resource\":\"*\"}"), Use.INLINE).map(Rejection::message))
        .contains("Policy document should not specify a principal.");
  }

  /** Answers recorded from AWS (CloudTrail records of CreatePolicy, 2021) that moto's lists lack. */
  @Test
  void awsRecordedAnswersForSidCharactersAndARegistryUri() {
    assertThat(managed(statement("[{\"Sid\":\"Atomic_Red_Team\",\"Effect\":\"Allow\","
        + "\"Action\":\"iam:CreatePolicyVersion\",\"Resource\":\"arn:aws:iam::*:policy/*\"}]")))
        .contains("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular"
            + " expression [0-9A-Za-z]*");
    assertThat(managed(statement("[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\","
        + "\"Resource\":\"174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental\"}]")))
        .contains("Resource 174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental must be in ARN format"
            + " or \"*\".");
  }

  @Test
  void everyProblemIsListedWithIamsAnswerFirst() {
    String doc = statement("[{\"Effect\":\"Allow\",\"Action\":\"invalid\",\"Resource\":\"arn:aws:s3:us-east-1::b\"},"
        + "{\"Effect\":\"Allow\",\"Action\":[]}]");
    List<Rejection> all = IamPolicyGrammar.problems(doc, Use.MANAGED);
    assertThat(all).extracting(Rejection::shape).containsExactly(Shape.ACTIONS_REQUIRED, Shape.RESOURCE_FORMAT,
        Shape.RESOURCES_REQUIRED, Shape.ACTION_FORMAT);
    assertThat(all.get(3).path().toString()).isEqualTo("$.Statement[0].Action");
  }

  @Test
  void whatTheEngineCannotReadIsStillASyntaxError() {
    // duplicate keys: JSON libraries keep the last, the engine refuses the ambiguity
    assertThat(managed("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\","
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}}")).contains("Syntax errors in policy.");
  }

  // ------------------------------------------------------------ what AWS accepted stays accepted

  @Test
  void everyAwsManagedPolicyIsAccepted() throws IOException {
    JsonNode set;
    try (InputStream in = new GZIPInputStream(
        IamPolicyGrammarTest.class.getResourceAsStream("managed-policies-all.json.gz"))) {
      set = JSON.readTree(in);
    }
    assertThat(set.get("policies")).hasSize(1594);
    List<String> refused = new ArrayList<>();
    for (JsonNode p : set.get("policies")) {
      JsonNode d = p.get("document");
      String doc = d.isTextual() ? d.asText() : JSON.writeValueAsString(d);
      IamPolicyGrammar.check(doc, Use.MANAGED)
          .ifPresent(r -> refused.add(p.get("policyName").asText() + ": " + r.message() + " " + r.detail()));
    }
    assertThat(refused).isEmpty();
  }

  @Test
  void everySeedPolicyIsAccepted() throws IOException, URISyntaxException {
    Path dir = Path.of(IamPolicyGrammarTest.class.getResource("/seed-policies").toURI());
    List<Path> seeds;
    try (Stream<Path> s = Files.list(dir)) {
      seeds = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(seeds).hasSize(23);
    for (Path p : seeds) {
      assertThat(IamPolicyGrammar.problems(Files.readString(p), Use.MANAGED)).as(p.toString()).isEmpty();
    }
  }

  /** The S3 exemption list is the S3 resource types whose documented ARN has a region. */
  @Test
  void s3RegionalResourceTypesAreTheCatalogs() {
    TreeSet<String> fromCatalog = new TreeSet<>();
    ServiceCatalog.bundled().service("s3").orElseThrow().resourceTypes().forEach(rt -> {
      String[] f = rt.arnFormat().split(":", 6);
      if (!f[3].isEmpty()) {
        String res = f[5];
        fromCatalog.add(res.substring(0, res.indexOf('/') + 1));
      }
    });
    assertThat(new TreeSet<>(IamPolicyGrammar.S3_REGIONAL_STARTS)).isEqualTo(fromCatalog);
  }
}
