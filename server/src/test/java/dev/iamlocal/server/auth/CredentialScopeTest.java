package dev.iamlocal.server.auth;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.RawCalls;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Hole 2: the credential scope's region and service are checked as AWS checks them (a real region
 * of the partition in which the called service answers, the called service), before anything is
 * built from them: a region is pasted into the ARNs that policies are matched against.
 */
class CredentialScopeTest extends ServerFixture {

  static final String DENY_SECRET = "{\"Version\":\"2012-10-17\",\"Statement\":["
      + "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:*\",\"iam:PassRole\"],\"Resource\":\"*\"},"
      + "{\"Effect\":\"Deny\",\"Action\":\"sagemaker:*\",\"Resource\":\"arn:aws:sagemaker:*:*:notebook-instance/secret-*\"}]}";

  AwsBasicCredentials user;

  @BeforeAll
  void user() {
    user = userWithPolicy("scope-user", DENY_SECRET);
    dev.iamlocal.server.sagemaker.SageMakerSdkTest.executionRole(store,
        "arn:aws:iam::" + acct() + ":role/SageMakerExecution");
  }

  private String notebook(String name) {
    return "{\"NotebookInstanceName\":\"" + name + "\",\"InstanceType\":\"ml.t2.medium\",\"RoleArn\":\"arn:aws:iam::"
        + acct() + ":role/SageMakerExecution\"}";
  }

  private HttpResponse<String> createNotebook(String region, String name) throws Exception {
    return RawCalls.sageMaker(server.endpoint(), user, region, "sagemaker", "CreateNotebookInstance", notebook(name));
  }

  @Test
  void hole02_regionWithAnAccountPastedInCannotEscapeADenyByArn() throws Exception {
    // the same call in a real region is denied by the Deny on notebook-instance/secret-*
    HttpResponse<String> inRegion = createNotebook("us-east-1", "secret-1");
    assertThat(inRegion.statusCode()).as(inRegion.body()).isEqualTo(400);
    assertThat(inRegion.body()).contains("AccessDeniedException");

    HttpResponse<String> r = createNotebook("us-east-1:999999999999", "secret-1");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
    assertThat(r.body()).isEqualTo("{\"__type\":\"InvalidSignatureException\",\"message\":\"Credential should be"
        + " scoped to a valid region, not 'us-east-1:999999999999'. \"}");
  }

  @Test
  void hole02_wildcardAndMadeUpRegionsAreRefused() throws Exception {
    for (String region : List.of("*", "us-east-?", "xx-foo-1", "aws-global", "cn-north-1", "")) {
      HttpResponse<String> r = createNotebook(region, "secret-2");
      assertThat(r.statusCode()).as(region + ": " + r.body()).isEqualTo(403);
      assertThat(r.body()).as(region).contains("Credential should be scoped to a valid region, not '" + region + "'. ");
    }
    // every region of the partition is one SageMaker may be called in (the name is not secret-*)
    HttpResponse<String> ok = createNotebook("eu-west-1", "open-1");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("arn:aws:sagemaker:eu-west-1:" + acct() + ":notebook-instance/open-1");
  }

  @Test
  void hole02_iamRequestSignedForAnotherServiceIsRefused() throws Exception {
    String form = "Action=ListUsers&Version=2010-05-08";
    HttpResponse<String> r = RawCalls.query(server.endpoint(), user, "us-east-1", "foo", form);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("<Message>Credential should be scoped to correct service: 'iam'. </Message>");
    HttpResponse<String> sm = RawCalls.query(server.endpoint(), user, "us-east-1", "sagemaker", form);
    assertThat(sm.statusCode()).as(sm.body()).isEqualTo(403);
    assertThat(sm.body()).contains("Credential should be scoped to correct service: 'iam'. ");
  }

