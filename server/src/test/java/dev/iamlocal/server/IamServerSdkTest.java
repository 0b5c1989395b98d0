package dev.iamlocal.server;

import dev.iamlocal.server.iam.IamEntitiesSdkTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.sts.StsClient;

/** Drives the real server over HTTP with the AWS SDK for Java v2 and its real SigV4 signer. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IamServerSdkTest {

  @TempDir static Path dataDir;
  IamStore store;
  IamServer server;
  Bootstrap boot;
  IamClient root;

  @BeforeAll
  void start() throws IOException {
    Bootstrap.prepareDirectory(dataDir);
    store = IamStore.openSqlite(dataDir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dataDir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
    root = iam(boot.rootKey().accessKeyId(), boot.rootKey().secret());
  }

  @AfterAll
  void stop() {
    server.close();
    store.close();
  }

  IamClient iam(String keyId, String secret) {
    return IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  StsClient sts(String keyId, String secret) {
    return StsClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  String acct() {
    return boot.account().accountId();
  }

  @Test
  void credentialsFileIsOwnerOnlyAndHoldsTheRootKey() throws IOException {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(boot.credentialsFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    assertThat(Files.readString(boot.credentialsFile())).startsWith("[iamlocal]\n")
        .contains("aws_access_key_id = " + boot.rootKey().accessKeyId())
        .contains("aws_secret_access_key = " + boot.rootKey().secret());
  }

  @Test
  void getCallerIdentity() {
    var id = sts(boot.rootKey().accessKeyId(), boot.rootKey().secret()).getCallerIdentity();
    assertThat(id.account()).isEqualTo(acct());
    assertThat(id.arn()).isEqualTo("arn:aws:iam::" + acct() + ":root");
    assertThat(id.userId()).isEqualTo(acct());
  }

  @Test
  void userLifecycleAndErrors() {
    User u = root.createUser(r -> r.userName("alice").path("/eng/").tags(t -> t.key("team").value("ml"))).user();
    assertThat(u.arn()).isEqualTo("arn:aws:iam::" + acct() + ":user/eng/alice");
    assertThat(u.userId()).matches("AIDA[A-Z0-9]{16}");
    assertThat(u.createDate()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    assertThat(root.getUser(r -> r.userName("ALICE")).user().tags()).hasSize(1);
    assertThat(root.listUsers().users()).extracting(User::userName).contains("alice");
    assertThat(root.listUsers(r -> r.pathPrefix("/other/")).users()).isEmpty();

    assertThatThrownBy(() -> root.createUser(r -> r.userName("Alice")))
        .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(409);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User with name Alice already exists.");
        });
    assertThatThrownBy(() -> root.getUser(r -> r.userName("nobody")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The user with name nobody cannot be found.");
        });
    root.putUserPolicy(r -> r.userName("alice").policyName("p").policyDocument(ALLOW_ALL));
    assertThatThrownBy(() -> root.deleteUser(r -> r.userName("alice")))
        .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    root.createUser(r -> r.userName("temp"));
    root.deleteUser(r -> r.userName("temp"));
    assertThatThrownBy(() -> root.getUser(r -> r.userName("temp"))).isInstanceOf(NoSuchEntityException.class);
    assertThatThrownBy(() -> root.createUser(r -> r.userName("bad name!")))
        .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void listUsersPaginatesWithMarker() {
    for (int i = 0; i < 3; i++) {
      int n = i;
      root.createUser(r -> r.userName("page" + n).path("/paged/"));
    }
    var first = root.listUsers(r -> r.pathPrefix("/paged/").maxItems(2));
    assertThat(first.isTruncated()).isTrue();
    var second = root.listUsers(r -> r.pathPrefix("/paged/").maxItems(2).marker(first.marker()));
    assertThat(second.isTruncated()).isFalse();
    assertThat(second.users()).extracting(User::userName).containsExactly("page2");
    assertThat(root.listUsersPaginator(r -> r.pathPrefix("/paged/").maxItems(1)).users().stream().count()).isEqualTo(3);
  }

  @Test
  void policiesAttachmentsAndInlinePolicies() {
    root.createUser(r -> r.userName("pol-user"));
    var p = root.createPolicy(r -> r.policyName("ReadS3").path("/team/").policyDocument(ALLOW_S3_READ)
        .description("read s3")).policy();
    assertThat(p.arn()).isEqualTo("arn:aws:iam::" + acct() + ":policy/team/ReadS3");
    assertThat(p.policyId()).matches("ANPA[A-Z0-9]{16}");
    assertThat(p.defaultVersionId()).isEqualTo("v1");
    assertThatThrownBy(() -> root.createPolicy(r -> r.policyName("reads3").policyDocument(ALLOW_S3_READ)))
        .isInstanceOf(EntityAlreadyExistsException.class);
    assertThat(root.getPolicy(r -> r.policyArn(p.arn())).policy().description()).isEqualTo("read s3");
    var v = root.getPolicyVersion(r -> r.policyArn(p.arn()).versionId("v1")).policyVersion();
    assertThat(java.net.URLDecoder.decode(v.document(), StandardCharsets.UTF_8)).isEqualTo(ALLOW_S3_READ);
    assertThat(v.isDefaultVersion()).isTrue();
    assertThatThrownBy(() -> root.getPolicyVersion(r -> r.policyArn(p.arn()).versionId("v9")))
        .isInstanceOf(NoSuchEntityException.class);

    root.attachUserPolicy(r -> r.userName("pol-user").policyArn(p.arn()));
    root.attachUserPolicy(r -> r.userName("pol-user").policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assertThat(root.listAttachedUserPolicies(r -> r.userName("pol-user")).attachedPolicies())
        .extracting(a -> a.policyName()).containsExactly("ReadS3", "ReadOnlyAccess");
    assertThat(root.getPolicy(r -> r.policyArn(p.arn())).policy().attachmentCount()).isEqualTo(1);
    assertThatThrownBy(() -> root.attachUserPolicy(r -> r.userName("pol-user")
        .policyArn("arn:aws:iam::aws:policy/NoSuchPolicyAtAll")))
        .isInstanceOfSatisfying(NoSuchEntityException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Policy arn:aws:iam::aws:policy/NoSuchPolicyAtAll does not exist or is not attachable."));
    assertThat(root.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")).policy().attachmentCount())
        .isEqualTo(1);
    assertThat(root.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)).policies()).extracting(x -> x.policyName())
        .contains("ReadS3");
    var aws = root.listPolicies(r -> r.scope(PolicyScopeType.AWS).onlyAttached(true)).policies();
    assertThat(aws).extracting(x -> x.policyName()).containsExactly("ReadOnlyAccess");

    root.putUserPolicy(r -> r.userName("pol-user").policyName("inline").policyDocument(ALLOW_S3_READ));
    var got = root.getUserPolicy(r -> r.userName("pol-user").policyName("inline"));
    assertThat(java.net.URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(ALLOW_S3_READ);
    assertThatThrownBy(() -> root.getUserPolicy(r -> r.userName("pol-user").policyName("none")))
        .hasMessageContaining("The user policy with name none cannot be found.");
  }

  @Test
  void malformedPolicyDocumentSaysWhere() {
    root.createUser(r -> r.userName("mal"));
    String bad = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allwo\", \"Action\": \"s3:*\","
        + " \"Resource\": \"*\"}]\n}";
    assertThatThrownBy(() -> root.putUserPolicy(r -> r.userName("mal").policyName("x").policyDocument(bad)))
        .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Syntax errors in policy.");
          assertThat(IamEntitiesSdkTest.detail(e)).contains("line 3, column");
        });
    String withPrincipal = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    assertThatThrownBy(() -> root.createPolicy(r -> r.policyName("withPrincipal").policyDocument(withPrincipal)))
        .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> assertThat(
            e.awsErrorDetails().errorMessage()).isEqualTo("Policy document should not specify a principal."));
  }

  @Test
  void groupsAndQuotas() {
    root.createUser(r -> r.userName("member"));
    var g = root.createGroup(r -> r.groupName("Team").path("/t/")).group();
    assertThat(g.groupId()).matches("AGPA[A-Z0-9]{16}");
    assertThat(g.arn()).isEqualTo("arn:aws:iam::" + acct() + ":group/t/Team");
    root.addUserToGroup(r -> r.groupName("team").userName("member"));
    assertThat(root.getGroup(r -> r.groupName("Team")).users()).extracting(User::userName).containsExactly("member");
    assertThat(root.listGroupsForUser(r -> r.userName("member")).groups()).extracting(x -> x.groupName())
        .containsExactly("Team");
    assertThatThrownBy(() -> root.addUserToGroup(r -> r.groupName("NoGroup").userName("member")))
        .hasMessageContaining("The group with name NoGroup cannot be found.");
    for (int i = 0; i < 9; i++) {
      int n = i;
      root.createGroup(r -> r.groupName("q" + n));
      root.addUserToGroup(r -> r.groupName("q" + n).userName("member"));
    }
    root.createGroup(r -> r.groupName("q-eleventh"));
    assertThatThrownBy(() -> root.addUserToGroup(r -> r.groupName("q-eleventh").userName("member")))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot exceed quota for GroupsPerUser: 10"));
  }

  @Test
  void accessKeysAndAUserWithoutPermissionsIsDenied() {
    root.createUser(r -> r.userName("nobody-allowed"));
    AccessKey k = root.createAccessKey(r -> r.userName("nobody-allowed")).accessKey();
    assertThat(k.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
    assertThat(k.secretAccessKey()).hasSize(40);
    var listed = root.listAccessKeys(r -> r.userName("nobody-allowed")).accessKeyMetadata();
    assertThat(listed).extracting(m -> m.accessKeyId()).containsExactly(k.accessKeyId());

    IamClient weak = iam(k.accessKeyId(), k.secretAccessKey());
    assertThatThrownBy(() -> weak.listUsers()).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + acct()
          + ":user/nobody-allowed is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::" + acct()
          + ":user/ because no identity-based policy allows the iam:ListUsers action");
    });
    assertThatThrownBy(() -> weak.createUser(r -> r.userName("escalate"))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
            "is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::" + acct()
            + ":user/escalate because no identity-based policy allows the iam:CreateUser action"));
    assertThatThrownBy(() -> weak.putUserPolicy(r -> r.userName("nobody-allowed").policyName("self")
        .policyDocument(ALLOW_ALL))).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
    assertThat(root.listUsers().users()).extracting(User::userName).doesNotContain("escalate");
    // GetCallerIdentity needs no permission
    assertThat(sts(k.accessKeyId(), k.secretAccessKey()).getCallerIdentity().arn())
        .isEqualTo("arn:aws:iam::" + acct() + ":user/nobody-allowed");

    // once granted (and then explicitly denied), the engine decides
    root.putUserPolicy(r -> r.userName("nobody-allowed").policyName("list").policyDocument(
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:List*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"iam:ListAccessKeys\",\"Resource\":\"*\"}]}"));
    assertThat(weak.listUsers().users()).isNotEmpty();
    assertThatThrownBy(() -> weak.listAccessKeys()).isInstanceOfSatisfying(IamException.class,
        e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
            "iam:ListAccessKeys on resource: arn:aws:iam::" + acct()
            + ":user/nobody-allowed with an explicit deny in an identity-based policy"));
    root.createAccessKey(r -> r.userName("nobody-allowed"));
    assertThatThrownBy(() -> root.createAccessKey(r -> r.userName("nobody-allowed")))
        .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Cannot exceed quota for AccessKeysPerUser: 2"));
  }

  @Test
  void seedScenarioDevTeam1() throws IOException {
    String seed21;
    try (InputStream in = getClass().getResourceAsStream("/seed-policies/21-devteam1-deny-project-b.json")) {
      seed21 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    root.createGroup(r -> r.groupName("DevTeam1"));
    String arn = root.createPolicy(r -> r.policyName("DevTeam1DenyProjectB").policyDocument(seed21)).policy().arn();
    root.attachGroupPolicy(r -> r.groupName("DevTeam1").policyArn(arn));
    User dev = root.createUser(r -> r.userName("dev1")).user();
    root.addUserToGroup(r -> r.groupName("DevTeam1").userName("dev1"));

    String notebook = "arn:aws:sagemaker:us-east-1:" + acct() + ":notebook-instance/nb-b";
    List<EvaluationResult> results = root.simulatePrincipalPolicy(r -> r.policySourceArn(dev.arn())
        .actionNames("sagemaker:DescribeNotebookInstance").resourceArns(notebook)
        .contextEntries(ContextEntry.builder().contextKeyName("sagemaker:ResourceTag/Project")
            .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues("B").build())).evaluationResults();
    assertThat(results).hasSize(1);
    EvaluationResult describe = results.get(0);
    assertThat(describe.evalDecisionAsString()).isEqualTo("explicitDeny");
    assertThat(describe.evalResourceName()).isEqualTo(notebook);
    assertThat(describe.matchedStatements()).singleElement().satisfies(s -> {
      assertThat(s.sourcePolicyId()).isEqualTo("DevTeam1DenyProjectB");
      // AWS: "IAM Policy" for every identity policy; a later statement starts just past the
      // previous statement's closing brace (recorded answers, see PolicySimulator)
      assertThat(s.sourcePolicyTypeAsString()).isEqualTo("IAM Policy");
      assertThat(s.startPosition().line()).isEqualTo(1);
      assertThat(s.startPosition().column())
          .isEqualTo(seed21.lastIndexOf('}', seed21.indexOf("{ \"Effect\": \"Deny\"")) + 2);
    });

    var list = root.simulatePrincipalPolicy(r -> r.policySourceArn(dev.arn())
        .actionNames("sagemaker:ListNotebookInstances", "sagemaker:AddTags")).evaluationResults();
    assertThat(list).extracting(EvaluationResult::evalDecisionAsString).containsExactly("allowed", "explicitDeny");
    // Project=A is not denied to DevTeam1
    var projectA = root.simulatePrincipalPolicy(r -> r.policySourceArn(dev.arn())
        .actionNames("sagemaker:DescribeNotebookInstance").resourceArns(notebook)
        .contextEntries(ContextEntry.builder().contextKeyName("sagemaker:ResourceTag/Project")
            .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues("A").build())).evaluationResults();
    assertThat(projectA.get(0).evalDecisionAsString()).isEqualTo("allowed");
    assertThatThrownBy(() -> root.simulatePrincipalPolicy(r -> r.policySourceArn(
        "arn:aws:iam::" + acct() + ":user/ghost").actionNames("s3:GetObject")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  // ---------------------------------------------------------------- SigV4 failure modes

  @Test
  void badSecretIsSignatureDoesNotMatch() {
    String secret = boot.rootKey().secret();
    // a different first character (a fixed "x" would be the real secret 1 time in 62)
    IamClient forged = iam(boot.rootKey().accessKeyId(), (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1));
    assertThatThrownBy(forged::listUsers).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    });
  }

  @Test
  void unknownKeyIsInvalidClientTokenId() {
    IamClient stranger = iam("AKIAAAAAAAAAAAAAAAAA", "0123456789012345678901234567890123456789");
    assertThatThrownBy(stranger::listUsers).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
    });
  }

  @Test
  void staleDateIsRejectedAndFreshOneAccepted() throws Exception {
    Instant old = Instant.now().minus(Duration.ofMinutes(20));
    HttpResponse<String> stale = send(signed(old, AwsV4FamilyHttpSigner.AuthLocation.HEADER, boot.rootKey().secret()));
    assertThat(stale.statusCode()).isEqualTo(403);
    assertThat(stale.body()).contains("<Code>SignatureDoesNotMatch</Code>").contains("Signature expired: ")
        .contains(" - 15 min.)");
    HttpResponse<String> fresh = send(signed(Instant.now(), AwsV4FamilyHttpSigner.AuthLocation.HEADER,
        boot.rootKey().secret()));
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.body()).startsWith("<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">")
        .contains("<ResponseMetadata><RequestId>");
  }

  @Test
  void queryStringSignatureIsVerified() throws Exception {
    HttpResponse<String> ok = send(signed(Instant.now(), AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING,
        boot.rootKey().secret()));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    HttpResponse<String> bad = send(signed(Instant.now(), AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING,
        wrong(boot.rootKey().secret())));
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void unsignedAndIncompleteRequests() throws Exception {
    HttpRequest unsigned = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")).build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(unsigned, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<Type>Sender</Type><Code>MissingAuthenticationToken</Code>");
    HttpRequest incomplete = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + boot.rootKey().accessKeyId()
            + "/20250101/us-east-1/iam/aws4_request")
        .header("X-Amz-Date", "20250101T000000Z")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")).build();
    HttpResponse<String> r2 = HttpClient.newHttpClient().send(incomplete, HttpResponse.BodyHandlers.ofString());
    assertThat(r2.statusCode()).isEqualTo(400);
    assertThat(r2.body()).contains("<Code>IncompleteSignature</Code>")
        .contains("Authorization header requires 'Signature' parameter.");
    // the algorithm alone: every part is missing, as AWS lists them (it said the algorithm was wrong)
    HttpRequest bare = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "AWS4-HMAC-SHA256")
        .header("X-Amz-Date", "20250101T000000Z")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")).build();
    HttpResponse<String> r3 = HttpClient.newHttpClient().send(bare, HttpResponse.BodyHandlers.ofString());
    assertThat(r3.statusCode()).isEqualTo(400);
    assertThat(r3.body()).contains("<Code>IncompleteSignature</Code>")
        .contains("<Message>Authorization header requires 'Credential' parameter. Authorization header requires"
            + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
            + " Authorization=AWS4-HMAC-SHA256</Message>");
  }

  /** A ListUsers request signed by the SDK's own SigV4 signer at {@code when}. */
  private SignedRequest signed(Instant when, AwsV4FamilyHttpSigner.AuthLocation where, String secret) {
    byte[] body = "Action=ListUsers&Version=2010-05-08".getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest req = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(server.endpoint() + "/"))
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
    return AwsV4HttpSigner.create().sign(s -> s.request(req)
        .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
        .identity(AwsCredentialsIdentity.create(boot.rootKey().accessKeyId(), secret))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, where)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC)));
  }

  private static HttpResponse<String> send(SignedRequest s) throws Exception {
    SdkHttpRequest r = s.request();
    HttpRequest.Builder b = HttpRequest.newBuilder(r.getUri());
    r.forEachHeader((k, vs) -> {
      if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    byte[] body = s.payload().orElseThrow().newStream().readAllBytes();
    return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
  static final String ALLOW_S3_READ = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\","
      + " \"Action\": [\"s3:Get*\", \"s3:List*\"], \"Resource\": \"*\"}]\n}";

  /** The secret with its first character changed (to another one, whatever the secret starts with). */
  static String wrong(String secret) {
    return (secret.charAt(0) == 'y' ? "z" : "y") + secret.substring(1);
  }
}
