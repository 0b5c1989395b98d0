package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamStoreTest {

  @TempDir Path dir;
  IamStore store;
  String acct;

  @BeforeEach
  void open() {
    store = openStore();
    acct = store.accounts().createAccount().accountId();
  }

  /** Opens (or reopens) the store under test; {@link PostgresIamStoreTest} runs this suite on PostgreSQL. */
  IamStore openStore() {
    return IamStore.openSqlite(dir.resolve("iam.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void idsHaveAwsPrefixesAndAccountIdsTwelveDigits() {
    assertThat(acct).matches("[1-9][0-9]{11}");
    User u = store.users().createUser(acct, "alice", null, Map.of());
    assertThat(u.userId()).matches("AIDA[A-Z0-9]{16}");
    assertThat(u.arn()).isEqualTo("arn:aws:iam::" + acct + ":user/alice");
    assertThat(store.groups().createGroup(acct, "g", "/team/").groupId()).matches("AGPA[A-Z0-9]{16}");
    assertThat(store.roles().createRole(acct, "r", null, null, "{}", null).roleId()).matches("AROA[A-Z0-9]{16}");
    CustomerPolicy p = store.policies().createPolicy(acct, "p", "/x/", null, "{}");
    assertThat(p.policyId()).matches("ANPA[A-Z0-9]{16}");
    assertThat(p.arn()).isEqualTo("arn:aws:iam::" + acct + ":policy/x/p");
    AccessKey k = store.accessKeys().createAccessKey(acct, "alice");
    assertThat(k.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
    assertThat(k.secret()).hasSize(40);
    assertThat(k.toString()).doesNotContain(k.secret());
  }

  @Test
  void namesAreUniqueCaseInsensitively() {
    store.users().createUser(acct, "Alice", null, null);
    assertThatThrownBy(() -> store.users().createUser(acct, "ALICE", null, null))
        .isInstanceOf(IamException.EntityAlreadyExists.class).hasMessage("User with name ALICE already exists.");
    assertThat(store.users().getUser(acct, "alice").name()).isEqualTo("Alice");
    store.policies().createPolicy(acct, "P1", null, null, "{}");
    assertThatThrownBy(() -> store.policies().createPolicy(acct, "p1", "/other/", null, "{}"))
        .isInstanceOf(IamException.EntityAlreadyExists.class);
  }

  @Test
  void missingEntitiesAreNoSuchEntity() {
    assertThatThrownBy(() -> store.users().getUser(acct, "nobody"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessage("The user with name nobody cannot be found.");
    assertThatThrownBy(() -> store.policies().getPolicy(acct, "arn:aws:iam::" + acct + ":policy/none"))
        .hasMessage("Policy arn:aws:iam::" + acct + ":policy/none was not found.");
    store.users().createUser(acct, "u", null, null);
    assertThatThrownBy(() -> store.policies().attachPolicy(acct, EntityType.USER, "u", "arn:aws:iam::aws:policy/NoSuchThing"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessageContaining("does not exist or is not attachable");
  }

  @Test
  void deleteUserConflictsUntilDependentsAreGone() {
    store.users().createUser(acct, "u", null, null);
    store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "inl", "{}");
    assertThatThrownBy(() -> store.users().deleteUser(acct, "u")).isInstanceOf(IamException.DeleteConflict.class)
        .hasMessage("Cannot delete entity, must delete policies first.");
    store.accessKeys().createAccessKey(acct, "u");
    assertThatThrownBy(() -> store.users().deleteUser(acct, "u")).hasMessage("Cannot delete entity, must delete access keys first.");
  }

  @Test
  void quotas() {
    store.users().createUser(acct, "u", null, null);
    for (int i = 0; i < 10; i++) {
      store.groups().createGroup(acct, "g" + i, null);
      store.groups().addUserToGroup(acct, "g" + i, "u");
    }
    store.groups().createGroup(acct, "g10", null);
    assertThatThrownBy(() -> store.groups().addUserToGroup(acct, "g10", "u"))
        .isInstanceOf(IamException.LimitExceeded.class).hasMessage("Cannot exceed quota for GroupsPerUser: 10");
    for (int i = 0; i < 10; i++) {
      store.policies().attachPolicy(acct, EntityType.USER, "u", store.policies().createPolicy(acct, "p" + i, null, null, "{}").arn());
    }
    String eleventh = store.policies().createPolicy(acct, "p10", null, null, "{}").arn();
    assertThatThrownBy(() -> store.policies().attachPolicy(acct, EntityType.USER, "u", eleventh))
        .isInstanceOf(IamException.LimitExceeded.class).hasMessage("Cannot exceed quota for PoliciesPerUser: 10");
    // 2,048 non-whitespace characters per user, whitespace not counted
    String big = "{\"a\":\"" + "x".repeat(2040) + "\"}";
    assertThat(Policies.nonWhitespaceLength(big)).isEqualTo(2048);
    store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "big", big + "   \n ");
    assertThatThrownBy(() -> store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "more", "{}"))
        .isInstanceOf(IamException.LimitExceeded.class);
    String arn = store.policies().getPolicy(acct, eleventh).arn();
    for (int i = 0; i < 4; i++) {
      store.policies().createPolicyVersion(acct, arn, "{}", i == 3);
    }
    assertThat(store.policies().getPolicy(acct, arn).defaultVersionId()).isEqualTo("v5");
    assertThatThrownBy(() -> store.policies().createPolicyVersion(acct, arn, "{}", false))
        .isInstanceOf(IamException.LimitExceeded.class);
    store.accessKeys().createAccessKey(acct, "u");
    store.accessKeys().createAccessKey(acct, "u");
    assertThatThrownBy(() -> store.accessKeys().createAccessKey(acct, "u"))
        .hasMessage("Cannot exceed quota for AccessKeysPerUser: 2");
  }

  @Test
  void policiesOfUserIncludeGroupsAndAwsManagedOnce() {
    store.users().createUser(acct, "u", null, null);
    store.groups().createGroup(acct, "g", null);
    store.groups().addUserToGroup(acct, "g", "u");
    store.inlinePolicies().putInlinePolicy(acct, EntityType.USER, "u", "own", "{\"u\":1}");
    store.inlinePolicies().putInlinePolicy(acct, EntityType.GROUP, "g", "team", "{\"g\":1}");
    String ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    store.policies().attachPolicy(acct, EntityType.USER, "u", ro);
    store.policies().attachPolicy(acct, EntityType.GROUP, "g", ro);
    String cust = store.policies().createPolicy(acct, "cust", null, null, "{\"c\":1}").arn();
    store.policies().attachPolicy(acct, EntityType.GROUP, "g", cust);
    assertThat(store.users().policiesOfUser(acct, "u")).extracting(IdentityPolicy::id, IdentityPolicy::sourceType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("own", "user"),
            org.assertj.core.groups.Tuple.tuple("ReadOnlyAccess", "aws-managed"),
            org.assertj.core.groups.Tuple.tuple("team", "group"),
            org.assertj.core.groups.Tuple.tuple("cust", "user-managed"));
    assertThat(store.policies().getPolicy(acct, cust).attachmentCount()).isEqualTo(1);
  }

  @Test
  void stateSurvivesReopening() {
    store.users().createUser(acct, "kept", "/p/", Map.of("team", "a"));
    AccessKey k = store.accessKeys().createAccessKey(acct, null);
    store.close();
    store = openStore();
    assertThat(store.users().getUser(acct, "kept").path()).isEqualTo("/p/");
    assertThat(store.tags().userTags(acct, "kept")).containsEntry("team", "a");
    assertThat(store.accessKeys().accessKey(k.accessKeyId())).get().extracting(AccessKey::secret).isEqualTo(k.secret());
    assertThat(store.accessKeys().accessKey(k.accessKeyId()).get().userName()).isNull();
  }

  @Test
  void failedWriteLeavesNothingBehind() {
    store.users().createUser(acct, "u", null, null);
    // the tag insert fails after the user row was written: the whole transaction must roll back
    java.util.Map<String, String> tooLong = new java.util.LinkedHashMap<>();
    tooLong.put("k", null);
    assertThatThrownBy(() -> store.users().createUser(acct, "v", null, tooLong)).isInstanceOf(RuntimeException.class);
    assertThat(store.users().listUsers(acct, null)).extracting(User::name).containsExactly("u");
  }

  @Test
  void aSessionKeepsItsTagsAndWhichOfThemAreTransitive() {
    Role r = store.roles().createRole(acct, "chained", null, null, "{}", null);
    java.time.Instant now = java.time.Instant.ofEpochSecond(java.time.Instant.now().getEpochSecond());
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put("Star", "1");
    tags.put("He=art", "1"); // '=' is escaped in the tags column, not in transitive_tag_keys
    tags.put("Project", "a=b\nc");
    store.sessions().createSession(new StsSession("ASIATRANSITIVE000001", acct, "s", "t", r.roleId(), r.arn(), "one", null,
        java.util.List.of(), tags, null, now, now.plusSeconds(3600), java.util.List.of("Star", "He=art")));
    store.sessions().createSession(new StsSession("ASIATRANSITIVE000002", acct, "s", "t", r.roleId(), r.arn(), "two", null,
        java.util.List.of(), Map.of("Project", "x"), null, now, now.plusSeconds(3600)));
    StsSession one = store.sessions().session("ASIATRANSITIVE000001").orElseThrow();
    assertThat(one.tags()).isEqualTo(tags);
    assertThat(one.transitiveTagKeys()).containsExactly("Star", "He=art");
    assertThat(one.transitiveTags()).containsExactly(Map.entry("Star", "1"), Map.entry("He=art", "1"));
    assertThat(store.sessions().session("ASIATRANSITIVE000002").orElseThrow().transitiveTagKeys()).isEmpty();
    // a session stored before migration V23 has NULL there: no transitive tags
    store.jdbc().writeUnversioned(c -> Jdbc.update(c, "UPDATE sts_sessions SET transitive_tag_keys = NULL"));
    assertThat(store.sessions().session("ASIATRANSITIVE000001").orElseThrow().transitiveTagKeys()).isEmpty();
    // a transitive key must name one of the session's tags
    assertThatThrownBy(() -> new StsSession("ASIATRANSITIVE000003", acct, "s", "t", r.roleId(), r.arn(), "three",
        null, java.util.List.of(), Map.of("Project", "x"), null, now, now.plusSeconds(3600),
        java.util.List.of("Star"))).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Hole 5: two accounts in one store. Every lookup by policy ARN, entity id, resource ARN or
   * session role is scoped to the account asking: another account's policy is not found (AWS's
   * NoSuchEntity texts), cannot be changed, read, tagged, attached or deleted, and its data does not
   * leak into this account's counts.
   */
  @Test
  void hole05_policyArnOfAnotherAccountIsNoSuchEntity() {
    String other = store.accounts().createAccount().accountId();
    String arnB = store.policies().createPolicy(other, "theirs", null, null, "{\"b\":1}").arn();
    store.users().createUser(other, "ub", null, null);
    store.policies().attachPolicy(other, EntityType.USER, "ub", arnB);
    String ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    store.policies().attachPolicy(other, EntityType.USER, "ub", ro);
    store.policies().setPermissionsBoundary(other, EntityType.USER, "ub", arnB);
    Role rb = store.roles().createRole(other, "rb", null, null, "{}", null);
    User ub = store.users().getUser(other, "ub");
    store.users().createUser(acct, "ua", null, null);
    String notFound = "Policy " + arnB + " was not found.";
    String versionNotFound = "Policy " + arnB + " version v1 does not exist or is not attachable.";

    assertNoSuchEntity(() -> store.policies().getPolicy(acct, arnB), notFound);
    assertNoSuchEntity(() -> store.policies().getPolicyVersion(acct, arnB, "v1"), versionNotFound);
    assertNoSuchEntity(() -> store.policies().listPolicyVersions(acct, arnB), notFound);
    assertNoSuchEntity(() -> store.policies().createPolicyVersion(acct, arnB, "{\"a\":1}", true), notFound);
    assertNoSuchEntity(() -> store.policies().setDefaultPolicyVersion(acct, arnB, "v1"), versionNotFound);
    assertNoSuchEntity(() -> store.policies().deletePolicyVersion(acct, arnB, "v1"), versionNotFound);
    assertNoSuchEntity(() -> store.policies().deletePolicy(acct, arnB), notFound);
    assertNoSuchEntity(() -> store.tags().tag(acct, "policy", arnB, Map.of("k", "v")), notFound);
    assertNoSuchEntity(() -> store.tags().untag(acct, "policy", arnB, java.util.List.of("k")), notFound);
    assertNoSuchEntity(() -> store.tags().tagsOf(acct, "policy", arnB), notFound);
    assertNoSuchEntity(() -> store.policies().entitiesForPolicy(acct, arnB), "Policy " + arnB
        + " does not exist or is not attachable.");
    assertNoSuchEntity(() -> store.policies().attachPolicy(acct, EntityType.USER, "ua", arnB),
        "Policy " + arnB + " does not exist or is not attachable.");
    assertNoSuchEntity(() -> store.policies().setPermissionsBoundary(acct, EntityType.USER, "ua", arnB),
        "Scope ARN: " + arnB + " does not exist or is not attachable.");
    assertNoSuchEntity(() -> store.users().createUser(acct, "ua2", null, null, arnB),
        "Scope ARN: " + arnB + " does not exist or is not attachable.");
    assertThat(store.policies().managedPolicyDocument(acct, arnB)).isEmpty();
    assertThat(store.users().userById(acct, ub.userId())).isEmpty();
    assertThat(store.roles().roleById(acct, rb.roleId())).isEmpty();
    // AWS managed policies are everyone's, their use is each account's own
    assertThat(store.policies().attachmentCounts(acct)).doesNotContainKeys(ro, arnB);
    assertThat(store.policies().boundaryUsageCounts(acct)).doesNotContainKey(arnB);
    java.time.Instant now = java.time.Instant.now();
    assertNoSuchEntity(() -> store.sessions().createSession(new StsSession("ASIACROSSACCOUNT0001", acct, "s", "t", rb.roleId(),
        rb.arn(), "x", null, java.util.List.of(), Map.of(), null, now, now.plusSeconds(3600))),
        "The role with name rb cannot be found.");

    // the owner still sees its own, untouched
    CustomerPolicy theirs = store.policies().getPolicy(other, arnB);
    assertThat(theirs.defaultVersionId()).isEqualTo("v1");
    assertThat(store.policies().listPolicyVersions(other, arnB)).extracting(StoredPolicyVersion::versionId).containsExactly("v1");
    assertThat(store.policies().getPolicyVersion(other, arnB, "v1").document()).isEqualTo("{\"b\":1}");
    assertThat(store.tags().tagsOf(other, "policy", arnB)).isEmpty();
    assertThat(store.policies().managedPolicyDocument(other, arnB)).contains("{\"b\":1}");
    assertThat(store.users().userById(other, ub.userId())).contains(ub);
    assertThat(store.roles().roleById(other, rb.roleId())).contains(rb);
    assertThat(store.policies().attachmentCounts(other)).containsEntry(ro, 1).containsEntry(arnB, 1);
    assertThat(store.policies().boundaryUsageCounts(other)).containsEntry(arnB, 1);
    assertThat(store.users().policiesOfUser(other, "ub")).extracting(IdentityPolicy::arn).containsExactly(arnB, ro);
    assertThatThrownBy(() -> store.policies().setDefaultPolicyVersion(other, arnB, "v2"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessage(versionNotFound.replace("v1", "v2"));
  }

  /** Hole 5, SageMaker: a resource is found, changed, tagged and deleted only through its own account. */
  @Test
  void hole05_sageMakerResourceOfAnotherAccountIsNotFound() {
    String other = store.accounts().createAccount().accountId();
    SageMakerStore sm = new SageMakerStore(store);
    java.time.Instant t = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
    String arn = "arn:aws:sagemaker:us-east-1:" + other + ":model/m";
    sm.create(new SageMakerResource(arn, other, "us-east-1", "model", "m", "{}", "Created", t, t, t,
        Map.of("team", "b")), 10);
    assertThat(sm.byArn(acct, arn)).isEmpty();
    assertThat(sm.update(acct, arn, null, "Deleting", "{\"x\":1}", t)).isFalse();
    assertThatThrownBy(() -> sm.addTags(acct, arn, Map.of("team", "a"))).isInstanceOf(SageMakerStore.NotFound.class);
    assertThatThrownBy(() -> sm.deleteTags(acct, arn, java.util.List.of("team")))
        .isInstanceOf(SageMakerStore.NotFound.class);
    assertThat(sm.delete(acct, arn)).isFalse();
    SageMakerResource kept = sm.byArn(other, arn).orElseThrow();
    assertThat(kept.status()).isEqualTo("Created");
    assertThat(kept.body()).isEqualTo("{}");
    assertThat(kept.tags()).containsExactly(Map.entry("team", "b"));
    assertThat(sm.delete(other, arn)).isTrue();
  }

  /**
   * Hole 6: CreateUser's PermissionsBoundary is stored with the user, in the same transaction; a
   * boundary that does not exist creates nothing (the same for CreateRole, which used to create the
   * role and then fail).
   */
  @Test
  void hole06_createUserStoresItsPermissionsBoundaryAtomically() {
    String boundary = store.policies().createPolicy(acct, "limit", null, null, "{}").arn();
    User u = store.users().createUser(acct, "bounded", null, Map.of("k", "v"), boundary);
    assertThat(u.permissionsBoundaryArn()).isEqualTo(boundary);
    assertThat(store.users().getUser(acct, "bounded").permissionsBoundaryArn()).isEqualTo(boundary);
    assertThat(store.tags().userTags(acct, "bounded")).containsEntry("k", "v");
    assertThat(store.policies().boundaryUsageCounts(acct)).containsEntry(boundary, 1);
    String ro = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    assertThat(store.users().createUser(acct, "awsBounded", null, null, ro).permissionsBoundaryArn()).isEqualTo(ro);

    String missing = "arn:aws:iam::" + acct + ":policy/none";
    assertNoSuchEntity(() -> store.users().createUser(acct, "ghost", null, Map.of("k", "v"), missing),
        "Scope ARN: " + missing + " does not exist or is not attachable.");
    assertThatThrownBy(() -> store.users().getUser(acct, "ghost")).isInstanceOf(IamException.NoSuchEntity.class);
    assertNoSuchEntity(() -> store.roles().createRole(acct, "ghost", null, null, "{}", null, missing, Map.of("k", "v")),
        "Scope ARN: " + missing + " does not exist or is not attachable.");
    assertThatThrownBy(() -> store.roles().getRole(acct, "ghost")).isInstanceOf(IamException.NoSuchEntity.class);
    Role r = store.roles().createRole(acct, "bounded", null, null, "{}", null, boundary, Map.of("k", "v"));
    assertThat(store.roles().getRole(acct, "bounded")).isEqualTo(r);
    assertThat(r.permissionsBoundaryArn()).isEqualTo(boundary);
    assertThat(store.tags().tagsOf(acct, "role", "bounded")).containsEntry("k", "v");
  }

  private static void assertNoSuchEntity(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(IamException.NoSuchEntity.class).hasMessage(message);
  }

  // ---------------------------------------------------------------- trust policy principals (finding F1)

  /** A trust policy naming {@code principals} (JSON string values, written as given) under "AWS", with two spaces' indent. */
  static String trustOf(String... principals) {
    StringBuilder aws = new StringBuilder();
    for (String p : principals) {
      aws.append(aws.length() == 0 ? "" : ", ").append('"').append(p).append('"');
    }
    return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\",\n    \"Principal\": {\"AWS\": ["
        + aws + "], \"Service\": \"ec2.amazonaws.com\"},\n    \"Action\": \"sts:AssumeRole\",\n"
        + "    \"Condition\": {\"StringEquals\": {\"aws:PrincipalArn\": \"" + principals[0] + "\"}}}]\n}";
  }

  /**
   * A user or role a trust policy names is bound to the entity the ARN names when the policy is
   * saved; deleted and created again under the same name, it is another entity: the policy shows
   * the old unique id in the ARN's place (IAM User Guide, "AWS JSON policy elements: Principal"),
   * everywhere a role is read, in this account and across accounts.
   */
  @Test
  void trustPolicyPrincipalDeletedAndRecreatedNoLongerMatches() {
    String other = store.accounts().createAccount().accountId();
    User u2 = store.users().createUser(other, "u2", null, null);
    Role r2 = store.roles().createRole(other, "r2", "/svc/", null, "{}", null);
    User local = store.users().createUser(acct, "local", "/team/", null);
    String u2Arn = "arn:aws:iam::" + other + ":user/u2";
    String r2Arn = "arn:aws:iam::" + other + ":role/svc/r2";
    String localArn = "arn:aws:iam::" + acct + ":user/team/local";
    String doc = trustOf(u2Arn, r2Arn, localArn, "arn:aws:iam::" + other + ":root", other, "*",
        "arn:aws:sts::" + other + ":assumed-role/r2/s");
    Role x = store.roles().createRole(acct, "x-u2", null, null, doc, null);
    assertThat(x.trustPolicy()).isEqualTo(doc);
    assertThat(store.roles().getRole(acct, "x-u2").trustPolicy()).isEqualTo(doc);

    store.users().deleteUser(other, "u2");
    store.roles().deleteRole(other, "r2");
    store.users().createUser(other, "u2", null, null);
    store.roles().createRole(other, "r2", "/svc/", null, "{}", null);
    String shown = trustOf(u2.userId(), r2.roleId(), localArn, "arn:aws:iam::" + other + ":root", other, "*",
        "arn:aws:sts::" + other + ":assumed-role/r2/s")
        // a condition's ARN is not a principal: it stays as written
        .replace("\"aws:PrincipalArn\": \"" + u2.userId() + "\"", "\"aws:PrincipalArn\": \"" + u2Arn + "\"");
    assertThat(store.roles().getRole(acct, "x-u2").trustPolicy()).isEqualTo(shown);
    assertThat(store.roles().listRoles(acct, null)).singleElement().extracting(Role::trustPolicy).isEqualTo(shown);
    assertThat(store.roles().roleById(acct, x.roleId()).orElseThrow().trustPolicy()).isEqualTo(shown);
    assertThat(store.roles().updateRole(acct, "x-u2", "d", null).trustPolicy()).isEqualTo(shown);

    // saved again with the ARNs, the policy names the new entities
    store.roles().updateAssumeRolePolicy(acct, "x-u2", doc);
    assertThat(store.roles().getRole(acct, "x-u2").trustPolicy()).isEqualTo(doc);
    // a renamed user is still the one bound: IAM shows its new ARN
    store.users().updateUser(acct, "local", "renamed", null);
    assertThat(store.roles().getRole(acct, "x-u2").trustPolicy())
        .isEqualTo(doc.replace("\"" + localArn + "\"", "\"arn:aws:iam::" + acct + ":user/team/renamed\""));
    assertThat(local.userId()).isNotNull();
  }

  /** IAM refuses to save a trust policy naming a user or role that does not exist (AWS's exact text). */
  @Test
  void trustPolicyNamingNoEntityIsRefused() {
    String other = store.accounts().createAccount().accountId();
    store.users().createUser(other, "u2", "/p/", null);
    store.roles().createRole(acct, "ok", null, null, trustOf("arn:aws:iam::" + acct + ":root"), null);
    for (String ghost : java.util.List.of(
        "arn:aws:iam::" + acct + ":user/ghost",
        "arn:aws:iam::" + acct + ":role/ghost",
        "arn:aws:iam::" + other + ":user/u2", // the user is at path /p/
        "arn:aws:iam::" + other + ":user/p/U2", // the name part is case-sensitive
        "arn:aws:iam::123456789012:user/u2", // an account this store does not hold
        "arn:aws:iam::" + acct + ":role/self", // the role being created does not exist yet
        "AIDAGHOSTGHOSTGHOST1")) { // a unique id as GetRole shows a deleted principal's
      String message = "Invalid principal in policy: \"AWS\":\"" + ghost + "\"";
      assertThatThrownBy(() -> store.roles().createRole(acct, "self", null, null, trustOf(ghost), null))
          .isInstanceOf(IamException.MalformedPolicyDocument.class).hasMessage(message)
          .extracting(e -> ((IamException) e).code()).isEqualTo("MalformedPolicyDocument");
      assertThatThrownBy(() -> store.roles().updateAssumeRolePolicy(acct, "ok", trustOf(ghost)))
          .isInstanceOf(IamException.MalformedPolicyDocument.class).hasMessage(message);
    }
    assertThat(store.roles().listRoles(acct, null)).extracting(Role::name).containsExactly("ok");
    assertThat(store.roles().getRole(acct, "ok").trustPolicy()).isEqualTo(trustOf("arn:aws:iam::" + acct + ":root"));
    // once it exists, a role may trust itself; the ghost, created later, is not trusted by name alone
    store.roles().createRole(acct, "self", null, null, "{}", null);
    store.roles().updateAssumeRolePolicy(acct, "self", trustOf("arn:aws:iam::" + acct + ":role/self"));
    store.roles().createRole(acct, "trusts-other", null, null, trustOf("arn:aws:iam::" + other + ":user/p/u2"), null);
    store.roles().deleteRole(acct, "trusts-other");
    assertThat(store.roles().listRoles(acct, null)).extracting(Role::name).containsExactly("ok", "self");
  }

  @Test
  void policyTagKeysAreCaseSensitiveAndUserTagKeysAreNot() {
    CustomerPolicy p = store.policies().createPolicy(acct, "tagged", null, null, "{}",
        new java.util.LinkedHashMap<>(Map.of("abc", "1")));
    store.tags().tag(acct, "policy", p.arn(), Map.of("a", "lower"));
    store.tags().tag(acct, "policy", p.arn(), Map.of("A", "upper"));
    store.tags().tag(acct, "policy", p.arn(), Map.of("z", "z"));
    // IAM's list order for a policy: shorter keys first, then by code point
    assertThat(store.tags().tagsOf(acct, "policy", p.arn())).containsExactly(Map.entry("A", "upper"),
        Map.entry("a", "lower"), Map.entry("z", "z"), Map.entry("abc", "1"));
    store.tags().untag(acct, "policy", p.arn(), java.util.List.of("a", "ABC"));
    assertThat(store.tags().tagsOf(acct, "policy", p.arn())).containsOnlyKeys("A", "z", "abc");

    store.users().createUser(acct, "tagged-user", null, Map.of("Dept", "finance"));
    store.tags().tag(acct, "user", "tagged-user", Map.of("dept", "hr"));
    assertThat(store.tags().tagsOf(acct, "user", "tagged-user")).containsExactly(Map.entry("dept", "hr"));
    store.tags().untag(acct, "user", "tagged-user", java.util.List.of("DEPT"));
    assertThat(store.tags().tagsOf(acct, "user", "tagged-user")).isEmpty();
  }

  @Test
  void anAwsManagedPolicyHasNoTags() {
    assertThat(store.tags().tagsOf(acct, "policy", "arn:aws:iam::aws:policy/ReadOnlyAccess")).isEmpty();
    assertThatThrownBy(() -> store.tags().tagsOf(acct, "policy", "arn:aws:iam::aws:policy/NoSuchManagedPolicy"))
        .isInstanceOf(IamException.NoSuchEntity.class)
        .hasMessage("Policy arn:aws:iam::aws:policy/NoSuchManagedPolicy was not found.");
  }

  @Test
  void removingANonMemberFromAGroupSucceeds() {
    store.users().createUser(acct, "outsider", null, null);
    store.groups().createGroup(acct, "club", null);
    store.groups().removeUserFromGroup(acct, "club", "outsider");
    assertThat(store.groups().groupMembers(acct, "club")).isEmpty();
    assertThatThrownBy(() -> store.groups().removeUserFromGroup(acct, "club", "nobody"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessage("The user with name nobody cannot be found.");
    assertThatThrownBy(() -> store.groups().removeUserFromGroup(acct, "no-club", "outsider"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessage("The group with name no-club cannot be found.");
    // neither exists: IAM names the user
    assertThatThrownBy(() -> store.groups().removeUserFromGroup(acct, "no-club", "nobody"))
        .isInstanceOf(IamException.NoSuchEntity.class).hasMessage("The user with name nobody cannot be found.");
  }

  @Test
  void entitiesForPolicyByAttachmentAndBoundary() {
    CustomerPolicy p = store.policies().createPolicy(acct, "used", null, null, "{}");
    store.users().createUser(acct, "both", null, null);
    store.users().createUser(acct, "attached", null, null);
    store.users().createUser(acct, "bounded", null, null, p.arn());
    store.roles().createRole(acct, "role-bounded", null, null, "{}", null, p.arn(), null);
    store.groups().createGroup(acct, "grp", null);
    store.policies().attachPolicy(acct, EntityType.USER, "both", p.arn());
    store.policies().attachPolicy(acct, EntityType.USER, "attached", p.arn());
    store.policies().attachPolicy(acct, EntityType.GROUP, "grp", p.arn());
    store.policies().setPermissionsBoundary(acct, EntityType.USER, "both", p.arn());
    // another account's user bounded by an AWS managed policy is not listed for this account
    String other = store.accounts().createAccount().accountId();
    store.users().createUser(other, "elsewhere", null, null, "arn:aws:iam::aws:policy/ReadOnlyAccess");

    java.util.function.Function<java.util.List<PolicyEntity>, java.util.List<String>> names =
        l -> l.stream().map(e -> e.type().word() + ":" + e.name()).toList();
    assertThat(names.apply(store.policies().entitiesForPolicy(acct, p.arn(), true, true)))
        .containsExactly("group:grp", "user:attached", "user:both", "user:bounded", "role:role-bounded");
    assertThat(names.apply(store.policies().entitiesForPolicy(acct, p.arn(), true, false)))
        .containsExactly("group:grp", "user:attached", "user:both");
    assertThat(names.apply(store.policies().entitiesForPolicy(acct, p.arn(), false, true)))
        .containsExactly("user:both", "user:bounded", "role:role-bounded");
    assertThat(store.policies().entitiesForPolicy(acct, "arn:aws:iam::aws:policy/ReadOnlyAccess", true, true)).isEmpty();
    // the policy counts its boundary users and roles
    assertThat(store.policies().getPolicy(acct, p.arn()).permissionsBoundaryUsageCount()).isEqualTo(3);
    assertThat(store.policies().getPolicy(acct, p.arn()).attachmentCount()).isEqualTo(3);
    assertThat(store.policies().listPolicies(acct)).singleElement().extracting(CustomerPolicy::permissionsBoundaryUsageCount)
        .isEqualTo(3);
    // a policy that is still some user's boundary cannot be deleted
    for (String u : java.util.List.of("both", "attached")) {
      store.policies().detachPolicy(acct, EntityType.USER, u, p.arn());
    }
    store.policies().detachPolicy(acct, EntityType.GROUP, "grp", p.arn());
    store.policies().setPermissionsBoundary(acct, EntityType.USER, "both", null);
    store.policies().setPermissionsBoundary(acct, EntityType.USER, "bounded", null);
    assertThatThrownBy(() -> store.policies().deletePolicy(acct, p.arn())).isInstanceOf(IamException.DeleteConflict.class)
        .hasMessage("Cannot delete a policy attached to entities.");
    store.policies().setPermissionsBoundary(acct, EntityType.ROLE, "role-bounded", null);
    store.policies().deletePolicy(acct, p.arn());
  }
}
