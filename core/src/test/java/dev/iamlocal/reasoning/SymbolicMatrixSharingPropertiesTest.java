package dev.iamlocal.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.reasoning.SymbolicMatrix.Cell;
import dev.iamlocal.reasoning.SymbolicMatrix.Subject;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The shared computation of many rows ({@link SymbolicMatrix#rows}: one action universe and one
 * compiled model per document, cells and rows shared between principals that agree on the keys the
 * statements read, replays remembered across policy sets) against each row computed alone
 * ({@link SymbolicMatrix#row}), over random accounts: a pool of random policies (variables in
 * resources and conditions, conditions on the principal's own keys, NotAction, Deny), principals
 * holding one or two of them, some with a boundary from the pool, users and roles with random
 * names and tags. Every cell must be the same (kind, condition, examples as printed, reason), and
 * a disagreement between prover and evaluator must be one in both; and the rows computed on one
 * thread and on several are the same, down to the order of each example's keys.
 */
class SymbolicMatrixSharingPropertiesTest {

  static final SymbolicMatrix MATRIX = SymbolicMatrix.bundled();

  static final List<String> ACTIONS = List.of("s3:GetObject", "s3:*", "s3:Get*", "s3:Put*", "*", "sagemaker:*",
      "sagemaker:Create*", "s3:GetObject*");

  static final List<String> ASKED = List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetObjectAcl",
      "sagemaker:CreateModel", "sagemaker:DescribeModel", "s3:NotInTheCatalog", "iam:GetUser");

  @Provide
  Arbitrary<String> policy() {
    Arbitrary<String> statement = Combinators.combine(
        Arbitraries.of("Allow", "Allow", "Deny"),
        Arbitraries.of(ACTIONS).list().ofMinSize(1).ofMaxSize(2), Arbitraries.of(false, false, false, true),
        Arbitraries.of(PolicyVariablesPropertiesTest.RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2),
        Arbitraries.of(PolicyVariablesPropertiesTest.CONDITIONS).list().ofMinSize(0).ofMaxSize(2)
            .uniqueElements(c -> c.substring(0, c.indexOf(':'))))
        .as((effect, actions, notAction, resources, conds) -> "{\"Effect\": \"" + effect + "\", \""
            + (notAction ? "NotAction" : "Action") + "\": " + ProverVsEvaluatorPropertiesTest.list(actions)
            + ", \"Resource\": " + ProverVsEvaluatorPropertiesTest.list(resources)
            + (conds.isEmpty() ? "" : ", \"Condition\": {" + String.join(", ", conds) + "}") + "}");
    return statement.list().ofMinSize(1).ofMaxSize(3)
        .map(ss -> "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", ss) + "]}");
  }

  /** A principal: which pool policies it holds, its boundary (or none), its name, kind and tag. */
  record Who(List<Integer> policies, int boundary, String name, boolean role, String team) {}

  @Provide
  Arbitrary<Who> who() {
    return Combinators.combine(Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(2).uniqueElements(),
        Arbitraries.integers().between(-3, 3), Arbitraries.of("a", "b", "ab", "x", "A"), Arbitraries.of(false, false, true),
        Arbitraries.of("a", "b", "", "a/b", "none"))
        .as(Who::new);
  }

  @Property(tries = 120)
  void rowsSharedAreTheRowsAlone(@ForAll("policy") String p0, @ForAll("policy") String p1,
      @ForAll("policy") String p2, @ForAll("policy") String p3,
      @ForAll("whos") List<Who> whos, @ForAll("resources") String resource) {
    List<String> pool = List.of(p0, p1, p2, p3);
    List<Subject> subjects = new ArrayList<>();
    for (int i = 0; i < whos.size(); i++) {
      Who w = whos.get(i);
      List<String> held = new ArrayList<>();
      w.policies().forEach(j -> held.add(pool.get(j)));
      String arn = "arn:aws:iam::111122223333:" + (w.role() ? "role/" : "user/") + w.name();
      Map<String, String> tags = w.team().equals("none") ? Map.of() : Map.of("team", w.team());
      Map<String, String> keys = new LinkedHashMap<>(SymbolicMatrix.principalKeys(Principal.parse(arn),
          (w.role() ? "AROA" : "AIDA") + (1000 + i), tags));
      subjects.add(new Subject((w.role() ? "role/" : "user/") + w.name() + "#" + i, held,
          w.boundary() < 0 ? null : pool.get(w.boundary()), keys));
    }
    List<List<Cell>> alone = new ArrayList<>();
    RuntimeException aloneFailed = null;
    try {
      for (Subject s : subjects) {
        alone.add(MATRIX.row(s, ASKED, resource));
      }
    } catch (ProverDisagreement e) {
      aloneFailed = e;
    }
    List<List<Cell>> shared = null;
    RuntimeException sharedFailed = null;
    try {
      shared = MATRIX.rows(subjects, ASKED, resource);
    } catch (ProverDisagreement e) {
      sharedFailed = e;
    }
    // a disagreement is never dropped by sharing (it may be met at another principal first)
    assertThat(sharedFailed != null).as("a prover-evaluator disagreement in rows() as in row()")
        .isEqualTo(aloneFailed != null);
    if (aloneFailed == null) {
      SymbolicMatrixSharingTest.assertSameCells(subjects, shared, alone);
      // on one thread and on several (more than the processors): the same rows, key for key
      SymbolicMatrixSharingTest.assertSameRowsInOrder(MATRIX.withParallelism(3).rows(subjects, ASKED, resource),
          MATRIX.withParallelism(1).rows(subjects, ASKED, resource));
    }
  }

  @Provide
  Arbitrary<List<Who>> whos() {
    return who().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> resources() {
    return Arbitraries.of("*", "*", "arn:aws:s3:::b/a/x", "arn:aws:s3:::b/*");
  }
}
