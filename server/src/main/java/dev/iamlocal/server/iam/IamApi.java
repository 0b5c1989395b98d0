package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.auth.LastUsedRecorder;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.protocol.QueryCodec;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import java.time.Clock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM and STS services over the AWS Query protocol: a router from an operation's name to its
 * {@link Operation}, between the two {@link QueryCodec}s that AWS's API models drive.
 *
 * <p>One request, as {@link #handle} runs it (after {@code IamServer} has verified the SigV4
 * signature and resolved the caller):
 *
 * <ol>
 *   <li><b>route</b>: the action names an operation registered below, or it is one of the model's
 *       operations iamlocal does not implement yet (501 {@code NotImplemented}, a message that names
 *       iamlocal), or it is no operation of the model at all (AWS's own 400 {@code InvalidAction},
 *       "Could not find operation X for version 2010-05-08");
 *   <li><b>read</b>: the codec reads the parameters as the operation's input shape and checks every
 *       constraint of the model ({@code ValidationError} with AWS's messages);
 *   <li><b>run</b>: the operation ({@link UsersGroupsApi}, {@link RolesApi}, {@link PoliciesApi},
 *       {@link AccessKeysApi}, {@link SimulationApi}, {@link StsApi}) authorizes the caller with the
 *       engine ({@link ApiSupport#authorize}), acts on the store and returns its output tree;
 *   <li><b>write</b>: the codec serializes that tree by the operation's output shape, inside
 *       {@code <XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>}.
 * </ol>
 *
 * Errors are thrown ({@link AwsError}, the store's {@code IamException}) and written by
 * {@code IamServer} as AWS's {@code ErrorResponse}.
 */
public final class IamApi {

  /** The XML namespace of IAM's responses. */
  public static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  /** The XML namespace of STS's responses. */
  public static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

  private static final QueryCodec IAM = new QueryCodec(ApiModel.iam());
  private static final QueryCodec STS = new QueryCodec(ApiModel.sts());

  private final ApiSupport support;
  private final Map<String, Operation> iam;
  private final Map<String, Operation> sts;

  /** The API with nothing recorded and subjects of its own (unit use). */
  public IamApi(IamStore store, Clock clock) {
    this(store, clock, null, null, new Subjects(store));
  }

  /** The API recording key use and decisions, over the server's {@code subjects}. */
  public IamApi(IamStore store, Clock clock, LastUsedRecorder lastUsed, DecisionLog decisions, Subjects subjects) {
    this.support = new ApiSupport(store, clock, lastUsed, decisions, subjects);
    UsersGroupsApi users = new UsersGroupsApi(support);
    RolesApi roles = new RolesApi(support);
    PoliciesApi policies = new PoliciesApi(support);
    AccessKeysApi keys = new AccessKeysApi(support);
    SimulationApi simulation = new SimulationApi(support);
    StsApi stsApi = new StsApi(support);
    Map<String, Operation> i = new HashMap<>();
    i.put("CreateUser", users::createUser);
    i.put("GetUser", users::getUser);
    i.put("ListUsers", users::listUsers);
    i.put("UpdateUser", users::updateUser);
    i.put("DeleteUser", users::deleteUser);
    i.put("CreateGroup", users::createGroup);
    i.put("GetGroup", users::getGroup);
    i.put("ListGroups", users::listGroups);
    i.put("UpdateGroup", users::updateGroup);
    i.put("DeleteGroup", users::deleteGroup);
    i.put("AddUserToGroup", users::addUserToGroup);
    i.put("RemoveUserFromGroup", users::removeUserFromGroup);
    i.put("ListGroupsForUser", users::listGroupsForUser);
    for (UsersGroupsApi.Taggable t : List.of(UsersGroupsApi.USER, UsersGroupsApi.ROLE, UsersGroupsApi.POLICY)) {
      String kind = Character.toUpperCase(t.kind().charAt(0)) + t.kind().substring(1);
      i.put("Tag" + kind, (in, c) -> users.tag("Tag" + kind, t, in, c));
      i.put("Untag" + kind, (in, c) -> users.untag("Untag" + kind, t, in, c));
      i.put("List" + kind + "Tags", (in, c) -> users.listTags("List" + kind + "Tags", t, in, c));
    }
    i.put("CreateRole", roles::createRole);
    i.put("GetRole", roles::getRole);
    i.put("ListRoles", roles::listRoles);
    i.put("UpdateRole", roles::updateRole);
    i.put("UpdateRoleDescription", roles::updateRoleDescription);
    i.put("UpdateAssumeRolePolicy", roles::updateAssumeRolePolicy);
    i.put("DeleteRole", roles::deleteRole);
    i.put("CreatePolicy", policies::createPolicy);
    i.put("GetPolicy", policies::getPolicy);
    i.put("ListPolicies", policies::listPolicies);
    i.put("DeletePolicy", policies::deletePolicy);
    i.put("CreatePolicyVersion", policies::createPolicyVersion);
    i.put("GetPolicyVersion", policies::getPolicyVersion);
    i.put("ListPolicyVersions", policies::listPolicyVersions);
    i.put("DeletePolicyVersion", policies::deletePolicyVersion);
    i.put("SetDefaultPolicyVersion", policies::setDefaultPolicyVersion);
    for (EntityType t : EntityType.values()) {
      String e = t.title();
      i.put("Attach" + e + "Policy", (in, c) -> policies.attach(t, in, c));
      i.put("Detach" + e + "Policy", (in, c) -> policies.detach(t, in, c));
      i.put("ListAttached" + e + "Policies", (in, c) -> policies.listAttached(t, in, c));
      i.put("Put" + e + "Policy", (in, c) -> policies.putInline(t, in, c));
      i.put("Get" + e + "Policy", (in, c) -> policies.getInline(t, in, c));
      i.put("List" + e + "Policies", (in, c) -> policies.listInline(t, in, c));
      i.put("Delete" + e + "Policy", (in, c) -> policies.deleteInline(t, in, c));
      if (t != EntityType.GROUP) {
        i.put("Put" + e + "PermissionsBoundary", (in, c) -> policies.putBoundary(t, in, c));
        i.put("Delete" + e + "PermissionsBoundary", (in, c) -> policies.deleteBoundary(t, in, c));
      }
    }
    i.put("ListEntitiesForPolicy", policies::listEntitiesForPolicy);
    i.put("GetAccountAuthorizationDetails", policies::getAccountAuthorizationDetails);
    i.put("CreateAccessKey", keys::createAccessKey);
    i.put("ListAccessKeys", keys::listAccessKeys);
    i.put("UpdateAccessKey", keys::updateAccessKey);
    i.put("DeleteAccessKey", keys::deleteAccessKey);
    i.put("GetAccessKeyLastUsed", keys::getAccessKeyLastUsed);
    i.put("SimulatePrincipalPolicy", simulation::simulatePrincipalPolicy);
    i.put("SimulateCustomPolicy", simulation::simulateCustomPolicy);
    i.put("GetContextKeysForPrincipalPolicy", simulation::contextKeysForPrincipalPolicy);
    i.put("GetContextKeysForCustomPolicy", simulation::contextKeysForCustomPolicy);
    new MfaApi(support).register(i);
    new InstanceProfilesApi(support).register(i);
    new LoginProfilesApi(support).register(i);
    new AccountApi(support).register(i);
    new OidcProvidersApi(support).register(i);
    new SamlProvidersApi(support).register(i);
    new UserCredentialsApi(support).register(i);
    new ServerCertificatesApi(support).register(i);
    new LastAccessedApi(support).register(i);
    new ServiceLinkedRolesApi(support).register(i); // after the role operations: it guards them
    DelegationApi delegation = new DelegationApi(support).register(i);
    OutboundFederationApi outbound = new OutboundFederationApi(support).register(i);
    this.iam = registered(IAM, i);
    Map<String, Operation> t = new HashMap<>(Map.of("GetCallerIdentity", stsApi::getCallerIdentity, "AssumeRole",
        stsApi::assumeRole));
    stsApi.registerTokens(t);
    new WebIdentityApi(support).register(t);
    new SamlFederationApi(support).register(t);
    delegation.registerSts(t, stsApi);
    outbound.registerSts(t);
    this.sts = registered(STS, t);
  }

  /** The operations, each checked to be one of the model's (a misspelt name would never be routed). */
  private static Map<String, Operation> registered(QueryCodec codec, Map<String, Operation> ops) {
    for (String name : ops.keySet()) {
      if (!codec.model().hasOperation(name)) {
        throw new IllegalStateException(name + " is no operation of the model " + codec.model().apiVersion());
      }
    }
    return Map.copyOf(ops);
  }

  /** The names of the implemented operations of {@code service} ("iam" or "sts"). */
  java.util.Set<String> operations(String service) {
    return ("sts".equals(service) ? sts : iam).keySet();
  }

  /** Query parameters of one request (query string and form body merged; first value wins). */
  public record Params(Map<String, String> values) {
    /** The parameters, each list index written as a number is: AWS reads {@code member.01} as {@code member.1}. */
    public Params {
      values = ListIndices.canonical(values);
    }

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
  }

  /**
   * The STS operations AWS answers without a signature (the model's {@code smithy.api#noAuth}): their
   * caller is the web identity token or SAML assertion they carry, which they verify themselves.
   */
  public static final java.util.Set<String> UNSIGNED_STS = java.util.Set.of("AssumeRoleWithWebIdentity",
      "AssumeRoleWithSAML");

  /**
   * Runs {@code action} for the caller; returns the XML body of the success response.
   *
   * @param caller the authenticated caller, or null for an unsigned request, which reaches only the
   *     operations of {@link #UNSIGNED_STS}
   */
  public String handle(String service, String action, Params p, Caller caller, NetworkProfile net, String requestId) {
    ObjectNode out = call(service, action, p, caller, net);
    return ("sts".equals(service) ? STS : IAM).write(action, out, requestId);
  }

  /**
   * Runs {@code action} for the caller as {@link #handle} does (route, the model's checks, the
   * operation with its authorization) and returns the operation's output tree instead of writing it:
   * the web console's way to act, so that it can do nothing the Query API would not let the same
   * principal do. Errors are thrown as for {@link #handle}.
   *
   * @return the output tree (members of the output shape), or null for an operation without output
   */
  public ObjectNode call(String service, String action, Params p, Caller caller, NetworkProfile net) {
    boolean isSts = "sts".equals(service);
    if (caller == null && !(isSts && UNSIGNED_STS.contains(action))) {
      // only the operations AWS answers unsigned run without a caller (fail closed)
      throw AwsError.missingAuthenticationToken();
    }
    QueryCodec codec = isSts ? STS : IAM;
    Operation op = (isSts ? sts : iam).get(action);
    String version = p.values().get("Version");
    if (version != null && !version.equals(codec.model().apiVersion())) {
      // the Query front end finds an operation by name and version: another version has none
      // (AWS's answer to an STS action sent with IAM's version, and to any other version)
      throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version " + version);
    }
    if (op == null) {
      if (codec.model().hasOperation(action)) {
        throw AwsError.notImplemented(isSts ? "STS" : "IAM", action);
      }
      throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version "
          + codec.model().apiVersion());
    }
    // every constraint of the model (lengths, patterns, enums, ranges) before the operation runs, as
    // IAM and STS check them before they authorize
    if (!isSts) {
      // a malformed PolicyArn is IAM's ValidationError/InvalidInput (not NoSuchEntity), even when shorter
      // than the model's 20 characters (AWS's recorded AttachRolePolicy of a bare policy name)
      PolicyArns.checkInput(action, p);
    }
    ApiModel.Input input = codec.read(action, p.values());
    if (caller != null) {
      // an unsigned call (UNSIGNED_STS) has no credentials whose kind could restrict it
      SessionRestrictions.check(isSts, action, caller);
    }
    return op.apply(new OperationInput(input.body(), p), Ctx.over(caller, net));
  }

  /** The shared support (authorization, subjects) for the JSON endpoint. */
  public ApiSupport support() {
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
