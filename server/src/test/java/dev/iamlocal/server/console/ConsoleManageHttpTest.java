package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.store.EntityType;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's management pages over plain HTTP: every change goes through the IAM operation (its
 * authorization, its checks, its error text), a failed change keeps what was sent, lists are
 * searched and paged. Data set up through the store names the account, as the API would.
 */
class ConsoleManageHttpTest {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String S3_READ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

  @TempDir static Path dir;
  static ConsoleServer s;
  static HttpClient root;
  static String csrf;

  @BeforeAll
  static void start() throws Exception {
    s = new ConsoleServer(dir);
    root = ConsoleServer.client();
    csrf = s.signInRoot(root);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private HttpResponse<String> post(String path, String... kv) throws Exception {
    String[] all = java.util.Arrays.copyOf(kv, kv.length + 2);
    all[kv.length] = "_csrf";
    all[kv.length + 1] = csrf;
    return s.post(root, path, FORM, ConsoleServer.form(all));
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  @Test
  void groupAndRoleDetailPagesShowPoliciesViaGroupBoundaryTagsTrustAndKeys() throws Exception {
    String acct = s.account();
    s.store.users().createUser(acct, "gina", "/", Map.of("team", "ml"));
    s.store.groups().createGroup(acct, "readers", "/");
    s.store.groups().addUserToGroup(acct, "readers", "gina");
    s.store.policies().attachPolicy(acct, EntityType.GROUP, "readers", "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
    s.store.inlinePolicies().putInlinePolicy(acct, EntityType.GROUP, "readers", "sm-list",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:List*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}");
    var key = s.store.accessKeys().createAccessKey(acct, "gina");

    String group = s.get(root, "/console/groups/readers").body();
    assertThat(group).contains("<caption>1 user</caption>").contains("gina").contains("IAMReadOnlyAccess")
        .contains("sm-list").doesNotContain("Endpoint GET");
    // the list says "1 group", not "1 groups"
    assertThat(s.get(root, "/console/groups").body()).contains("1 group<").doesNotContain("1 groups");

    String user = s.get(root, "/console/users/gina").body();
    assertThat(user).contains("id=\"viaGroups\"").contains("IAMReadOnlyAccess").contains("sm-list")
        .contains("href=\"/console/groups/readers\"").contains("<td>team</td><td>ml</td>")
        .contains(key.accessKeyId()).contains("<dt>Last activity</dt><dd id=\"lastActivity\">Never</dd>")
        .doesNotContain(key.secret());
    // the permissions summary, with AWS's access levels: IAM's Get* and List* (read-only), SageMaker's
    // List actions, one S3 read on one bucket
    assertThat(user).containsPattern("data-service=\"iam\"><th scope=\"row\">[^<]+</th><td class=\"level\">"
        + "Full: List(, Read)?( Limited: Read)?</td><td>All resources</td><td>None</td><td>IAMReadOnlyAccess \\(group readers\\)")
        .containsPattern("data-service=\"sagemaker\"><th scope=\"row\">[^<]+</th><td class=\"level\">Limited: List</td>")
        .containsPattern("data-service=\"s3\"><th scope=\"row\">[^<]+</th><td class=\"level\">Limited: Read</td>"
            + "<td>arn:aws:s3:::b/\\*</td>");

    // boundary through PutUserPermissionsBoundary, shown on the page
    assertThat(post("/console/users/gina/boundary", "policyArn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        .statusCode()).isEqualTo(302);
    assertThat(s.get(root, "/console/users/gina").body()).contains("id=\"boundary\"><a href=")
        .contains("id=\"summaryBoundary\"");
    assertThat(s.store.users().getUser(acct, "gina").permissionsBoundaryArn())
        .isEqualTo("arn:aws:iam::aws:policy/IAMReadOnlyAccess");

    // a role: its trust policy and tags; the trust policy edited through UpdateAssumeRolePolicy
    HttpResponse<String> created = post("/console/roles", "roleName", "trainer", "trustPolicy", EntityPages.DEFAULT_TRUST,
        "description", "<b>trains</b>");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    assertThat(post("/console/roles/trainer/tags", "tagKey", "Project", "tagValue", "a=b+c").statusCode()).isEqualTo(302);
    String role = s.get(root, "/console/roles/trainer").body();
    assertThat(role).contains("id=\"trustPolicy\"").contains("sagemaker.amazonaws.com")
        .contains("<dd>&lt;b&gt;trains&lt;/b&gt;</dd>").doesNotContain("<b>trains</b>")
        .contains("<td>Project</td><td>a=b+c</td>");
    String badTrust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}";
    HttpResponse<String> refused = post("/console/roles/trainer/trust", "policyDocument", badTrust);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("MalformedPolicyDocument")
        .contains(Html.esc(badTrust)); // what was typed is still there
  }

  @Test
  void listsAreFilteredByNameAndPaged() throws Exception {
    for (int i = 0; i < 55; i++) {
      s.store.users().createUser(s.account(), String.format("pager-%02d", i), "/", Map.of());
    }
    String first = s.get(root, "/console/users?filter=PAGER").body();
    assertThat(first).contains("55 of ").contains("users match \u201cPAGER\u201d (page 1 of 2)")
        .contains("pager-00").contains("pager-49").doesNotContain("pager-50").contains("rel=\"next\"");
    String second = s.get(root, "/console/users?filter=pager&page=2").body();
    assertThat(second).contains("pager-50").contains("pager-54").doesNotContain("pager-49").contains("rel=\"prev\"");
    String one = s.get(root, "/console/users?filter=pager-07").body();
    assertThat(one).contains("1 of ").contains("pager-07").doesNotContain("pager-08");
    // a hostile filter is text
    assertThat(s.get(root, "/console/users?filter=" + q("<script>x")).body()).doesNotContain("<script>x")
        .contains("&lt;script&gt;x");
    // policies: AWS managed and customer managed, by name
    String pol = s.get(root, "/console/policies?filter=SageMakerReadOnly").body();
    assertThat(pol).contains("AmazonSageMakerReadOnly").doesNotContain("IAMReadOnlyAccess");
  }

  @Test
  void createDeleteAttachDetachAndInlinePoliciesThroughTheApi() throws Exception {
    String acct = s.account();
    // create a user with a name already taken: EntityAlreadyExists, the name kept in the form
    assertThat(post("/console/users", "userName", "hank").statusCode()).isEqualTo(302);
    HttpResponse<String> again = post("/console/users", "userName", "hank", "path", "/x/");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("EntityAlreadyExists").contains("User with name hank already exists.")
        .contains("value=\"hank\"").contains("value=\"/x/\"");

    // the picker searches AWS managed and customer managed policies by a substring of the name
    s.store.policies().createPolicy(acct, "hank-s3-read", "/", null, S3_READ);
    String picks = s.get(root, "/console/users/hank?pick=" + q("s3-rEAD")).body();
    assertThat(picks).contains("id=\"picks\"").contains("data-arn=\"arn:aws:iam::" + acct + ":policy/hank-s3-read\"");
    assertThat(s.get(root, "/console/users/hank?pick=SageMakerFullAcc").body())
        .contains("data-arn=\"arn:aws:iam::aws:policy/AmazonSageMakerFullAccess\"");
    String customer = "arn:aws:iam::" + acct + ":policy/hank-s3-read";
    assertThat(post("/console/users/hank/attach", "policyArn", customer).statusCode()).isEqualTo(302);
    assertThat(s.store.policies().attachedPolicies(acct, EntityType.USER, "hank")).containsExactly(customer);

    // inline: added, shown, edited, deleted
    assertThat(post("/console/users/hank/inline", "policyName", "own", "policyDocument", S3_READ).statusCode())
        .isEqualTo(302);
    String edit = s.get(root, "/console/users/hank/inline?policy=own").body();
    assertThat(edit).contains("s3:GetObject").contains("data-validate=\"identity\"");
    assertThat(post("/console/users/hank/inline", "policyName", "own", "policyDocument", S3_READ.replace("GetObject",
        "PutObject")).statusCode()).isEqualTo(302);
    assertThat(s.store.inlinePolicies().inlinePolicies(acct, EntityType.USER, "hank")).singleElement()
        .satisfies(p -> assertThat(p.document()).contains("s3:PutObject"));
    // a malformed one keeps the text and the name, with IAM's message and where it is
    String bad = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}";
    HttpResponse<String> refused = post("/console/users/hank/inline", "policyName", "broken", "policyDocument", bad);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("MalformedPolicyDocument").contains("Policy statement must contain resources.")
        .contains("value=\"broken\"").contains(Html.esc(bad));
    assertThat(s.get(root, "/console/users/hank/inline?policy=nope").statusCode()).isEqualTo(404);

    // DeleteUser refuses while the user has policies, in AWS's words
    HttpResponse<String> conflict = post("/console/users/hank/delete");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("DeleteConflict").contains("Cannot delete entity, must delete policies first.");
    assertThat(post("/console/users/hank/inline/delete", "policyName", "own").statusCode()).isEqualTo(302);
    assertThat(post("/console/users/hank/detach", "policyArn", customer).statusCode()).isEqualTo(302);
    assertThat(post("/console/users/hank/delete").statusCode()).isEqualTo(302);
    assertThat(s.get(root, "/console/users/hank").statusCode()).isEqualTo(404);

    // groups and roles are created and deleted the same way
    assertThat(post("/console/groups", "groupName", "g-del").statusCode()).isEqualTo(302);
    assertThat(post("/console/groups/g-del/delete").statusCode()).isEqualTo(302);
    assertThat(post("/console/roles", "roleName", "r-del", "trustPolicy", EntityPages.DEFAULT_TRUST).statusCode())
        .isEqualTo(302);
    assertThat(post("/console/roles/r-del/delete").statusCode()).isEqualTo(302);
    assertThat(s.store.roles().listRoles(acct, null)).noneMatch(r -> r.name().equals("r-del"));

    // a customer managed policy: DeleteConflict while attached, then deleted
    s.store.users().createUser(acct, "ivy", "/", Map.of());
    s.store.policies().attachPolicy(acct, EntityType.USER, "ivy", customer);
    HttpResponse<String> attached = post("/console/policy/delete", "arn", customer);
    assertThat(attached.statusCode()).isEqualTo(409);
    assertThat(attached.body()).contains("Cannot delete a policy attached to entities.");
    s.store.policies().detachPolicy(acct, EntityType.USER, "ivy", customer);
    assertThat(post("/console/policy/delete", "arn", customer).statusCode()).isEqualTo(302);
    // an unknown policy is GetPolicy's NoSuchEntity: a 404 page
    HttpResponse<String> gone = s.get(root, "/console/policy?arn=" + q(customer));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("NoSuchEntity").doesNotContain("Invalid input");
    assertThat(s.get(root, "/console/policy?arn=" + q("arn:aws:iam::aws:policy/NoSuchPolicyAtAll")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aUserWithoutDeleteUserGetsAwsAccessDeniedAndNothingChanges() throws Exception {
    String acct = s.account();
    s.store.users().createUser(acct, "victim", "/", Map.of());
    s.store.users().createUser(acct, "lister", "/", Map.of());
    s.store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "lister", "read",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iam:Get*\",\"iam:List*\"],"
            + "\"Resource\":\"*\"}]}");
    var key = s.store.accessKeys().createAccessKey(acct, "lister");
    HttpClient c = ConsoleServer.client();
    s.post(c, "/console/signin", FORM, ConsoleServer.form("accessKeyId", key.accessKeyId(), "secretAccessKey", key.secret()));
    String page = s.get(c, "/console/users/victim").body();
    int i = page.indexOf("data-csrf=\"");
    String token = page.substring(i + 11, page.indexOf('"', i + 11));
    HttpResponse<String> r = s.post(c, "/console/users/victim/delete", FORM, ConsoleServer.form("_csrf", token));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("class=\"denied-message\">User: arn:aws:iam::" + acct + ":user/lister is not"
        + " authorized to perform: iam:DeleteUser on resource: arn:aws:iam::" + acct + ":user/victim because no"
        + " identity-based policy allows the iam:DeleteUser action</p>");
    assertThat(s.store.users().getUser(acct, "victim")).isNotNull();
    HttpResponse<String> tag = s.post(c, "/console/users/victim/tags", FORM, ConsoleServer.form("_csrf", token,
        "tagKey", "k", "tagValue", "v"));
    assertThat(tag.statusCode()).isEqualTo(403);
    assertThat(tag.body()).contains("iam:TagUser").contains("value=\"k\"");
    assertThat(s.store.tags().userTags(acct, "victim")).isEmpty();
  }

  @Test
  void policyVersionsAreListedViewedSetAsDefaultDeletedAndLimitedToFive() throws Exception {
    String acct = s.account();
    String arn = s.store.policies().createPolicy(acct, "versioned", "/", "d", S3_READ).arn();
    for (int v = 2; v <= 5; v++) {
      HttpResponse<String> r = post("/console/policy/versions", "arn", arn, "policyDocument",
          S3_READ.replace("GetObject", "GetObjectV" + v), "setAsDefault", "true");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    }
    String page = s.get(root, "/console/policy?arn=" + q(arn)).body();
    assertThat(page).contains("<caption>5 versions (IAM keeps at most 5)</caption>")
        .contains("<dd id=\"defaultVersion\">v5</dd>").contains("s3:GetObjectV5");
    // the sixth: AWS's LimitExceeded, and the editor keeps the text
    String sixth = S3_READ.replace("GetObject", "GetObjectSix");
    HttpResponse<String> limit = post("/console/policy/versions", "arn", arn, "policyDocument", sixth, "setAsDefault", "true");
    assertThat(limit.statusCode()).isEqualTo(409);
    assertThat(limit.body()).contains("LimitExceeded").contains("A managed policy can have up to 5 versions. Before you"
        + " create a new version, you must delete an existing version.").contains(Html.esc(sixth))
        .contains("id=\"saveVersion\"");
    assertThat(s.get(root, "/console/policy/version?arn=" + q(arn) + "&version=v2").body()).contains("s3:GetObjectV2");
    assertThat(post("/console/policy/default", "arn", arn, "versionId", "v2").statusCode()).isEqualTo(302);
    assertThat(s.get(root, "/console/policy?arn=" + q(arn)).body()).contains("<dd id=\"defaultVersion\">v2</dd>");
    HttpResponse<String> delDefault = post("/console/policy/version/delete", "arn", arn, "versionId", "v2");
    assertThat(delDefault.statusCode()).isEqualTo(409);
    assertThat(delDefault.body()).contains("Cannot delete the default version of a policy.");
    assertThat(post("/console/policy/version/delete", "arn", arn, "versionId", "v5").statusCode()).isEqualTo(302);
    assertThat(s.store.policies().listPolicyVersions(acct, arn)).hasSize(4);
    // tags on the policy
    assertThat(post("/console/policy/tags", "arn", arn, "tagKey", "owner", "tagValue", "ml").statusCode()).isEqualTo(302);
    assertThat(s.get(root, "/console/policy?arn=" + q(arn)).body()).contains("<td>owner</td><td>ml</td>");
    assertThat(post("/console/policy/untag", "arn", arn, "tagKey", "owner").statusCode()).isEqualTo(302);
    assertThat(s.store.tags().tagsOf(acct, "policy", arn)).isEmpty();
    // creating a policy with an error keeps the name, description and text
    HttpResponse<String> badCreate = post("/console/policies", "policyName", "kept-name", "description", "kept text",
        "policyDocument", "{\"Statement\":[]}");
    assertThat(badCreate.statusCode()).isEqualTo(400);
    assertThat(badCreate.body()).contains("MalformedPolicyDocument").contains("value=\"kept-name\"")
        .contains("value=\"kept text\"").contains("{&quot;Statement&quot;:[]}");
  }

  @Test
  void accessKeysAreCreatedWithTheSecretShownOnceDeactivatedAndDeleted() throws Exception {
    String acct = s.account();
    s.store.users().createUser(acct, "keyed", "/", Map.of());
    HttpResponse<String> created = post("/console/users/keyed/keys");
    assertThat(created.statusCode()).isEqualTo(200);
    var keys = s.store.accessKeys().listAccessKeys(acct, "keyed");
    assertThat(keys).hasSize(1);
    var k = s.store.accessKeys().accessKey(keys.get(0).accessKeyId()).orElseThrow();
    assertThat(created.body()).contains("<code id=\"newSecret\">" + k.secret() + "</code>");
    assertThat(s.get(root, "/console/users/keyed").body()).doesNotContain(k.secret()).contains(k.accessKeyId());
    assertThat(post("/console/users/keyed/keys/status", "accessKeyId", k.accessKeyId(), "status", "Inactive").statusCode())
        .isEqualTo(302);
    assertThat(s.store.accessKeys().accessKey(k.accessKeyId()).orElseThrow().active()).isFalse();
    assertThat(s.get(root, "/console/users/keyed").body()).contains("<td class=\"status\">Inactive</td>")
        .contains(">Activate</button>");
    assertThat(post("/console/users/keyed/keys/delete", "accessKeyId", k.accessKeyId()).statusCode()).isEqualTo(302);
    assertThat(s.store.accessKeys().listAccessKeys(acct, "keyed")).isEmpty();
    // a user's tags, added and removed
    assertThat(post("/console/users/keyed/tags", "tagKey", "aws:nope", "tagValue", "x").body())
        .contains("User-defined tag keys can&#39;t start with &quot;aws:&quot;").contains("value=\"aws:nope\"");
    assertThat(post("/console/users/keyed/tags", "tagKey", "cost", "tagValue", "42").statusCode()).isEqualTo(302);
    assertThat(s.store.tags().userTags(acct, "keyed")).containsEntry("cost", "42");
    assertThat(post("/console/users/keyed/untag", "tagKey", "cost").statusCode()).isEqualTo(302);
    assertThat(s.store.tags().userTags(acct, "keyed")).isEmpty();
  }
}
