package dev.iamlocal.differential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One differential case in the oracle's input format, run through our engine.
 *
 * <p>Only the subset of the oracle format that the generator writes is accepted, and unknown
 * fields are rejected (so that a typo in a corpus file cannot silently drop a policy). The
 * oracle adds {@code RCPFullAWSAccess} at every RCP level (as AWS attaches it); so do we here,
 * which keeps the case files identical for both engines.
 */
final class DiffCase {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Fields a case may carry; the last four are only meaningful in corpus files. */
  static final Set<String> CASE_FIELDS = Set.of("name", "identityPolicies", "permissionBoundaries", "sessionPolicy",
      "resourcePolicy", "serviceControlPolicies", "resourceControlPolicies", "request",
      "expected", "why", "oracle", "resolution");
  private static final Set<String> REQUEST_FIELDS = Set.of("principal", "action", "resource", "resourceAccount", "context");
  private static final Set<String> LEVEL_FIELDS = Set.of("orgIdentifier", "policies");

  private static final String RCP_FULL_ACCESS = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";

  final ObjectNode json;
  final String name;
  final PolicySet policies;
  final AuthorizationRequest request;

  private DiffCase(ObjectNode json, String name, PolicySet policies, AuthorizationRequest request) {
    this.json = json;
    this.name = name;
    this.policies = policies;
    this.request = request;
  }

  /**
   * Reads a case; throws {@link IllegalArgumentException} naming the field for unknown fields or
   * wrong shapes, and {@link dev.iamlocal.policy.PolicyParseException} for a policy we reject.
   */
  static DiffCase of(ObjectNode c) {
    checkFields(c, CASE_FIELDS, "case");
    String name = c.path("name").asText("unnamed");
    PolicySet.Builder b = PolicySet.builder();
    List<Policy> identity = policies(c.get("identityPolicies"), "identity");
    b.identity(identity);
    List<Policy> boundaries = policies(c.get("permissionBoundaries"), "boundary");
    if (boundaries.size() > 1) {
      throw new IllegalArgumentException(name + ": at most one permissions boundary");
    }
    if (!boundaries.isEmpty()) {
      b.permissionsBoundary(boundaries.get(0));
    }
    if (c.hasNonNull("sessionPolicy")) {
      b.sessionPolicies(List.of(policy(c.get("sessionPolicy"), "SessionPolicy")));
    }
    if (c.hasNonNull("resourcePolicy")) {
      b.resourcePolicy(policy(c.get("resourcePolicy"), "ResourcePolicy"));
    }
    for (List<Policy> level : levels(c.get("serviceControlPolicies"), "scp", false)) {
      b.addServiceControlPolicyLevel(level);
    }
    for (List<Policy> level : levels(c.get("resourceControlPolicies"), "rcp", true)) {
      b.addResourceControlPolicyLevel(level);
    }
    JsonNode r = c.get("request");
    if (!(r instanceof ObjectNode ro)) {
      throw new IllegalArgumentException(name + ": \"request\" must be an object");
    }
    checkFields(ro, REQUEST_FIELDS, "request");
    AuthorizationRequest.Builder rb = AuthorizationRequest.builder()
        .principal(text(ro, "principal"))
        .action(text(ro, "action"))
        .resource(text(ro, "resource"));
    if (ro.hasNonNull("resourceAccount")) {
      rb.resourceAccount(ro.get("resourceAccount").asText());
    }
    JsonNode ctx = ro.get("context");
    if (ctx != null) {
      for (Iterator<String> it = ctx.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        JsonNode v = ctx.get(k);
        if (v.isArray()) {
          List<String> vs = new ArrayList<>();
          v.forEach(x -> vs.add(x.asText()));
          rb.contextList(k, vs);
        } else if (v.isTextual()) {
          rb.context(k, v.asText());
        } else {
          throw new IllegalArgumentException(name + ": context key " + k + " must be a string or an array of strings");
        }
      }
    }
    return new DiffCase(c, name, b.build(), rb.build());
  }

  /** Our decision: {@code allowed}, {@code explicitDeny} or {@code implicitDeny}. */
  String decide() {
    Decision d = Evaluator.authorize(policies, request);
    return d.outcome().json();
  }

  private static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("request." + field + " must be a string");
    }
    return n.asText();
  }

  static void checkFields(ObjectNode o, Set<String> allowed, String where) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException("unknown field \"" + f + "\" in " + where + "; expected one of " + allowed);
      }
    }
  }

  private static List<Policy> policies(JsonNode list, String prefix) {
    List<Policy> out = new ArrayList<>();
    if (list == null || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException(prefix + " policies must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      out.add(policy(list.get(i), prefix + "-" + i));
    }
    return out;
  }

  private static List<List<Policy>> levels(JsonNode list, String prefix, boolean addRcpFullAccess) {
    List<List<Policy>> out = new ArrayList<>();
    if (list == null || list.isNull()) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode l = list.get(i);
      if (!(l instanceof ObjectNode lo)) {
        throw new IllegalArgumentException(prefix + " level " + i + " must be {orgIdentifier, policies}");
      }
      checkFields(lo, LEVEL_FIELDS, prefix + " level");
      List<Policy> level = new ArrayList<>();
      if (addRcpFullAccess) {
        level.add(Policy.parse("RCPFullAWSAccess", RCP_FULL_ACCESS));
      }
      level.addAll(policies(lo.get("policies"), prefix + "-" + i));
      out.add(level);
    }
    return out;
  }

  private static Policy policy(JsonNode doc, String id) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException(id + ": a policy must be a JSON object");
    }
    try {
      return Policy.parse(id, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The oracle's decision names mapped to ours. */
  static String fromOracle(String oracleDecision) {
    return switch (oracleDecision) {
      case "Allowed" -> "allowed";
      case "ExplicitlyDenied" -> "explicitDeny";
      case "ImplicitlyDenied" -> "implicitDeny";
      default -> "error";
    };
  }
}
