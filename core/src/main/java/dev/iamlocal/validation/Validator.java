package dev.iamlocal.validation;

import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates IAM policies offline, in the manner of IAM Access Analyzer's ValidatePolicy: grammar
 * errors from the parser first, then semantic checks against the service catalog (actions,
 * resource ARNs, condition keys and their types, policy-type rules, security patterns, quotas).
 *
 * <p>Each check is a small class registered in {@link #CHECKS}; a check that needs "every action
 * of the statement" stays silent when that set is not fully known, so an unknown action is
 * reported once, as itself, and not again through every check that depends on it. Instances are
 * immutable apart from memoised catalog answers and are thread-safe.
 */
public final class Validator {

  /** Every check, in the order their findings are produced (the output is sorted afterwards). */
  static final List<Check> CHECKS = List.of(
      new DocumentChecks(),
      new PolicySizeCheck(),
      new SidChecks(),
      new ElementsForPolicyKindCheck(),
      new NotElementChecks(),
      new EmptyElementChecks(),
      new ActionChecks(),
      new AllowAllCheck(),
      new RedundancyChecks(),
      new SensitiveActionChecks(),
      new ResourceArnFormatChecks(),
      new ResourceSupportChecks(),
      new PrincipalChecks(),
      new OidcTrustChecks(),
      new ConditionOperatorChecks(),
      new ConditionKeyChecks(),
      new ConditionTypeChecks(),
      new ConditionValueChecks(),
      new SetQualifierChecks(),
      new VariableChecks(),
      new IamGrammarCheck());

  private static final class Standard {
    static final Validator INSTANCE = new Validator(ServiceCatalog.bundled());
  }

  private final CatalogLookups lookups;

  /** A validator over the given catalog. */
  public Validator(ServiceCatalog catalog) {
    this.lookups = new CatalogLookups(Objects.requireNonNull(catalog, "catalog"));
  }

  /** The validator over the bundled catalog, shared (its memoised look-ups are reused). */
  public static Validator standard() {
    return Standard.INSTANCE;
  }

  /** Validates with the bundled catalog; see {@link #check}. */
  public static List<Finding> validate(String text, PolicyKind kind, ValidationOptions options) {
    return standard().check(text, kind, options);
  }

  /**
   * Every finding for a policy document, in document order.
   *
   * @param text the policy JSON
   * @param kind what the policy is used as
   * @param options resource type and other options
   */
  public List<Finding> check(String text, PolicyKind kind, ValidationOptions options) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(options, "options");
    PolicyParser.Result parsed = PolicyParser.parseLenient(text);
    FindingSink sink = new FindingSink();
    for (ParseProblem p : parsed.problems()) {
      sink.add(Severity.ERROR, p.code(), p.message(), p.hint(), p.path(), p.span());
    }
    if (parsed.document() != null) {
      PolicyContext ctx = new PolicyContext(parsed.document(), parsed.tree(), kind, options, lookups);
      for (Check c : CHECKS) {
        c.check(ctx, sink);
      }
    }
    List<Finding> out = new ArrayList<>(sink.findings());
    out.sort(Finding.ORDER);
    return List.copyOf(out);
  }

  /** Every issue code the checks can report (parser codes included), for documentation and tests. */
  public static Set<String> issueCodes() {
    Set<String> codes = new LinkedHashSet<>(ParserCodes.ALL);
    for (Check c : CHECKS) {
      codes.addAll(c.codes());
    }
    return codes;
  }

  /** The codes {@link PolicyParser} reports; every one becomes an ERROR finding. */
  static final class ParserCodes {
    static final List<String> ALL = List.of("JSON_SYNTAX_ERROR", "DUPLICATE_KEY", "INVALID_POLICY_ELEMENT",
        "INVALID_VERSION", "MISSING_STATEMENT", "MISSING_EFFECT", "INVALID_EFFECT", "MISSING_ACTION",
        "UNSUPPORTED_ELEMENT_COMBINATION", "DATA_TYPE_MISMATCH", "INVALID_PRINCIPAL_FORMAT", "INVALID_PRINCIPAL_KEY",
        "INVALID_CHARACTER");

    private ParserCodes() {}
  }
}
