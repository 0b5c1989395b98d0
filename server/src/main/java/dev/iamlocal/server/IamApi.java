package dev.iamlocal.server;

import dev.iamlocal.server.ApiSupport.Ctx;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM and STS operations over the AWS Query protocol: parameters in, XML result out. Every
 * operation is authorized by the engine against the caller's stored policies before it acts.
 * This class only routes; the operations live in domain classes ({@link UsersGroupsApi},
 * {@link PoliciesApi}, {@link AccessKeysApi}, {@link SimulationApi}).
 */
final class IamApi {

  static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final ApiSupport support;
  private final UsersGroupsApi users;
  private final PoliciesApi policies;
  private final AccessKeysApi keys;
  private final SimulationApi simulation;

  IamApi(IamStore store, Clock clock) {
    this.support = new ApiSupport(store, clock);
    this.users = new UsersGroupsApi(support);
    this.policies = new PoliciesApi(support);
    this.keys = new AccessKeysApi(support);
    this.simulation = new SimulationApi(support);
  }

  /** Query parameters of one request (query string and form body merged; first value wins). */
  record Params(Map<String, String> values) {
    String get(String name) {
      return values.get(name);
    }

    String required(String name) {
      String v = values.get(name);
      if (v == null) {
        throw AwsError.validation("1 validation error detected: Value null at '" + ApiSupport.lowerFirst(name)
            + "' failed to satisfy constraint: Member must not be null");
      }
      return v;
    }

    /** {@code Prefix.member.1}, {@code Prefix.member.2}, … until the first gap. */
    List<String> members(String prefix) {
      List<String> out = new ArrayList<>();
      for (int i = 1; values.containsKey(prefix + ".member." + i); i++) {
        out.add(values.get(prefix + ".member." + i));
      }
      return out;
    }

    Map<String, String> tags() {
      Map<String, String> out = new LinkedHashMap<>();
      for (int i = 1; values.containsKey("Tags.member." + i + ".Key"); i++) {
        out.put(values.get("Tags.member." + i + ".Key"), values.getOrDefault("Tags.member." + i + ".Value", ""));
      }
      return out;
    }
  }

  /** Runs {@code action} for the caller; returns the XML body of the success response. */
  String handle(String service, String action, Params p, Caller caller, String sourceIp, String requestId) {
    if ("sts".equals(service)) {
      if ("GetCallerIdentity".equals(action)) {
        // AWS answers GetCallerIdentity for any valid credentials, even under an explicit deny.
        return ApiSupport.wrap(STS_NS, action, requestId, x -> x.el("Arn", caller.arn()).el("UserId", caller.userId())
            .el("Account", caller.accountId()));
      }
      throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }
    Ctx c = new Ctx(caller, sourceIp);
    return switch (action) {
      case "CreateUser" -> users.createUser(p, c, requestId);
      case "GetUser" -> users.getUser(p, c, requestId);
      case "ListUsers" -> users.listUsers(p, c, requestId);
      case "DeleteUser" -> users.deleteUser(p, c, requestId);
      case "CreateGroup" -> users.createGroup(p, c, requestId);
      case "AddUserToGroup" -> users.addUserToGroup(p, c, requestId);
      case "GetGroup" -> users.getGroup(p, c, requestId);
      case "ListGroupsForUser" -> users.listGroupsForUser(p, c, requestId);
      case "CreatePolicy" -> policies.createPolicy(p, c, requestId);
      case "GetPolicy" -> policies.getPolicy(p, c, requestId);
      case "GetPolicyVersion" -> policies.getPolicyVersion(p, c, requestId);
      case "ListPolicies" -> policies.listPolicies(p, c, requestId);
      case "AttachUserPolicy" -> policies.attach(EntityType.USER, "UserName", p, c, requestId);
      case "AttachGroupPolicy" -> policies.attach(EntityType.GROUP, "GroupName", p, c, requestId);
      case "ListAttachedUserPolicies" -> policies.listAttached(EntityType.USER, "UserName", p, c, requestId);
      case "PutUserPolicy" -> policies.putUserPolicy(p, c, requestId);
      case "GetUserPolicy" -> policies.getUserPolicy(p, c, requestId);
      case "CreateAccessKey" -> keys.createAccessKey(p, c, requestId);
      case "ListAccessKeys" -> keys.listAccessKeys(p, c, requestId);
      case "SimulatePrincipalPolicy" -> simulation.simulatePrincipalPolicy(p, c, requestId);
      default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
          + " for version 2010-05-08");
    };
  }

  /** Checks an identity-based policy as IAM does before storing it (kept here for existing callers). */
  static void validateIdentityPolicy(String doc) {
    ApiSupport.validateIdentityPolicy(doc);
  }

  /** Policy documents in IAM responses are URL-encoded (RFC 3986), as real IAM returns them. */
  static String encodeDocument(String doc) {
    return ApiSupport.encodeDocument(doc);
  }
}