  @Test
  void hole02_sageMakerRequestSignedForIamIsRefused() throws Exception {
    HttpResponse<String> r = RawCalls.sageMaker(server.endpoint(), user, "us-east-1", "iam", "ListNotebookInstances",
        "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("{\"__type\":\"InvalidSignatureException\",\"message\":\"Credential should be"
        + " scoped to correct service: 'sagemaker'. \"}");
  }

  @Test
  void hole02_iamIsSignedForUsEast1AndStsForAnyRegionOfThePartition() throws Exception {
    String list = "Action=ListUsers&Version=2010-05-08";
    HttpResponse<String> iamElsewhere = RawCalls.query(server.endpoint(), user, "eu-west-1", "iam", list);
    assertThat(iamElsewhere.statusCode()).as(iamElsewhere.body()).isEqualTo(403);
    assertThat(iamElsewhere.body()).contains("<Code>SignatureDoesNotMatch</Code>")
        .contains("<Message>Credential should be scoped to a valid region, not 'eu-west-1'. </Message>");
    // in us-east-1 the request is authenticated and goes on to authorization (the user may not list users)
    HttpResponse<String> iamHome = RawCalls.query(server.endpoint(), user, "us-east-1", "iam", list);
    assertThat(iamHome.body()).contains("<Code>AccessDenied</Code>");

    String whoAmI = "Action=GetCallerIdentity&Version=2011-06-15";
    HttpResponse<String> sts = RawCalls.query(server.endpoint(), user, "eu-west-1", "sts", whoAmI);
    assertThat(sts.statusCode()).as(sts.body()).isEqualTo(200);
    HttpResponse<String> stsNowhere = RawCalls.query(server.endpoint(), user, "eu-west-1:1", "sts", whoAmI);
    assertThat(stsNowhere.statusCode()).as(stsNowhere.body()).isEqualTo(403);
    assertThat(stsNowhere.body()).contains("https://sts.amazonaws.com/doc/2011-06-15/")
        .contains("Credential should be scoped to a valid region, not 'eu-west-1:1'. ");
  }

  @Test
  void hole02_everyWrongPartOfTheScopeIsNamedInOneMessage() {
    AwsError e = org.assertj.core.api.Assertions.catchThrowableOfType(AwsError.class,
        () -> SigV4Verifier.checkScope("AKID/20250102/xx-foo-1/foo/aws4_requests",
            "AKID/20250102/xx-foo-1/foo/aws4_requests".split("/"), "20250101T000000Z", IamServer.QUERY_SERVICES));
    assertThat(e.status).isEqualTo(403);
    assertThat(e.code).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.getMessage()).isEqualTo("Credential should be scoped to a valid region, not 'xx-foo-1'. "
        + "Credential should be scoped to correct service: 'iam'. "
        + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'. "
        + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250102' !="
        + " '20250101', from '20250101T000000Z'.");
    AwsError parts = org.assertj.core.api.Assertions.catchThrowableOfType(AwsError.class,
        () -> SigV4Verifier.checkScope("AKID/20250101/us-east-1/iam", "AKID/20250101/us-east-1/iam".split("/"),
            "20250101T000000Z", IamServer.QUERY_SERVICES));
    assertThat(parts.status).isEqualTo(400);
    assertThat(parts.code).isEqualTo("IncompleteSignature");
    assertThat(parts.getMessage()).isEqualTo("Credential must have exactly 5 slash-delimited elements, e.g."
        + " keyid/date/region/service/term, got 'AKID/20250101/us-east-1/iam'");
    AwsError noDay = org.assertj.core.api.Assertions.catchThrowableOfType(AwsError.class,
        () -> SigV4Verifier.checkScope("AKID//us-east-1/iam/aws4_request",
            "AKID//us-east-1/iam/aws4_request".split("/"), "20250101T000000Z", IamServer.QUERY_SERVICES));
    assertThat(noDay.getMessage()).startsWith("Date in Credential scope does not match");
  }

  @Test
  void hole02_aNameThatCannotBeInAnArnIsAClientErrorNotAResource() throws Exception {
    // GetUser of a user that does not exist is authorized on the ARN the name would have: a name
    // with a wildcard would have been matched as the resource arn:aws:iam::<account>:user/*
    HttpResponse<String> r = RawCalls.query(server.endpoint(), AwsBasicCredentials.create(
        boot.rootKey().accessKeyId(), boot.rootKey().secret()), "us-east-1", "iam",
        "Action=GetUser&Version=2010-05-08&UserName=secret-%2A");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("<Code>ValidationError</Code>")
        .contains("1 validation error detected: Value at 'userName' failed to satisfy constraint: Member"
            + " must satisfy regular expression pattern: [\\w+=,.@-]+");
  }

  @Test
  void bundledRegionsAreTheSdksRegionsOfTheAwsPartition() {
    java.util.Set<String> sdk = new java.util.TreeSet<>();
    for (Region r : Region.regions()) {
      RegionMetadata m = RegionMetadata.of(r);
      if (!r.isGlobalRegion() && m != null && m.partition().id().equals("aws")) {
        sdk.add(r.id());
      }
    }
    assertThat(new java.util.TreeSet<>(AwsRegions.ALL)).isEqualTo(sdk);
  }
}
