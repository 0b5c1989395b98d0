package dev.iamlocal.cli;

import dev.iamlocal.policy.Position;
import dev.iamlocal.cli.scenario.PolicySource;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.Severity;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The validator over the policies of scenarios, for {@code simulate} and {@code explain}: a
 * misspelled action ({@code sagemaker:CreateTrainingJobs}) grants nothing, and the decision alone
 * only says implicitDeny; the finding says why. Findings at warning level or above are printed to
 * standard error, compiler style at the policy's place in the scenario file; suggestions are not
 * (simulate is not a linter, {@code iamlocal validate} is).
 *
 * <p>Each policy is checked once per use (id, text and kind), however many scenarios repeat it;
 * the memory of what was checked is bounded like the compiled-policy cache, so a file of any length
 * is still read in constant memory (a policy forgotten and met again is checked, and reported,
 * again). Warnings never change the exit status.
 *
 * <p>The checks run on a thread of their own while the scenarios are decided: the first one loads the
 * validator and the catalog of the policy's services, which would otherwise add to every short run;
 * findings are printed in the order the policies were met. A bounded number of policies wait for the
 * checker, so a file of many distinct policies slows down to its pace instead of queueing them all.
 *
 * <p>What a policy's check printed is kept between runs ({@link FindingsCache}): a later run that meets the same
 * policy text, as the same kind of policy, prints the same lines without validating it again (nor reading the
 * catalog, when no policy is new).
 */
final class ScenarioValidation implements AutoCloseable {

  /** Policies waiting to be checked before {@link #check} waits for the checker. */
  static final int QUEUED = 256;

  /** Policies remembered as checked; beyond that the least recently met is forgotten. */
  static final int REMEMBERED = 4096;


  private final String command;
  private final String sourceName;
  private final PrintStream err;
  private final Map<KindKey<PolicySource>, Boolean> checked = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<KindKey<PolicySource>, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "iamlocal-validator");
    t.setDaemon(true);
    return t;
  });
  private final Semaphore queued = new Semaphore(QUEUED);
  /** Written by the checker thread only. */
  private int reported;
  /** Used by the checker thread only; null when findings are not kept between runs. */
  private final FindingsCache cache;

  ScenarioValidation(String command, String sourceName, PrintStream err) {
    this(command, sourceName, err, FindingsCache.open(System.getenv()));
  }

  ScenarioValidation(String command, String sourceName, PrintStream err, FindingsCache cache) {
    this.command = command;
    this.sourceName = sourceName;
    this.err = err;
    this.cache = cache;
  }

  /**
   * Whether {@code simulate} or {@code explain} with these arguments may read the catalog: not when the validator is
   * off, and not worth reading ahead when this build's findings are kept from an earlier run (the policies are most
   * likely the same; a new one reads the catalog when it is checked).
   */
  static boolean readsCatalog(String[] args) {
    if (!NoValidateOption.readsCatalog(args)) {
      return false;
    }
    FindingsCache kept = FindingsCache.open(System.getenv());
    return kept == null || !kept.exists();
  }

  /** Waits until every policy handed over is checked and its findings printed. */
  @Override
  public void close() {
    if (cache != null) {
      try {
        checker.execute(cache::save);
      } catch (java.util.concurrent.RejectedExecutionException alreadyClosed) {
        // closed before: saved then
      }
    }
    checker.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (checker.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    err.flush();
  }

  /**
   * Checks the scenario's policies not checked before and prints their findings. (Plain loops: a lambda met for the
   * first time in a run is a class spun at run time unless the class-data archive's training met it too.)
   */
  void check(Scenario s) {
    boolean trust = s.action().toLowerCase(Locale.ROOT).startsWith("sts:");
    for (PolicySource p : s.identityPolicies()) {
      check(p, PolicyKind.IDENTITY);
    }
    if (s.permissionsBoundary() != null) {
      check(s.permissionsBoundary(), PolicyKind.PERMISSIONS_BOUNDARY);
    }
    if (s.sessionPolicies() != null) {
      // a session policy is an identity policy passed with the session (no Principal)
      for (PolicySource p : s.sessionPolicies()) {
        check(p, PolicyKind.IDENTITY);
      }
    }
    if (s.resourcePolicy() != null) {
      // the resource policy of an STS call is the role's trust policy
      check(s.resourcePolicy(), trust ? PolicyKind.TRUST : PolicyKind.RESOURCE);
    }
    for (List<PolicySource> level : s.serviceControlPolicies()) {
      for (PolicySource p : level) {
        check(p, PolicyKind.SERVICE_CONTROL);
      }
    }
    for (List<PolicySource> level : s.resourceControlPolicies()) {
      for (PolicySource p : level) {
        check(p, PolicyKind.RESOURCE_CONTROL);
      }
    }
    // a VPC endpoint policy has the shape of a resource-based policy (Principal, Action, Resource)
    for (PolicySource p : s.vpcEndpointPolicies()) {
      check(p, PolicyKind.RESOURCE);
    }
  }

  private void check(PolicySource p, PolicyKind kind) {
    if (checked.put(new KindKey<>(kind, p), Boolean.TRUE) != null) {
      return;
    }
    queued.acquireUninterruptibly();
    checker.execute(() -> {
      try {
        report(p, kind);
      } catch (RuntimeException e) {
        // a fault of the validator must not cost the decisions; it is said, not hidden
        err.println("iamlocal " + command + ": warning: the validator failed on policy " + Columns.printable(p.id()) + ": "
            + e);
      } finally {
        queued.release();
      }
    });
  }

  private void report(PolicySource p, PolicyKind kind) {
    List<FindingsCache.Item> items = cache == null ? null : cache.get(kind, p.text());
    if (items == null) {
      items = new ArrayList<>();
      for (Finding f : Validator.validate(p.text(), kind, ValidationOptions.defaults())) {
        if (f.severity().atLeast(Severity.WARNING)) {
          Position at = f.span().start();
          items.add(new FindingsCache.Item(f.severity(), f.issueCode(), f.message(), f.hint(), at.line(), at.column()));
        }
      }
      if (cache != null) {
        cache.put(kind, p.text(), items);
      }
    }
    for (FindingsCache.Item f : items) {
      if (reported == 0) {
        err.println("iamlocal " + command + ": warning: the validator has findings on the scenarios' policies"
            + " (decisions are made all the same; --no-validate or --quiet leaves this check out):");
      }
      reported++;
      int line = Math.max(f.line(), 1);
      int column = Math.max(f.column(), 1);
      err.println(sourceName + ":" + p.fileLocation(line, column) + ": " + f.severity().cliName() + " " + f.code()
          + ": " + Columns.printable(f.message()) + " (" + kindName(kind) + " " + Columns.printable(p.id())
          + (p.fromString() ? ", line " + line + ", column " + column + " of its string" : "") + ")");
      if (!f.hint().isEmpty()) {
        err.println("  hint: " + Columns.printable(f.hint()));
      }
    }
    err.flush();
  }

  private static String kindName(PolicyKind kind) {
    return switch (kind) {
      case IDENTITY -> "identity policy";
      case RESOURCE -> "resource policy";
      case SERVICE_CONTROL -> "service control policy";
      case RESOURCE_CONTROL -> "resource control policy";
      case PERMISSIONS_BOUNDARY -> "permissions boundary";
      case TRUST -> "trust policy";
    };
  }
}
