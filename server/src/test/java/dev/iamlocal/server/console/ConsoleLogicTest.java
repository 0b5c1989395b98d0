package dev.iamlocal.server.console;

import dev.iamlocal.server.authz.IamAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.server.MovingClock;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's logic without a browser: fixes, sessions, the matrix and its speed. */
class ConsoleLogicTest {

  private static String seed(String name) throws Exception {
    try (InputStream in = ConsoleLogicTest.class.getResourceAsStream("/console/seed-policies/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static EditorPages.Fix fixFor(String text, String code) {
    Finding f = Validator.validate(text, PolicyKind.IDENTITY, ValidationOptions.defaults()).stream()
        .filter(x -> x.issueCode().equals(code)).findFirst().orElseThrow();
    return EditorPages.fix(text, f);
  }

  private static String apply(String text, EditorPages.Fix fix) {
    return text.substring(0, (int) fix.start()) + fix.replacement() + text.substring((int) fix.end());
  }

  @Test
  void theDidYouMeanOfAnInvalidActionIsAOneClickFix() throws Exception {
    String text = seed("11-enforce-input-encryption-kms.json");
    EditorPages.Fix fix = fixFor(text, "INVALID_ACTION");
    assertThat(fix.replacement()).isEqualTo("\"sagemaker:CreateFlowDefinition\"");
    assertThat(text.substring((int) fix.start(), (int) fix.end())).isEqualTo("\"sagemaker:CreateFlowDefiniton\"");
    String fixed = apply(text, fix);
    assertThat(Validator.validate(fixed, PolicyKind.IDENTITY, ValidationOptions.defaults()))
        .noneMatch(f -> f.issueCode().equals("INVALID_ACTION"));
  }

  @Test
  void anUnknownServicePrefixKeepsTheActionPart() {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemakr:ListModels\","
        + "\"Resource\":\"*\"}]}";
    EditorPages.Fix fix = fixFor(text, "INVALID_SERVICE");
    assertThat(fix.replacement()).isEqualTo("\"sagemaker:ListModels\"");
  }

  @Test
  void aFindingWithoutAConcreteReplacementHasNoFix() {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:Zzzzzzzzzzzzzzzz\","
        + "\"Resource\":\"*\"}]}";
    Finding f = Validator.validate(text, PolicyKind.IDENTITY, ValidationOptions.defaults()).stream()
        .filter(x -> x.issueCode().equals("INVALID_ACTION")).findFirst().orElseThrow();
    assertThat(f.message()).doesNotContain("did you mean");
    assertThat(EditorPages.fix(text, f)).isNull();
  }

  /** Hole 14 in the console: its policy forms refuse what the Query API refuses, past 131,072 characters. */
  @Test
  void hole14_theConsoleRefusesADocumentLongerThanTheApiAllows() {
    String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"*\"}]}";
    assertThat(IamPages.refusals(doc + " ".repeat(131_072 - doc.length()))).isEmpty();
    assertThat(IamPages.refusals(doc + " ".repeat(200_000))).singleElement()
        .satisfies(f -> assertThat(f.issueCode()).isEqualTo("POLICY_DOCUMENT_TOO_LONG"));
  }

  @Test
  void sessionsExpireWhenIdleAndAfterTheAbsoluteLimit() {
    MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
    Sessions sessions = new Sessions(clock);
    Sessions.Session a = sessions.open("123456789012", null, null, "arn:aws:iam::123456789012:root", "AKIA1");
    assertThat(a.id()).matches("[0-9a-f]{64}").isNotEqualTo(a.csrf());
    assertThat(sessions.find(a.id())).contains(a);
    clock.advance(Sessions.IDLE.plusSeconds(1));
    assertThat(sessions.find(a.id())).isEmpty();

    Sessions.Session b = sessions.open("123456789012", null, null, "arn:aws:iam::123456789012:root", "AKIA1");
    for (Duration used = Duration.ZERO; used.compareTo(Sessions.ABSOLUTE) < 0; used = used.plus(Duration.ofMinutes(50))) {
      assertThat(sessions.find(b.id())).as("after %s of use", used).isPresent();
      clock.advance(Duration.ofMinutes(50));
    }
    assertThat(sessions.find(b.id())).isEmpty();
    Sessions.Session c = sessions.open("123456789012", "u", "AIDAEXAMPLE", "arn", "AKIA2");
    sessions.close(c.id());
    assertThat(sessions.find(c.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
  }

  @Test
  void theMatrixOfAHundredPrincipalsOverAllSageMakerActionsTakesSeconds(@TempDir Path dir) throws Exception {
    try (IamStore store = IamStore.openSqlite(dir.resolve("m.db"))) {
      String acct = store.accounts().createAccount().accountId();
      String seed14 = store.policies().createPolicy(acct, "seed14", "/", null, seed("14-enforce-training-instance-type.json")).arn();
      String[] attach = {seed14, "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",
          "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", null};
      for (int i = 0; i < 100; i++) {
        store.users().createUser(acct, "u" + i, "/", Map.of());
        if (attach[i % 4] != null) {
          store.policies().attachPolicy(acct, EntityType.USER, "u" + i, attach[i % 4]);
        }
      }
      List<String> actions = ServiceCatalog.bundled().expand("sagemaker:*").stream().map(a -> a.fullName()).toList();
      assertThat(actions).hasSizeGreaterThan(400);
      dev.iamlocal.server.authz.IamAuthorization auth = dev.iamlocal.server.authz.IamAuthorization.of(store, Clock.systemUTC());
      long t0 = System.nanoTime();
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        rows.add(AccessMatrix.row(auth, acct, "user/u" + i, actions));
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("access matrix: 100 principals x %d actions in %d ms%n", actions.size(), millis);
      assertThat(millis).isLessThan(10_000);
      int train = actions.indexOf("sagemaker:CreateTrainingJob");
      int list = actions.indexOf("sagemaker:ListModels");
      assertThat(rows.get(0).charAt(train)).isEqualTo('A');   // seed 14, no instance types in the request
      assertThat(rows.get(0).charAt(list)).isEqualTo('I');
      assertThat(rows.get(1).charAt(list)).isEqualTo('A');    // read-only
      assertThat(rows.get(1).charAt(train)).isEqualTo('I');
      assertThat(rows.get(2).chars().filter(ch -> ch == 'A').count()).isGreaterThan(actions.size() / 2);
      assertThat(rows.get(3)).matches("I+");                  // no policy at all
    }
  }

  @Test
  void aDecisionRowShowsItsDecisiveStatementsEscapedAndOnlyTheSessionsAccountIsVisible() {
    var r = new dev.iamlocal.store.DecisionRecord("0000000000001-ab-0000000001", Instant.parse("2026-01-02T03:04:05Z"),
        "arn:aws:iam::111122223333:user/eve", "s3:DeleteObject", "arn:aws:s3:::b/<x>", "explicitDeny",
        "with an explicit deny in an identity-based policy", null,
        "[{\"policyId\":\"Guard\",\"policyType\":\"identity\",\"sid\":\"NoDelete\",\"index\":0,\"effect\":\"Deny\"},"
            + "{\"policyId\":\"Other\",\"policyType\":\"identity\",\"sid\":null,\"index\":2,\"effect\":\"Deny\"}]",
        "{\"aws:TagKeys\":[\"a\",\"b\"]}");
    String html = DecisionPages.row(r);
    assertThat(html).contains("class=\"decision-row explicitDeny\"").contains("arn:aws:s3:::b/&lt;x&gt;")
        .contains("<strong class=\"deny\">Deny</strong> Guard <small>(identity)</small> · Sid NoDelete")
        .contains("Other <small>(identity)</small> · statement #3")   // "index": 2, the third statement
        .contains("<summary class=\"reason\">with an explicit deny in an identity-based policy</summary>")
        .contains("<dt>aws:TagKeys</dt><dd>a, b</dd>");
    var mine = new Sessions.Session("s", "c", "111122223333", null, null, "arn:aws:iam::111122223333:root", "k", Instant.EPOCH);
    var other = new Sessions.Session("s", "c", "444455556666", null, null, "arn:aws:iam::444455556666:root", "k", Instant.EPOCH);
    assertThat(DecisionPages.visible(mine, r)).isTrue();
    assertThat(DecisionPages.visible(other, r)).isFalse();
  }

  @Test
  void theConsoleRefusesWhatIamRefusesForEachKindOfPolicy() {
    // no Version: IAM refuses it as a managed policy (CreatePolicy), accepts it inline (PutUserPolicy)
    String noVersion = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    assertThat(IamPages.refusals(noVersion, dev.iamlocal.policy.IamPolicyGrammar.Use.MANAGED)).singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("Policy document must be version 2012-10-17 or greater."));
    assertThat(IamPages.refusals(noVersion, dev.iamlocal.policy.IamPolicyGrammar.Use.INLINE)).isEmpty();
    // a region in an S3 ARN: IAM's message, with the place in the document
    String region = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:us-east-1::example_bucket\"}]}";
    assertThat(IamPages.refusals(region)).first().satisfies(f -> {
      assertThat(f.message()).isEqualTo("Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.");
      assertThat(f.span().isKnown()).isTrue();
    });
  }
}
