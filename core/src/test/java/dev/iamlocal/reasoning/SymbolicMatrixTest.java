package dev.iamlocal.reasoning;

import static dev.iamlocal.reasoning.SeedIntentsTest.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.reasoning.SymbolicMatrix.Cell;
import dev.iamlocal.reasoning.SymbolicMatrix.Kind;
import dev.iamlocal.reasoning.SymbolicMatrix.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The symbolic access matrix: ALWAYS / NEVER / CONDITIONAL per cell, its condition, and its replayed examples. */
class SymbolicMatrixTest {

  static final SymbolicMatrix MATRIX = SymbolicMatrix.bundled();

  static Subject user(String name, Map<String, String> keys, String boundary, String... policies) {
    return new Subject("user/" + name, List.of(policies), boundary, keys);
  }

  static Cell cell(Subject s, String action, String resource) {
    return MATRIX.row(s, List.of(action), resource).get(0);
  }

  @Test
  void aSubjectKeepsItsKeysInTheCallersOrder() {
    // the examples carry the principal's keys in this order: Map.copyOf's order changes from one JVM
    // to the next, which made --output json differ between two runs of the same input
    Map<String, String> keys = new java.util.LinkedHashMap<>();
    for (int i = 11; i >= 0; i--) {
      keys.put("aws:PrincipalTag/t" + i, "v" + i);
    }
    Subject s = new Subject("arn:aws:iam::111122223333:user/u", List.of(), null, keys);
    assertThat(s.keys().keySet()).containsExactlyElementsOf(keys.keySet());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.keys().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void seed21NeverChangesTagsAndActsElsewhereOnlyUnlessProjectB() {
    Subject dev = user("dev1", Map.of(), null, seed("21"));
    List<Cell> row = MATRIX.row(dev, List.of("sagemaker:AddTags", "sagemaker:DeleteTags",
        "sagemaker:DescribeNotebookInstance", "sagemaker:ListNotebookInstances", "s3:GetObject"), "*");
    assertThat(row).extracting(Cell::kind).containsExactly(Kind.NEVER, Kind.NEVER, Kind.CONDITIONAL,
        Kind.CONDITIONAL, Kind.NEVER);
    Cell describe = row.get(2);
    assertThat(describe.condition()).isEqualTo("unless sagemaker:ResourceTag/Project = B");
    assertThat(describe.allowExample().action()).isEqualTo("sagemaker:DescribeNotebookInstance");
    assertThat(describe.denyExample().context().get("sagemaker:ResourceTag/Project").values()).containsExactly("B");
    assertThat(row.get(0).denyExample()).isNotNull();
    assertThat(row.get(0).allowExample()).isNull();
  }

  @Test
  void seed14TrainsOnlyOnC5() {
    Cell c = cell(user("alice", Map.of(), null, seed("14")), "sagemaker:CreateTrainingJob", "*");
    assertThat(c.kind()).isEqualTo(Kind.CONDITIONAL);
    assertThat(c.condition()).contains("sagemaker:InstanceTypes ⊆ like ml.c5.*");
    assertThat(c.denyExample().context().get("sagemaker:InstanceTypes")).isNotNull();
  }

  @Test
  void anUnconditionalAllowIsAlwaysAndABoundaryCutsIt() {
    String all = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
    assertThat(cell(user("a", Map.of(), null, all), "s3:GetObject", "*").kind()).isEqualTo(Kind.ALWAYS);
    String boundary = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::public/*\"}]}";
    Subject bounded = user("b", Map.of(), boundary, all);
    assertThat(cell(bounded, "s3:PutObject", "*").kind()).isEqualTo(Kind.NEVER);
    Cell get = cell(bounded, "s3:GetObject", "*");
    assertThat(get.kind()).isEqualTo(Kind.CONDITIONAL);
    assertThat(get.condition()).isEqualTo("only if boundary: resource like arn:aws:s3:::public/*");
    assertThat(get.allowExample().resource()).startsWith("arn:aws:s3:::public/");
    // on one resource, the boundary decides: always there, never elsewhere
    assertThat(cell(bounded, "s3:GetObject", "arn:aws:s3:::public/a.txt").kind()).isEqualTo(Kind.ALWAYS);
    assertThat(cell(bounded, "s3:GetObject", "arn:aws:s3:::private/a.txt").kind()).isEqualTo(Kind.NEVER);
  }

  @Test
  void thePrincipalsOwnKeysArePinned() {
    String own = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetUser\","
        + "\"Resource\":\"arn:aws:iam::111122223333:user/${aws:username}\"}]}";
    Subject bob = user("bob", Map.of("aws:username", "bob"), null, own);
    assertThat(cell(bob, "iam:GetUser", "arn:aws:iam::111122223333:user/bob").kind()).isEqualTo(Kind.ALWAYS);
    assertThat(cell(bob, "iam:GetUser", "arn:aws:iam::111122223333:user/alice").kind()).isEqualTo(Kind.NEVER);
    // a role has no aws:username: the variable never resolves, the Allow never applies
    Subject role = new Subject("role/r", List.of(own), null, Map.of());
    assertThat(cell(role, "iam:GetUser", "*").kind()).isEqualTo(Kind.NEVER);

    String tagged = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:*\","
        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ml\"}}}]}";
    assertThat(cell(user("t1", Map.of("aws:PrincipalTag/team", "ml"), null, tagged), "sagemaker:ListModels", "*").kind())
        .isEqualTo(Kind.ALWAYS);
    assertThat(cell(user("t2", Map.of("aws:PrincipalTag/team", "web"), null, tagged), "sagemaker:ListModels", "*")
        .kind()).isEqualTo(Kind.NEVER);
    assertThat(cell(user("t3", Map.of(), null, tagged), "sagemaker:ListModels", "*").kind()).isEqualTo(Kind.NEVER);
  }

  @Test
  void conditionsReadAsWords() {
    String p = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"192.0.2.0/24\",\"203.0.113.0/24\"]},"
        + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}}]}";
    Cell c = cell(user("a", Map.of(), null, p), "s3:GetObject", "*");
    assertThat(c.kind()).isEqualTo(Kind.CONDITIONAL);
    assertThat(c.condition()).isEqualTo(
        "only if aws:SourceIp in one of {192.0.2.0/24, 203.0.113.0/24} and aws:SecureTransport = true");
    assertThat(c.allowExample().context().get("aws:SecureTransport").values().get(0)).isEqualToIgnoringCase("true");
  }

  @Test
  void actionsAlikeShareTheirAnswerButEachHasItsOwnExample() {
    List<Cell> row = MATRIX.row(user("d", Map.of(), null, seed("21")),
        List.of("sagemaker:DescribeModel", "sagemaker:DescribeEndpoint"), "*");
    assertThat(row).extracting(Cell::kind).containsOnly(Kind.CONDITIONAL);
    assertThat(row.get(1).allowExample().action()).isEqualTo("sagemaker:DescribeEndpoint");
    assertThat(row.get(1).denyExample().action()).isEqualTo("sagemaker:DescribeEndpoint");
  }

  /**
   * Many principals at once share work (the compiled policies, cells of principals that agree on
   * the keys the statements read): the answers are those of computing each row alone, and each
   * example carries its own principal's keys (and the evaluator confirms it: rows replays them).
   */
  @Test
  void rowsOfManyPrincipalsAreTheRowsOneByOne() {
    var managed = dev.iamlocal.catalog.ManagedPolicies.bundled();
    String project = managed.byName("SageMakerStudioProjectRoleMachineLearningPolicy").orElseThrow().document();
    String boundary = managed.byName("SageMakerStudioProjectUserRolePermissionsBoundary").orElseThrow().document();
    String own = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sagemaker:Describe*\","
        + "\"Resource\":\"arn:aws:sagemaker:*:*:*/${aws:username}-*\"}]}";
    List<Subject> subjects = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Map<String, String> keys = SymbolicMatrix.principalKeys(dev.iamlocal.request.Principal.parse(
          "arn:aws:iam::111122223333:user/u" + i), "AIDA" + (1000 + i), Map.of("AmazonDataZoneProject", "p" + i % 3,
          "EnableSageMakerMLWorkloadsPermissions", i % 2 == 0 ? "true" : "false", "other", "o" + i));
      List<String> policies = switch (i % 3) {
        case 0 -> List.of(seed("21"));
        case 1 -> List.of(project, seed("14"));
        default -> List.of(own);
      };
      subjects.add(new Subject("user/u" + i, policies, i % 4 == 1 ? boundary : null, keys));
    }
    List<String> actions = List.of("sagemaker:CreateTrainingJob", "sagemaker:CreateModel", "sagemaker:AddTags",
        "sagemaker:DescribeNotebookInstance", "sagemaker:DescribeModel", "sagemaker:ListModels");
    List<List<Cell>> together = MATRIX.rows(subjects, actions, "*");
    for (int i = 0; i < subjects.size(); i++) {
      List<Cell> alone = MATRIX.row(subjects.get(i), actions, "*");
      for (int j = 0; j < actions.size(); j++) {
        Cell t = together.get(i).get(j);
        Cell a = alone.get(j);
        assertThat(t.kind()).as("%s %s", subjects.get(i).name(), actions.get(j)).isEqualTo(a.kind());
        assertThat(t.condition()).isEqualTo(a.condition());
        assertThat(t.action()).isEqualTo(actions.get(j));
        for (Counterexample e : new Counterexample[] {t.allowExample(), t.denyExample()}) {
          if (e != null) {
            assertThat(e.action()).isEqualTo(actions.get(j));
            assertThat(e.context().get("aws:username").values()).containsExactly("u" + i);
            assertThat(e.context().get("aws:PrincipalTag/other").values()).containsExactly("o" + i);
          }
        }
      }
    }
  }
}
