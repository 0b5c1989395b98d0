package dev.iamlocal.reasoning;

import static dev.iamlocal.reasoning.SeedIntentsTest.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.reasoning.SymbolicMatrix.Cell;
import dev.iamlocal.reasoning.SymbolicMatrix.Subject;
import dev.iamlocal.request.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shared computation of many rows ({@link SymbolicMatrix#rows}) gives, cell for cell, what
 * each principal's row computed alone ({@link SymbolicMatrix#row}, no sharing) gives: the same
 * kind, the same condition text, the same examples (action, resource, caller, every context value)
 * and the same reason when undecided.
 */
class SymbolicMatrixSharingTest {

  static final SymbolicMatrix MATRIX = SymbolicMatrix.bundled();

  /**
   * The benchmark's principals ({@code SymbolicMatrixBench.principals}): the 23 seed policies and
   * the bundled SageMaker managed policies, one to three per principal, every seventh with the
   * SageMaker Studio boundary, each with its own name, id and cycling tags.
   */
  static List<Subject> benchPrincipals(int n) {
    List<String> pool = new ArrayList<>();
    for (int i = 1; i <= 23; i++) {
      pool.add(seed(String.format("%02d-", i)));
    }
    ManagedPolicies managed = ManagedPolicies.bundled();
    for (ManagedPolicies.Info i : managed.list()) {
      if (i.name().contains("SageMaker")) {
        pool.add(managed.byArn(i.arn()).orElseThrow().document());
      }
    }
    String boundary = managed.byName("SageMakerStudioProjectUserRolePermissionsBoundary").orElseThrow().document();
    List<Subject> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> policies = new ArrayList<>();
      for (int j = 0; j < 1 + i % 3; j++) {
        String p = pool.get((i * 7 + j * 13) % pool.size());
        if (!policies.contains(p)) {
          policies.add(p);
        }
      }
      String user = "user-" + i;
      Map<String, String> keys = new LinkedHashMap<>(SymbolicMatrix.principalKeys(
          Principal.parse("arn:aws:iam::111122223333:user/" + user), "AIDA" + (100000 + i),
          Map.of("team", "team-" + i % 10, "AmazonDataZoneProject", "p" + i % 25, "AmazonDataZoneDomain", "d" + i % 4,
              "DomainBucketName", "bucket-" + i % 4, "KmsKeyId", "key-" + i % 4)));
      out.add(new Subject("user/" + user, policies, i % 7 == 0 ? boundary : null, keys));
    }
    return out;
  }

  static List<String> sagemakerActions() {
    List<String> actions = new ArrayList<>();
    ServiceCatalog.bundled().service("sagemaker").orElseThrow().actions().forEach(a -> actions.add(a.fullName()));
    return actions;
  }

  /**
   * Every cell of {@code shared} is the cell of {@code alone}: kind, condition, reason, and examples
   * equal in action, resource, caller and every context key (its spelling) and value. The order
   * of the context's keys is not compared: a cell taken over from another principal keeps that
   * principal's order with this one's values.
   */
  static void assertSameCells(List<Subject> subjects, List<List<Cell>> shared, List<List<Cell>> alone) {
    assertThat(shared).hasSameSizeAs(alone);
    for (int i = 0; i < subjects.size(); i++) {
      assertThat(shared.get(i)).as("row of %s", subjects.get(i).name()).hasSameSizeAs(alone.get(i));
      for (int j = 0; j < alone.get(i).size(); j++) {
        Cell s = shared.get(i).get(j);
        Cell a = alone.get(i).get(j);
        String where = subjects.get(i).name() + " × " + a.action();
        assertThat(s.action()).as(where).isEqualTo(a.action());
        assertThat(s.kind()).as(where).isEqualTo(a.kind());
        assertThat(s.condition()).as(where).isEqualTo(a.condition());
        assertThat(s.undecided()).as(where).isEqualTo(a.undecided());
        assertThat(s.allowExample()).as(where + " allowed example").isEqualTo(a.allowExample());
        assertThat(s.denyExample()).as(where + " denied example").isEqualTo(a.denyExample());
      }
    }
  }

  /**
   * {@code a} and {@code b} are the same rows down to the order of each example's context keys (what
   * the text and JSON outputs print): rows computed on several threads are those computed on one.
   */
  static void assertSameRowsInOrder(List<List<Cell>> a, List<List<Cell>> b) {
    assertThat(a).hasSameSizeAs(b);
    for (int i = 0; i < a.size(); i++) {
      assertThat(a.get(i)).as("row %d", i).isEqualTo(b.get(i));
      for (int j = 0; j < a.get(i).size(); j++) {
        Cell x = a.get(i).get(j);
        Cell y = b.get(i).get(j);
        if (x.allowExample() != null) {
          assertThat(x.allowExample().context().entries()).as("row %d × %s allowed example", i, x.action())
              .containsExactlyElementsOf(y.allowExample().context().entries());
        }
        if (x.denyExample() != null) {
          assertThat(x.denyExample().context().entries()).as("row %d × %s denied example", i, x.action())
              .containsExactlyElementsOf(y.denyExample().context().entries());
        }
      }
    }
  }

  @Test
  void rowsOnSeveralThreadsAreTheRowsOnOneWhateverTheScheduling() {
    List<Subject> subjects = benchPrincipals(150);
    List<String> actions = sagemakerActions();
    List<List<Cell>> one = MATRIX.withParallelism(1).rows(subjects, actions, "*");
    // more threads than this machine's processors: other interleavings than the default's
    for (int threads : new int[] {2, 5}) {
      List<List<Cell>> many = MATRIX.withParallelism(threads).rows(subjects, actions, "*");
      assertSameRowsInOrder(many, one);
    }
    // twice on a fresh call: nothing of the first call is kept
    assertSameRowsInOrder(MATRIX.withParallelism(3).rows(subjects, actions, "*"), one);
  }

  @Test
  void rowsAreHandedOverInTheirOrderAndStopTakesNoFurtherPrincipal() {
    List<Subject> subjects = benchPrincipals(40);
    List<String> actions = sagemakerActions().subList(0, 60);
    List<Integer> order = new ArrayList<>();
    List<List<Cell>> rows = new ArrayList<>();
    MATRIX.withParallelism(3).rows(subjects, actions, "*", (row, i) -> {
      order.add(i);
      rows.add(row);
    }, () -> false);
    assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
    assertSameRowsInOrder(rows, MATRIX.withParallelism(1).rows(subjects, actions, "*"));

    List<Integer> stopped = new ArrayList<>();
    MATRIX.withParallelism(3).rows(subjects, actions, "*", (row, i) -> stopped.add(i), () -> stopped.size() >= 5);
    // a prefix, in order: the rows begun before the stop may still be handed over
    assertThat(stopped).hasSizeBetween(5, 40).isEqualTo(java.util.stream.IntStream.range(0, stopped.size()).boxed().toList());
    assertThat(stopped.size()).as("stopped well before the end").isLessThan(40);
  }

  /**
   * Principals with the same policies whose statements read their own keys through variables and
   * conditions ({@code ${aws:PrincipalTag/team}} in a resource, {@code aws:username} in a
   * condition): those that agree on the keys read share a row, the others do not, and each row is
   * its principal's alone.
   */
  @Test
  void principalsThatDifferInAKeyAPolicyReadsGetTheirOwnRows() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": ["
        + "{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/${aws:PrincipalTag/team}/*\"},"
        + "{\"Effect\": \"Allow\", \"Action\": \"s3:PutObject\", \"Resource\": \"*\","
        + " \"Condition\": {\"StringEquals\": {\"aws:username\": \"alice\"}}},"
        + "{\"Effect\": \"Deny\", \"Action\": \"s3:DeleteObject\", \"Resource\": \"*\","
        + " \"Condition\": {\"StringLike\": {\"aws:PrincipalTag/team\": \"red*\"}}},"
        + "{\"Effect\": \"Allow\", \"Action\": \"s3:*Object\", \"Resource\": \"*\"}]}";
    List<Subject> subjects = new ArrayList<>();
    String[][] who = {{"alice", "red"}, {"bob", "red"}, {"alice", "blue"}, {"carol", "blue"}, {"dave", null},
        {"alice", "red"}, {"erin", "redder"}};
    for (int i = 0; i < who.length; i++) {
      Map<String, String> tags = who[i][1] == null ? Map.of() : Map.of("team", who[i][1]);
      subjects.add(new Subject("user/" + who[i][0] + "#" + i, List.of(policy), null, SymbolicMatrix.principalKeys(
          Principal.parse("arn:aws:iam::111122223333:user/" + who[i][0]), "AIDA" + (500 + i), tags)));
    }
    List<String> actions = List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket");
    for (String resource : List.of("*", "arn:aws:s3:::b/red/x", "arn:aws:s3:::b/*")) {
      List<List<Cell>> alone = new ArrayList<>();
      subjects.forEach(s -> alone.add(MATRIX.row(s, actions, resource)));
      List<List<Cell>> shared = MATRIX.withParallelism(2).rows(subjects, actions, resource);
      assertSameCells(subjects, shared, alone);
      assertSameRowsInOrder(shared, MATRIX.withParallelism(1).rows(subjects, actions, resource));
    }
    // what the keys decide, on any resource: alice may put, bob may not; red teams may never delete
    List<List<Cell>> rows = MATRIX.rows(subjects, actions, "*");
    assertThat(rows.get(0).get(1).kind()).isEqualTo(SymbolicMatrix.Kind.ALWAYS);
    assertThat(rows.get(1).get(1).kind()).isEqualTo(SymbolicMatrix.Kind.ALWAYS); // s3:*Object allows it too
    assertThat(rows.get(0).get(2).kind()).isEqualTo(SymbolicMatrix.Kind.NEVER);
    assertThat(rows.get(6).get(2).kind()).isEqualTo(SymbolicMatrix.Kind.NEVER);
    assertThat(rows.get(2).get(2).kind()).isEqualTo(SymbolicMatrix.Kind.ALWAYS);
    assertThat(rows.get(4).get(2).kind()).isEqualTo(SymbolicMatrix.Kind.ALWAYS); // no team tag: StringLike fails
  }

  @Test
  void theBenchmarksMixSharedIsEveryRowAlone() {
    List<Subject> subjects = benchPrincipals(Integer.getInteger("matrix.sharing.principals", 300));
    List<String> actions = sagemakerActions();
    long t0 = System.nanoTime();
    List<List<Cell>> shared = MATRIX.rows(subjects, actions, "*");
    long t1 = System.nanoTime();
    List<List<Cell>> alone = new ArrayList<>();
    for (Subject s : subjects) {
      alone.add(MATRIX.row(s, actions, "*"));
    }
    long t2 = System.nanoTime();
    System.out.printf("matrix sharing: %d principals x %d actions: shared %d ms, alone %d ms%n", subjects.size(),
        actions.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    assertSameCells(subjects, shared, alone);
  }
}
