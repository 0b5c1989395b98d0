package dev.iamlocal.validation;

import dev.iamlocal.policy.JsonPath;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Span;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.policy.ValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Collects findings for one validation; fills in the learn-more link from the issue code. */
final class FindingSink {

  private static final String CHECKS_PAGE =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";
  private static final String GRAMMAR_PAGE =
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
  private static final String ELEMENTS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/";

  /** The issue codes that Access Analyzer documents; their link goes to the check's own anchor. */
  static final Set<String> ACCESS_ANALYZER_CODES = Set.of(
      "ARN_ACCOUNT_NOT_ALLOWED", "ARN_REGION_NOT_ALLOWED", "DATA_TYPE_MISMATCH", "INVALID_ACTION",
      "INVALID_ARN_ACCOUNT", "INVALID_ARN_PREFIX", "INVALID_ARN_REGION", "INVALID_ARN_SERVICE_CASE",
      "INVALID_CONDITION_KEY_FORMAT", "INVALID_CONDITION_MULTIPLE_BOOLEAN", "INVALID_CONDITION_OPERATOR",
      "INVALID_EFFECT", "INVALID_GLOBAL_CONDITION_KEY", "INVALID_PARTITION", "INVALID_POLICY_ELEMENT",
      "INVALID_PRINCIPAL_FORMAT", "INVALID_PRINCIPAL_KEY", "INVALID_SERVICE", "INVALID_SERVICE_CONDITION_KEY",
      "INVALID_VARIABLE_FOR_OPERATOR", "INVALID_VERSION", "JSON_SYNTAX_ERROR", "MISSING_ACTION",
      "MISSING_ARN_FIELD", "MISSING_ARN_REGION", "MISSING_EFFECT", "MISSING_PRINCIPAL", "MISSING_QUALIFIER",
      "MISSING_RESOURCE", "MISSING_STATEMENT", "NULL_WITH_IF_EXISTS", "UNIQUE_SIDS_REQUIRED",
      "UNSUPPORTED_ELEMENT_COMBINATION", "UNSUPPORTED_PRINCIPAL", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
      "UNSUPPORTED_SID", "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "MISSING_BRACE_IN_VARIABLE",
      "MISSING_QUOTE_IN_VARIABLE", "UNSUPPORTED_SPACE_IN_VARIABLE", "EMPTY_VARIABLE",
      "VARIABLE_UNSUPPORTED_IN_ELEMENT", "VARIABLE_UNSUPPORTED_IN_VERSION", "PRIVATE_IP_ADDRESS",
      "PRIVATE_NOTIPADDRESS", "POLICY_SIZE_EXCEEDS_SCP_QUOTA", "INVALID_SERVICE_PRINCIPAL_FORMAT",
      "MISSING_TAG_KEY_IN_CONDITION", "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", "SCP_SYNTAX_ERROR_PRINCIPAL",
      "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
      "ALLOW_WITH_NOTPRINCIPAL", "FORALLVALUES_WITH_SINGLE_VALUED_KEY", "PASS_ROLE_WITH_NOTRESOURCE",
      "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", "PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE",
      "PASS_ROLE_WITH_STAR_IN_RESOURCE", "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
      "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION", "CREATE_SLR_WITH_NOTRESOURCE",
      "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE", "CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE",
      "CREATE_SLR_WITH_STAR_IN_RESOURCE", "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
      "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION", "DEPRECATED_GLOBAL_CONDITION_KEY", "MISSING_VERSION",
      "UNIQUE_SIDS_RECOMMENDED", "WILDCARD_WITHOUT_LIKE_OPERATOR", "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
      "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA", "TYPE_MISMATCH", "TYPE_MISMATCH_BOOLEAN", "TYPE_MISMATCH_DATE",
      "TYPE_MISMATCH_IP_RANGE", "TYPE_MISMATCH_NUMBER", "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA",
      "EMPTY_ARRAY_ACTION", "EMPTY_ARRAY_CONDITION", "EMPTY_ARRAY_CONDITION_FORALLVALUES",
      "EMPTY_ARRAY_CONDITION_FORANYVALUE", "EMPTY_ARRAY_CONDITION_IFEXISTS", "EMPTY_ARRAY_PRINCIPAL",
      "EMPTY_ARRAY_RESOURCE", "EMPTY_OBJECT_CONDITION", "EMPTY_OBJECT_PRINCIPAL", "EMPTY_SID_VALUE",
      "IMPROVE_IP_RANGE", "NULL_WITH_QUALIFIER", "REDUNDANT_ACTION", "REDUNDANT_CONDITION_VALUE_NUM",
      "REDUNDANT_RESOURCE", "REDUNDANT_STATEMENT", "WILDCARD_IN_SERVICE_NAME");

