package dev.iamlocal.server;

import dev.iamlocal.server.ApiSupport.Ctx;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import java.time.Clock;
import java.util.ArrayList;
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
  private final RolesApi roles;
  private final StsApi sts;
  private final ApiModel model = ApiModel.iam();
  /**
   * The operations whose input is checked against the IAM model as a whole. The others still
   * check their members by hand (tags and names with messages of their own, tested as such).
   */

  IamApi(IamStore store, Clock clock) {
    this(store, clock, null, null, new Subjects(store));
  }

  IamApi(IamStore store, Clock clock, LastUsedRecorder lastUsed, DecisionLog decisions, Subjects subjects) {
    this.support = new ApiSupport(store, clock, lastUsed, decisions, subjects);
    this.roles = new RolesApi(support);
    this.sts = new StsApi(support);
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

    /** The {@code Tags} members as given (keys may repeat); see {@link ApiSupport#checkedTags}. */
    List<Map.Entry<String, String>> tagMembers() {
      List<Map.Entry<String, String>> out = new ArrayList<>();
      for (int i = 1; values.containsKey("Tags.member." + i + ".Key"); i++) {
        // a missing Value stays null: IAM's Tag requires it (checkedTags says so)
        out.add(new java.util.AbstractMap.SimpleImmutableEntry<>(values.get("Tags.member." + i + ".Key"),
            values.get("Tags.member." + i + ".Value")));
      }
      return out;
    }
  }

  /** Runs {@code action} for the caller; returns the XML body of the success response. */
  String handle(String service, String action, Params p, Caller caller, NetworkProfile net, String requestId) {
    Ctx c = new Ctx(caller, net.sourceIp(), net.secureTransport());
    ApiSupport.checkDocumentLengths(service, action, p); // every policy-document parameter, one place
    if ("sts".equals(service)) {
      return sts.handle(action, p, c, requestId);
    }
    // every constraint of the IAM model (lengths, patterns, enums, ranges) before the operation
    // runs, for every operation, as IAM checks them before it authorizes
    model.readQuery(action, p.values());
    PolicyArns.checkInput(action, p); // a malformed PolicyArn is IAM's InvalidInput, not NoSuchEntity
    return switch (action) {
      case "CreateUser" -> users.createUser(p, c, requestId);
      case "GetUser" -> users.getUser(p, c, requestId);
      case "ListUsers" -> users.listUsers(p, c, requestId);
      case "UpdateUser" -> users.updateUser(p, c, requestId);
      case "DeleteUser" -> users.deleteUser(p, c, requestId);
      case "CreateGroup" -> users.createGroup(p, c, requestId);
      case "GetGroup" -> users.getGroup(p, c, requestId);
      case "ListGroups" -> users.listGroups(p, c, requestId);
      case "UpdateGroup" -> users.updateGroup(p, c, requestId);
      case "DeleteGroup" -> users.deleteGroup(p, c, requestId);
      case "AddUserToGroup" -> users.addUserToGroup(p, c, requestId);
      case "RemoveUserFromGroup" -> users.removeUserFromGroup(p, c, requestId);
      case "ListGroupsForUser" -> users.listGroupsForUser(p, c, requestId);
      case "TagUser" -> users.tag(action, "user", p.required("UserName"), () -> support.existingUserArn(c, p.required("UserName")), p, c, requestId);
      case "UntagUser" -> users.untag(action, "user", p.required("UserName"), () -> support.existingUserArn(c, p.required("UserName")), p, c, requestId);
      case "ListUserTags" -> users.listTags(action, "user", p.required("UserName"), support.existingUserArn(c, p.required("UserName")), p, c, requestId);
      case "TagRole" -> users.tag(action, "role", p.required("RoleName"), () -> support.existingRoleArn(c, p.required("RoleName")), p, c, requestId);
      case "UntagRole" -> users.untag(action, "role", p.required("RoleName"), () -> support.existingRoleArn(c, p.required("RoleName")), p, c, requestId);
      case "ListRoleTags" -> users.listTags(action, "role", p.required("RoleName"), support.existingRoleArn(c, p.required("RoleName")), p, c, requestId);
      case "TagPolicy" -> users.tag(action, "policy", p.required("PolicyArn"), () -> p.required("PolicyArn"), p, c, requestId);
      case "UntagPolicy" -> users.untag(action, "policy", p.required("PolicyArn"), () -> p.required("PolicyArn"), p, c, requestId);
      case "ListPolicyTags" -> users.listTags(action, "policy", p.required("PolicyArn"), p.required("PolicyArn"), p, c, requestId);
      case "CreateRole" -> roles.createRole(p, c, requestId);
      case "GetRole" -> roles.getRole(p, c, requestId);
      case "ListRoles" -> roles.listRoles(p, c, requestId);
      case "UpdateRole" -> roles.updateRole(p, c, requestId);
      case "UpdateRoleDescription" -> roles.updateRoleDescription(p, c, requestId);
      case "UpdateAssumeRolePolicy" -> roles.updateAssumeRolePolicy(p, c, requestId);
      case "DeleteRole" -> roles.deleteRole(p, c, requestId);
      case "CreatePolicy" -> policies.createPolicy(p, c, requestId);
      case "GetPolicy" -> policies.getPolicy(p, c, requestId);
      case "ListPolicies" -> policies.listPolicies(p, c, requestId);
      case "DeletePolicy" -> policies.deletePolicy(p, c, requestId);
      case "CreatePolicyVersion" -> policies.createPolicyVersion(p, c, requestId);
      case "GetPolicyVersion" -> policies.getPolicyVersion(p, c, requestId);
      case "ListPolicyVersions" -> policies.listPolicyVersions(p, c, requestId);
      case "DeletePolicyVersion" -> policies.deletePolicyVersion(p, c, requestId);
      case "SetDefaultPolicyVersion" -> policies.setDefaultPolicyVersion(p, c, requestId);
      case "AttachUserPolicy" -> policies.attach(EntityType.USER, "UserName", p, c, requestId);
      case "AttachGroupPolicy" -> policies.attach(EntityType.GROUP, "GroupName", p, c, requestId);
      case "AttachRolePolicy" -> policies.attach(EntityType.ROLE, "RoleName", p, c, requestId);
      case "DetachUserPolicy" -> policies.detach(EntityType.USER, p, c, requestId);
      case "DetachGroupPolicy" -> policies.detach(EntityType.GROUP, p, c, requestId);
      case "DetachRolePolicy" -> policies.detach(EntityType.ROLE, p, c, requestId);
      case "ListAttachedUserPolicies" -> policies.listAttached(EntityType.USER, "UserName", p, c, requestId);
      case "ListAttachedGroupPolicies" -> policies.listAttached(EntityType.GROUP, "GroupName", p, c, requestId);
      case "ListAttachedRolePolicies" -> policies.listAttached(EntityType.ROLE, "RoleName", p, c, requestId);
      case "ListEntitiesForPolicy" -> policies.listEntitiesForPolicy(p, c, requestId);
      case "PutUserPolicy" -> policies.putInline(EntityType.USER, p, c, requestId);
      case "PutGroupPolicy" -> policies.putInline(EntityType.GROUP, p, c, requestId);
      case "PutRolePolicy" -> policies.putInline(EntityType.ROLE, p, c, requestId);
      case "GetUserPolicy" -> policies.getInline(EntityType.USER, p, c, requestId);
      case "GetGroupPolicy" -> policies.getInline(EntityType.GROUP, p, c, requestId);
      case "GetRolePolicy" -> policies.getInline(EntityType.ROLE, p, c, requestId);
      case "ListUserPolicies" -> policies.listInline(EntityType.USER, p, c, requestId);
      case "ListGroupPolicies" -> policies.listInline(EntityType.GROUP, p, c, requestId);
      case "ListRolePolicies" -> policies.listInline(EntityType.ROLE, p, c, requestId);
      case "DeleteUserPolicy" -> policies.deleteInline(EntityType.USER, p, c, requestId);
      case "DeleteGroupPolicy" -> policies.deleteInline(EntityType.GROUP, p, c, requestId);
      case "DeleteRolePolicy" -> policies.deleteInline(EntityType.ROLE, p, c, requestId);
      case "PutUserPermissionsBoundary" -> policies.putBoundary(EntityType.USER, p, c, requestId);
      case "PutRolePermissionsBoundary" -> policies.putBoundary(EntityType.ROLE, p, c, requestId);
      case "DeleteUserPermissionsBoundary" -> policies.deleteBoundary(EntityType.USER, p, c, requestId);
      case "DeleteRolePermissionsBoundary" -> policies.deleteBoundary(EntityType.ROLE, p, c, requestId);
      case "GetAccountAuthorizationDetails" -> policies.getAccountAuthorizationDetails(p, c, requestId);
      case "CreateAccessKey" -> keys.createAccessKey(p, c, requestId);
      case "ListAccessKeys" -> keys.listAccessKeys(p, c, requestId);
      case "UpdateAccessKey" -> keys.updateAccessKey(p, c, requestId);
      case "DeleteAccessKey" -> keys.deleteAccessKey(p, c, requestId);
      case "GetAccessKeyLastUsed" -> keys.getAccessKeyLastUsed(p, c, requestId);
      case "SimulatePrincipalPolicy" -> simulation.simulatePrincipalPolicy(p, c, requestId);
      case "SimulateCustomPolicy" -> simulation.simulateCustomPolicy(p, c, requestId);
      case "GetContextKeysForPrincipalPolicy" -> simulation.contextKeysForPrincipalPolicy(p, c, requestId);
      case "GetContextKeysForCustomPolicy" -> simulation.contextKeysForCustomPolicy(p, c, requestId);
      default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
          + " for version 2010-05-08");
    };
  }

  /** The shared support (authorization, subjects) for the JSON endpoint. */
  ApiSupport support() {
    return support;
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
