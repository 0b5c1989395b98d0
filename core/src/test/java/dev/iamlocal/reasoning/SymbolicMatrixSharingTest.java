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