  /** Where codes of our own point: the IAM page about the element they concern. */
  private static final Map<String, String> OWN_LINKS = Map.ofEntries(
      Map.entry("DUPLICATE_KEY", GRAMMAR_PAGE),
      Map.entry("INVALID_CHARACTER", GRAMMAR_PAGE),
      Map.entry("ACTION_WILDCARD_MATCHES_NOTHING", ELEMENTS + "reference_policies_elements_action.html"),
      Map.entry("INVALID_ACTION_FORMAT", ELEMENTS + "reference_policies_elements_action.html"),
      Map.entry("NONCANONICAL_ACTION_CASE", ELEMENTS + "reference_policies_elements_action.html"),
      Map.entry("RETIRED_SERVICE", "https://docs.aws.amazon.com/service-authorization/latest/reference/"),
      Map.entry("ACTION_WITHOUT_MATCHING_RESOURCE", ELEMENTS + "reference_policies_elements_resource.html"),
      Map.entry("MISSING_ARN_ACCOUNT", ELEMENTS + "reference-arns.html"),
      Map.entry("ALLOW_WITH_NOTACTION", ELEMENTS + "reference_policies_elements_notaction.html"),
      Map.entry("ALLOW_WITH_NOTRESOURCE", ELEMENTS + "reference_policies_elements_notresource.html"),
      Map.entry("ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES", ELEMENTS + "best-practices.html"),
      Map.entry("DEPRECATED_CONDITION_KEY", "https://docs.aws.amazon.com/service-authorization/latest/reference/"),
      Map.entry("FORALLVALUES_WITHOUT_NULL_CHECK", ELEMENTS + "reference_policies_condition-single-vs-multi-valued-context-keys.html"),
      Map.entry("FORANYVALUE_WITH_SINGLE_VALUED_KEY", ELEMENTS + "reference_policies_condition-single-vs-multi-valued-context-keys.html"),
      Map.entry("INVALID_BASE64_VALUE", ELEMENTS + "reference_policies_elements_condition_operators.html"),
      Map.entry("INVALID_NULL_VALUE", ELEMENTS + "reference_policies_elements_condition_operators.html"),
      Map.entry("INVALID_ARN_CONDITION_VALUE", ELEMENTS + "reference_policies_elements_condition_operators.html"),
      Map.entry("EMPTY_ARRAY_STATEMENT", GRAMMAR_PAGE),
      Map.entry("EMPTY_OBJECT_CONDITION_OPERATOR", ELEMENTS + "reference_policies_elements_condition.html"),
      Map.entry("EMPTY_ARRAY_NOTACTION", ELEMENTS + "reference_policies_elements_notaction.html"),
      Map.entry("EMPTY_ARRAY_NOTRESOURCE", ELEMENTS + "reference_policies_elements_notresource.html"),
      Map.entry("POLICY_SIZE_EXCEEDS_RCP_QUOTA", "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html"),
      Map.entry("OUTDATED_VERSION", ELEMENTS + "reference_policies_elements_version.html"),
      Map.entry("DUPLICATE_CONDITION_VALUE", ELEMENTS + "reference_policies_elements_condition.html"));

  private final List<Finding> findings = new ArrayList<>();

  /** The documentation link for a code. */
  static String linkFor(Severity severity, String code) {
    if (ACCESS_ANALYZER_CODES.contains(code)) {
      String level = switch (severity) {
        case ERROR -> "error";
        case SECURITY_WARNING -> "security-warning";
        case WARNING -> "general-warning";
        case SUGGESTION -> "suggestion";
      };
      return CHECKS_PAGE + "#access-analyzer-reference-policy-checks-" + level + "-"
          + code.toLowerCase(Locale.ROOT).replace('_', '-');
    }
    return OWN_LINKS.getOrDefault(code, GRAMMAR_PAGE);
  }

  void add(Severity severity, String code, String message, String hint, JsonPath path, Span span) {
    findings.add(new Finding(severity, code, message, hint, path, span, linkFor(severity, code)));
  }

  void add(Severity severity, String code, String message, String hint, PolicyString at) {
    add(severity, code, message, hint, at.path(), at.span());
  }

  void add(Severity severity, String code, String message, String hint, ValueList at) {
    add(severity, code, message, hint, at.path(), at.span());
  }

  void add(Severity severity, String code, String message, String hint, Statement at) {
    add(severity, code, message, hint, at.path(), at.span());
  }

  List<Finding> findings() {
    return findings;
  }
}
