package dev.iamlocal.server.accessanalyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.auth.SigV4Signer;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.accessanalyzer.AccessAnalyzerClient;
import software.amazon.awssdk.services.accessanalyzer.model.AccessAnalyzerException;
import software.amazon.awssdk.services.accessanalyzer.model.AccessDeniedException;
import software.amazon.awssdk.services.accessanalyzer.model.AccessCheckPolicyType;
import software.amazon.awssdk.services.accessanalyzer.model.AccessCheckResourceType;
import software.amazon.awssdk.services.accessanalyzer.model.CheckAccessNotGrantedResponse;
import software.amazon.awssdk.services.accessanalyzer.model.CheckNoNewAccessResponse;
import software.amazon.awssdk.services.accessanalyzer.model.CheckNoPublicAccessResponse;
import software.amazon.awssdk.services.accessanalyzer.model.InvalidParameterException;
import software.amazon.awssdk.services.accessanalyzer.model.PolicyType;
import software.amazon.awssdk.services.accessanalyzer.model.ReasonSummary;
import software.amazon.awssdk.services.accessanalyzer.model.ValidatePolicyFinding;
import software.amazon.awssdk.services.accessanalyzer.model.ValidatePolicyResponse;
import software.amazon.awssdk.services.accessanalyzer.model.ValidationException;
import software.amazon.awssdk.services.accessanalyzer.model.ValidationExceptionReason;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * IAM Access Analyzer's policy checks over REST-JSON, driven by the real {@code AccessAnalyzerClient}
 * (SigV4 for {@code access-analyzer}) against the real server: PASS, FAIL with reasons, invalid input,
 * authorization through the pipeline, ValidatePolicy, and requests no operation answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessAnalyzerSdkTest {

  static final String EXISTING = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::amzn-s3-demo-bucket\","
      + "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"]}]}";
  static final String WIDER = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":[\"s3:GetObject\",\"s3:GetObjectAcl\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::amzn-s3-demo-bucket\","
      + "\"arn:aws:s3:::amzn-s3-demo-bucket/*\"]}]}";

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  Bootstrap boot;
  AccessAnalyzerClient root;
  IamClient iam;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
    root = client(boot.rootKey().accessKeyId(), boot.rootKey().secret());
    iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
            boot.rootKey().secret())))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  AccessAnalyzerClient client(String id, String secret) {
    return AccessAnalyzerClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))).build();
  }

  @Test
  void checkNoNewAccessPassesWhenTheNewPolicyGrantsNoMore() {
    CheckNoNewAccessResponse r = root.checkNoNewAccess(b -> b.newPolicyDocument(EXISTING)
        .existingPolicyDocument(WIDER).policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(r.resultAsString()).isEqualTo("PASS");
    assertThat(r.message()).isEqualTo("The modified permissions do not grant new access compared to your existing policy.");
    assertThat(r.reasons()).isEmpty();
  }

  @Test
  void checkNoNewAccessFailsWithTheStatementThatAddsAccess() {
    // the AWS CLI's example (aws accessanalyzer check-no-new-access), answered as it documents
    CheckNoNewAccessResponse r = root.checkNoNewAccess(b -> b.newPolicyDocument(WIDER)
        .existingPolicyDocument(EXISTING).policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(r.resultAsString()).isEqualTo("FAIL");
    assertThat(r.message()).isEqualTo("The modified permissions grant new access compared to your existing policy.");
    assertThat(r.reasons()).containsExactly(ReasonSummary.builder()
        .description("New access in the statement with index: 0.").statementIndex(0).build());
  }

  @Test
  void checkAccessNotGrantedPassAndFail() {
    CheckAccessNotGrantedResponse pass = root.checkAccessNotGranted(b -> b.policyDocument(EXISTING)
        .access(a -> a.actions("s3:DeleteBucket", "s3:GetBucketLocation")).policyType(AccessCheckPolicyType.IDENTITY_POLICY));
    assertThat(pass.resultAsString()).isEqualTo("PASS");
    assertThat(pass.message()).isEqualTo("The policy document does not grant access to perform one or more of the listed actions.");

    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AllowJohnDoe\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:user/JohnDoe\"},\"Action\":\"s3:PutObject\","
        + "\"Resource\":\"arn:aws:s3:::my-bucket/*\"}]}";
    CheckAccessNotGrantedResponse fail = root.checkAccessNotGranted(b -> b.policyDocument(policy)
        .access(a -> a.actions("s3:PutObject").resources("arn:aws:s3:::my-bucket/*"))
        .policyType(AccessCheckPolicyType.RESOURCE_POLICY));
    assertThat(fail.resultAsString()).isEqualTo("FAIL");
    assertThat(fail.message()).isEqualTo(
        "The policy document grants access to perform one or more of the listed actions or resources.");
    assertThat(fail.reasons()).containsExactly(ReasonSummary.builder()
        .description("One or more of the listed actions or resources in the statement with sid: AllowJohnDoe.")
        .statementId("AllowJohnDoe").statementIndex(0).build());
  }

  @Test
  void checkNoPublicAccessPassAndFail() {
    String named = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"CheckNoPublicAccess\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/JohnDoe\"},\"Action\":[\"s3:GetObject\"]}]}";
    CheckNoPublicAccessResponse pass = root.checkNoPublicAccess(b -> b.policyDocument(named)
        .resourceType(AccessCheckResourceType.AWS_S3_BUCKET));
    assertThat(pass.resultAsString()).isEqualTo("PASS");
    assertThat(pass.message()).isEqualTo("The resource policy does not grant public access for the given resource type.");

    String open = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Bob\",\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":[\"s3:GetObject\"]}]}";
    CheckNoPublicAccessResponse fail = root.checkNoPublicAccess(b -> b.policyDocument(open)
        .resourceType(AccessCheckResourceType.AWS_S3_BUCKET));
    assertThat(fail.resultAsString()).isEqualTo("FAIL");
    assertThat(fail.message()).isEqualTo("The resource policy grants public access for the given resource type.");
    assertThat(fail.reasons()).containsExactly(ReasonSummary.builder()
        .description("Public access granted in the following statement with sid: Bob.").statementId("Bob")
        .statementIndex(0).build());
  }

  @Test
  void aMissingMemberIsAValidationExceptionWithItsField() {
    assertThatThrownBy(() -> root.checkNoNewAccess(b -> b.newPolicyDocument(EXISTING).existingPolicyDocument(EXISTING)))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.reason()).isEqualTo(ValidationExceptionReason.FIELD_VALIDATION_FAILED);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value null at"
              + " 'policyType' failed to satisfy constraint: Member must not be null");
          assertThat(e.fieldList()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("policyType");
            assertThat(f.message()).contains("Member must not be null");
          });
        });
  }

  @Test
  void aValueOutsideTheEnumAndAnAccessListTooLongAreValidationExceptions() {
    assertThatThrownBy(() -> root.checkNoPublicAccess(b -> b.policyDocument(EXISTING).resourceType("AWS::S3::Nothing")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.awsErrorDetails().errorMessage()).startsWith("1 validation error detected: Value 'AWS::S3::Nothing'"
              + " at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: [AWS::DynamoDB::Table,");
          assertThat(e.fieldList()).extracting(f -> f.name()).containsExactly("resourceType");
        });
    assertThatThrownBy(() -> root.checkAccessNotGranted(b -> b.policyDocument(EXISTING)
        .access(a -> a.actions("s3:GetObject"), a -> a.actions("s3:PutObject"))
        .policyType(AccessCheckPolicyType.IDENTITY_POLICY)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("1 validation error detected: Value at 'access' failed to satisfy constraint: Member must have"
                + " length less than or equal to 1"));
  }

  @Test
  void aPolicyThatIsNoPolicyIsAnInvalidParameter() {
    assertThatThrownBy(() -> root.checkNoNewAccess(b -> b.newPolicyDocument("{not json").existingPolicyDocument(EXISTING)
        .policyType(AccessCheckPolicyType.IDENTITY_POLICY)))
        .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-iamlocal-detail")).get().asString()
              .contains("not a valid policy");
        });
    // an identity policy cannot name a principal (IAM refuses it)
    String withPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    assertThatThrownBy(() -> root.checkAccessNotGranted(b -> b.policyDocument(withPrincipal)
        .access(a -> a.actions("s3:GetObject")).policyType(AccessCheckPolicyType.IDENTITY_POLICY)))
        .isInstanceOf(InvalidParameterException.class);
    assertThatThrownBy(() -> root.checkAccessNotGranted(b -> b.policyDocument(EXISTING)
        .access(a -> a.actions(java.util.List.of())).policyType(AccessCheckPolicyType.IDENTITY_POLICY)))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void theChecksAreAuthorizedByThePipeline() {
    iam.createUser(r -> r.userName("checker"));
    iam.putUserPolicy(r -> r.userName("checker").policyName("only-no-new-access").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"access-analyzer:CheckNoNewAccess\","
            + "\"Resource\":\"arn:aws:access-analyzer:us-east-1:" + boot.account().accountId() + ":*\"}]}"));
    AccessKey key = iam.createAccessKey(r -> r.userName("checker")).accessKey();
    AccessAnalyzerClient checker = client(key.accessKeyId(), key.secretAccessKey());
    assertThat(checker.checkNoNewAccess(b -> b.newPolicyDocument(EXISTING).existingPolicyDocument(EXISTING)
        .policyType(AccessCheckPolicyType.IDENTITY_POLICY)).resultAsString()).isEqualTo("PASS");
    assertThatThrownBy(() -> checker.checkNoPublicAccess(b -> b.policyDocument(EXISTING)
        .resourceType(AccessCheckResourceType.AWS_S3_BUCKET)))
        .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + boot.account().accountId()
              + ":user/checker is not authorized to perform: access-analyzer:CheckNoPublicAccess on resource:"
              + " arn:aws:access-analyzer:us-east-1:" + boot.account().accountId() + ":* because no"
              + " identity-based policy allows the access-analyzer:CheckNoPublicAccess action");
        });
  }

  @Test
  void validatePolicyAnswersTheValidatorsFindingsInAccessAnalyzersShape() {
    String typo = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"sagemaker:CreateFlowDefiniton\",\"Resource\":\"*\"}]}";
    ValidatePolicyResponse r = root.validatePolicy(b -> b.policyDocument(typo).policyType(PolicyType.IDENTITY_POLICY));
    ValidatePolicyFinding f = r.findings().stream().filter(x -> x.issueCode().equals("INVALID_ACTION")).findFirst()
        .orElseThrow();
    assertThat(f.findingTypeAsString()).isEqualTo("ERROR");
    assertThat(f.learnMoreLink()).startsWith("https://");
    assertThat(f.locations()).singleElement().satisfies(l -> {
      assertThat(l.path()).extracting(p -> p.key() != null ? p.key() : String.valueOf(p.index()))
          .containsExactly("Statement", "0", "Action");
      assertThat(l.span().start().line()).isEqualTo(1);
      assertThat(l.span().start().offset()).isEqualTo(typo.indexOf("\"sagemaker:CreateFlowDefiniton\""));
    });
    // pages: one finding at a time, the token leads to the next
    ValidatePolicyResponse first = root.validatePolicy(b -> b.policyDocument(typo).policyType(PolicyType.IDENTITY_POLICY)
        .maxResults(1));
    assertThat(first.findings()).hasSize(1);
    if (r.findings().size() > 1) {
      assertThat(first.nextToken()).isNotNull();
      ValidatePolicyResponse second = root.validatePolicy(b -> b.policyDocument(typo)
          .policyType(PolicyType.IDENTITY_POLICY).maxResults(1).nextToken(first.nextToken()));
      assertThat(second.findings()).containsExactly(r.findings().get(1));
    }
    assertThatThrownBy(() -> root.validatePolicy(b -> b.policyDocument(typo).policyType(PolicyType.IDENTITY_POLICY)
        .nextToken("nonsense"))).isInstanceOf(ValidationException.class);
  }

  @Test
  void anOperationIamlocalDoesNotKeepIsNotImplemented() {
    assertThatThrownBy(() -> root.listAnalyzers(b -> {}))
        .isInstanceOfSatisfying(AccessAnalyzerException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(501);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
        });
  }

  @Test
  void aMethodAndPathNoOperationHasIsAnUnknownOperation() throws Exception {
    HttpResponse<String> r = signed("POST", "/policy/check-everything", "{}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
    assertThat(r.headers().firstValue("x-iamlocal-detail")).get().asString().contains("/policy/check-everything");
    // the right path with the wrong method is no operation either
    assertThat(signed("GET", "/policy/check-no-new-access", "").statusCode()).isEqualTo(404);
  }

  @Test
  void aBodyThatIsNotJsonAndAnUnsignedRequestAreRefused() throws Exception {
    HttpResponse<String> r = signed("POST", "/policy/check-no-new-access", "[1]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("SerializationException");
    HttpResponse<String> wrongType = signed("POST", "/policy/check-no-new-access",
        "{\"newPolicyDocument\": 3, \"existingPolicyDocument\": \"{}\", \"policyType\": \"IDENTITY_POLICY\"}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(new ObjectMapper().readTree(wrongType.body()).path("Message").asText())
        .isEqualTo("NUMBER_VALUE can not be converted to a String");

    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.endpoint() + "/policy/check-no-new-access"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");
    JsonNode body = new ObjectMapper().readTree(unsigned.body());
    assertThat(body.path("message").asText()).isEqualTo("Request is missing Authentication Token");
  }

  @Test
  void aRequestSignedForAnotherServiceIsRefused() throws Exception {
    HttpResponse<String> r = signed("POST", "/policy/check-no-new-access", "{}", "iam");
    assertThat(r.statusCode()).isBetween(400, 403);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).isPresent();
  }

  HttpResponse<String> signed(String method, String path, String body) throws Exception {
    return signed(method, path, body, "access-analyzer");
  }

  HttpResponse<String> signed(String method, String path, String body, String service) throws Exception {
    URI uri = URI.create(server.endpoint() + path);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = SigV4Signer.sign(method, uri.getHost() + ":" + uri.getPort(), uri.getRawPath(), null, bytes,
        boot.rootKey().accessKeyId(), boot.rootKey().secret(), null, "us-east-1", service, Instant.now());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
    h.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
