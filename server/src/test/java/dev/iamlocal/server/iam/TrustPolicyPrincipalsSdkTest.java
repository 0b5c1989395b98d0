package dev.iamlocal.server.iam;

import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.store.AccessKey;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Findings F1 and F3 of the hostile probe. F1: a trust policy names a user or role by the entity
 * its ARN named when the policy was saved (its unique id), never by name; a principal that does not
 * exist is refused. F3: across accounts, AssumeRole's AccessDenied says no more for a role that
 * exists than for one that does not.
 */
class TrustPolicyPrincipalsSdkTest extends ServerFixture {

  static final String ASSUME_ANY = allow("sts:AssumeRole", "*");

  String acct2;
  IamClient root2;

  @BeforeAll
  void secondAccount() {
    acct2 = store.accounts().createAccount().accountId();
    AccessKey k = store.accessKeys().createAccessKey(acct2, null);
    root2 = iam(AwsBasicCredentials.create(k.accessKeyId(), k.secret()));
  }

  /** A user of {@code client}'s account allowed sts:AssumeRole on every role; its key's credentials. */
  AwsBasicCredentials assumer(IamClient client, String name) {
    client.createUser(r -> r.userName(name));
    client.putUserPolicy(r -> r.userName(name).policyName("assume").policyDocument(ASSUME_ANY));
    var k = client.createAccessKey(r -> r.userName(name)).accessKey();
    return AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey());
  }

  static void deleteUser(IamClient client, String name) {
    for (var k : client.listAccessKeys(r -> r.userName(name)).accessKeyMetadata()) {
      client.deleteAccessKey(r -> r.userName(name).accessKeyId(k.accessKeyId()));
    }
    client.deleteUserPolicy(r -> r.userName(name).policyName("assume"));
    client.deleteUser(r -> r.userName(name));
  }

  static String decoded(String document) {
    return URLDecoder.decode(document, StandardCharsets.UTF_8);
  }

  String trustPolicyOf(IamClient client, String role) {
    return decoded(client.getRole(r -> r.roleName(role)).role().assumeRolePolicyDocument());
  }

  String denial(StsClient sts, String roleArn) {
    try {
      sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("probe"));
    } catch (StsException e) {
      assertThat(e.statusCode()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      return e.awsErrorDetails().errorMessage();
    }
    throw new AssertionError("AssumeRole of " + roleArn + " was allowed");
  }

  /**
   * The probe's repro: account 2's user u2 is trusted by account 1's role x-u2; u2 is deleted and a
   * new u2 made with a fresh key. The new u2 is another entity: it is not trusted, and the role's
   * policy shows the old u2's unique id where the ARN was (GetRole, ListRoles,
   * GetAccountAuthorizationDetails alike).
   */
  @Test
  void trustPolicyPrincipalDeletedAndRecreatedNoLongerMatches() {
    AwsBasicCredentials u2 = assumer(root2, "u2");
    String oldId = root2.getUser(r -> r.userName("u2")).user().userId();
    String u2Arn = "arn:aws:iam::" + acct2 + ":user/u2";
    String doc = trust(u2Arn);
    String roleArn = root.createRole(r -> r.roleName("x-u2").assumeRolePolicyDocument(doc)).role().arn();
    assertThat(trustPolicyOf(root, "x-u2")).isEqualTo(doc);
    assertThat(sts(u2).assumeRole(r -> r.roleArn(roleArn).roleSessionName("ss")).credentials()).isNotNull();

    deleteUser(root2, "u2");
    AwsBasicCredentials newU2 = assumer(root2, "u2");
    assertThat(denial(sts(newU2), roleArn)).isEqualTo("User: " + u2Arn
        + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
    String shown = doc.replace(u2Arn, oldId);
    assertThat(trustPolicyOf(root, "x-u2")).isEqualTo(shown);
    assertThat(root.listRoles().roles()).filteredOn(r -> r.roleName().equals("x-u2")).singleElement()
        .satisfies(r -> assertThat(decoded(r.assumeRolePolicyDocument())).isEqualTo(shown));
    assertThat(root.getAccountAuthorizationDetails(r -> r.filter(EntityType.ROLE)).roleDetailList())
        .filteredOn(r -> r.roleName().equals("x-u2")).singleElement()
        .satisfies(r -> assertThat(decoded(r.assumeRolePolicyDocument())).isEqualTo(shown));
    // saving the shown policy again is refused as IAM refuses it; saving the ARN trusts the new u2
    assertInvalidPrincipal(() -> root.updateAssumeRolePolicy(r -> r.roleName("x-u2").policyDocument(shown)), oldId);
    root.updateAssumeRolePolicy(r -> r.roleName("x-u2").policyDocument(doc));
    assertThat(sts(newU2).assumeRole(r -> r.roleArn(roleArn).roleSessionName("ss")).credentials()).isNotNull();
  }

  /** The same within one account, with a role as the principal: its sessions are trusted no more. */
  @Test
  void trustedRoleDeletedAndRecreatedNoLongerMatches() {
    AwsBasicCredentials carol = assumer(root, "carol");
    String acctRoot = "arn:aws:iam::" + acct() + ":root";
    root.createRole(r -> r.roleName("hop").path("/chain/").assumeRolePolicyDocument(trust(acctRoot)));
    root.putRolePolicy(r -> r.roleName("hop").policyName("assume").policyDocument(ASSUME_ANY));
    String hopArn = "arn:aws:iam::" + acct() + ":role/chain/hop";
    String oldId = root.getRole(r -> r.roleName("hop")).role().roleId();
    String targetArn = root.createRole(r -> r.roleName("x-hop").assumeRolePolicyDocument(trust(hopArn))).role().arn();
    StsClient asHop = sts(session(sts(carol).assumeRole(r -> r.roleArn(hopArn).roleSessionName("cc")).credentials()));
    assertThat(asHop.assumeRole(r -> r.roleArn(targetArn).roleSessionName("hh")).credentials()).isNotNull();

    root.deleteRolePolicy(r -> r.roleName("hop").policyName("assume"));
    root.deleteRole(r -> r.roleName("hop"));
    root.createRole(r -> r.roleName("hop").path("/chain/").assumeRolePolicyDocument(trust(acctRoot)));
    root.putRolePolicy(r -> r.roleName("hop").policyName("assume").policyDocument(ASSUME_ANY));
    StsClient asNewHop = sts(session(sts(carol).assumeRole(r -> r.roleArn(hopArn).roleSessionName("cc"))
        .credentials()));
    // within the account the reason is given
    assertThat(denial(asNewHop, targetArn)).isEqualTo("User: arn:aws:sts::" + acct() + ":assumed-role/hop/cc is not"
        + " authorized to perform: sts:AssumeRole on resource: " + targetArn
        + " because the role's trust policy does not allow the sts:AssumeRole action");
    assertThat(trustPolicyOf(root, "x-hop")).isEqualTo(trust(oldId));
  }

  /**
   * CreateRole and UpdateAssumeRolePolicy refuse a user or role ARN that names no entity, with
   * IAM's MalformedPolicyDocument "Invalid principal in policy: "AWS":"…"": so a ghost created
   * later is never trusted.
   */
  @Test
  void principalsThatDoNotExistAreRefused() {
    root.createRole(r -> r.roleName("plain").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root")));
    root2.createUser(r -> r.userName("elsewhere").path("/p/"));
    for (String ghost : List.of("arn:aws:iam::" + acct() + ":user/ghost", "arn:aws:iam::" + acct() + ":role/ghost",
        "arn:aws:iam::" + acct2 + ":user/ghost", "arn:aws:iam::" + acct2 + ":user/elsewhere",
        "arn:aws:iam::123456789012:role/not-in-this-store")) {
      assertInvalidPrincipal(() -> root.createRole(r -> r.roleName("trusts-ghost").assumeRolePolicyDocument(
          trust(ghost))), ghost);
      assertInvalidPrincipal(() -> root.updateAssumeRolePolicy(r -> r.roleName("plain").policyDocument(trust(ghost))),
          ghost);
    }
    assertThatThrownBy(() -> root.getRole(r -> r.roleName("trusts-ghost")))
        .isInstanceOf(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class);
    assertThat(trustPolicyOf(root, "plain")).isEqualTo(trust("arn:aws:iam::" + acct() + ":root"));
    // once the user exists it may be named, and it is that user who is trusted
    AwsBasicCredentials ghost = assumer(root, "ghost");
    String arn = root.createRole(r -> r.roleName("trusts-ghost").assumeRolePolicyDocument(
        trust("arn:aws:iam::" + acct() + ":user/ghost"))).role().arn();
    assertThat(sts(ghost).assumeRole(r -> r.roleArn(arn).roleSessionName("gg")).credentials()).isNotNull();
  }

  /** Account, service, federated, everyone and session principals are not bound: any is accepted as written. */
  @Test
  void accountServiceAndSessionPrincipalsAreAcceptedAsWritten() {
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":["
        + "\"arn:aws:iam::" + acct2 + ":root\",\"" + acct2 + "\",\"arn:aws:iam::123456789012:root\","
        + "\"arn:aws:sts::" + acct2 + ":assumed-role/gone/session\",\"arn:aws:sts::" + acct2
        + ":federated-user/fed\"]},\"Action\":\"sts:AssumeRole\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"ec2.amazonaws.com\",\"sagemaker.amazonaws.com\"]},"
        + "\"Action\":\"sts:AssumeRole\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::" + acct() + ":saml-provider/idp\"},"
        + "\"Action\":\"sts:AssumeRoleWithSAML\"},"
        + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":"
        + "{\"aws:PrincipalArn\":\"arn:aws:iam::" + acct() + ":user/not-a-principal\"}}}]}";
    root.createRole(r -> r.roleName("broad").assumeRolePolicyDocument(doc));
    assertThat(trustPolicyOf(root, "broad")).isEqualTo(doc);
    // the account's users are trusted through the account principal
    AwsBasicCredentials u = assumer(root2, "via-account");
    assertThat(sts(u).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct() + ":role/broad").roleSessionName("aa"))
        .credentials()).isNotNull();
  }

  /**
   * F3: another account's user learns nothing of which roles exist: the same message for a role
   * whose trust policy does not name it and for a role that does not exist, with no reason.
   */
  @Test
  void crossAccountDenialsAreTheSameForExistingAndMissingRoles() {
    AwsBasicCredentials outsider = assumer(root2, "outsider");
    String existing = root.createRole(r -> r.roleName("not-for-you")
        .assumeRolePolicyDocument(trust("arn:aws:iam::" + acct() + ":root"))).role().arn();
    String missing = "arn:aws:iam::" + acct() + ":role/nonexistent";
    String prefix = "User: arn:aws:iam::" + acct2 + ":user/outsider is not authorized to perform: sts:AssumeRole on"
        + " resource: ";
    assertThat(denial(sts(outsider), existing)).isEqualTo(prefix + existing);
    assertThat(denial(sts(outsider), missing)).isEqualTo(prefix + missing);
    // a session of the other account likewise
    root2.createRole(r -> r.roleName("mine").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct2 + ":root")));
    root2.putRolePolicy(r -> r.roleName("mine").policyName("assume").policyDocument(ASSUME_ANY));
    StsClient asMine = sts(session(sts(outsider).assumeRole(r -> r.roleArn("arn:aws:iam::" + acct2 + ":role/mine")
        .roleSessionName("mm")).credentials()));
    String sessionPrefix = "User: arn:aws:sts::" + acct2 + ":assumed-role/mine/mm is not authorized to perform:"
        + " sts:AssumeRole on resource: ";
    assertThat(denial(asMine, existing)).isEqualTo(sessionPrefix + existing);
    assertThat(denial(asMine, missing)).isEqualTo(sessionPrefix + missing);
    // within the account the trust policy's refusal keeps its reason; a missing role has none
    AwsBasicCredentials insider = assumer(root, "insider");
    String inside = "User: arn:aws:iam::" + acct() + ":user/insider is not authorized to perform: sts:AssumeRole on"
        + " resource: ";
    root.createRole(r -> r.roleName("names-nobody").assumeRolePolicyDocument(trust("arn:aws:iam::" + acct2
        + ":root")));
    String namesNobody = "arn:aws:iam::" + acct() + ":role/names-nobody";
    assertThat(denial(sts(insider), namesNobody)).isEqualTo(inside + namesNobody
        + " because the role's trust policy does not allow the sts:AssumeRole action");
    assertThat(denial(sts(insider), missing)).isEqualTo(inside + missing);
  }

  static void assertInvalidPrincipal(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String principal) {
    assertThatThrownBy(call).isInstanceOfSatisfying(IamException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo("Invalid principal in policy: \"AWS\":\"" + principal + "\"");
    });
  }
}
