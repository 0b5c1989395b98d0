package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import static dev.iamlocal.server.iam.ApiSupport.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Policies;
import dev.iamlocal.store.Role;
import java.util.Map;

/**
 * IAM roles: create, read, list, update (description, session duration, trust policy), delete.
 * Each operation takes the input the IAM model read and returns the members of its output shape.
 */
public final class RolesApi {

  /** Quota: trust policy size in non-whitespace characters (spec §13, default). */
  static final int TRUST_POLICY_SIZE = 2048;

  private final ApiSupport s;
  private final IamStore store;

  RolesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  ObjectNode createRole(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    String path = p.get("Path", "/");
    String trust = p.required("AssumeRolePolicyDocument");
    String description = p.get("Description");
    Integer max = p.integer("MaxSessionDuration");
    String boundary = p.get("PermissionsBoundary");
    Map<String, String> tags = p.tags();
    RequestContext.Builder ctx = requestTags(tags).toBuilder();
    if (boundary != null) {
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    s.authorize(c, "iam:CreateRole", Arn.iam(c.acct(), "role", path, name).toString(), ctx.build(), null);
    checkTrust(trust);
    Role r = store.roles().createRole(c.acct(), name, path, description, trust, max, boundary, tags);
    // AWS's CreateRole answer has neither the Description (even when one was given) nor the
    // MaxSessionDuration: GetRole has them (LocalStack's AWS-recorded test_iam_roles snapshots)
    ObjectNode role = role(r, tags);
    role.remove("Description");
    role.remove("MaxSessionDuration");
    return out("Role", role);
  }

  ObjectNode getRole(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    s.authorize(c, "iam:GetRole", s.existingRoleArn(c, name), Map.of());
    Role r = store.roles().getRole(c.acct(), name);
    Map<String, String> tags = store.tags().tagsOf(c.acct(), "role", name);
    ObjectNode role = role(r, tags);
    role.putObject("RoleLastUsed");
    return out("Role", role);
  }

  ObjectNode listRoles(OperationInput p, Ctx c) {
    // ListRoles lists neither a role's permissions boundary nor its tags nor its last use (the API
    // reference says so for ListRoles; AWS's recorded answers agree): GetRole has them
    return s.listByPath(c, p, "iam:ListRoles", "role", store.roles()::listRoles, "Roles",
        r -> ApiSupport.listed(role(r, Map.of())));
  }

  ObjectNode updateRole(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    Integer max = p.integer("MaxSessionDuration");
    s.authorize(c, "iam:UpdateRole", s.existingRoleArn(c, name), Map.of());
    store.roles().updateRole(c.acct(), name, p.get("Description"), max);
    return JsonNodes.object();
  }

  ObjectNode updateRoleDescription(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    String description = p.required("Description");
    s.authorize(c, "iam:UpdateRoleDescription", s.existingRoleArn(c, name), Map.of());
    Role r = store.roles().updateRole(c.acct(), name, description, null);
    Map<String, String> tags = store.tags().tagsOf(c.acct(), "role", name);
    // as AWS answers it: the role with its new Description, without MaxSessionDuration
    ObjectNode role = role(r, tags);
    role.remove("MaxSessionDuration");
    return out("Role", role);
  }

  ObjectNode updateAssumeRolePolicy(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    String doc = p.required("PolicyDocument");
    s.authorize(c, "iam:UpdateAssumeRolePolicy", s.existingRoleArn(c, name), Map.of());
    checkTrust(doc);
    store.roles().updateAssumeRolePolicy(c.acct(), name, doc);
    return null;
  }

  ObjectNode deleteRole(OperationInput p, Ctx c) {
    String name = p.required("RoleName");
    s.authorize(c, "iam:DeleteRole", s.existingRoleArn(c, name), Map.of());
    store.roles().deleteRole(c.acct(), name);
    return null;
  }

  private static void checkTrust(String doc) {
    validateTrustPolicy(doc);
    if (Policies.nonWhitespaceLength(doc) > TRUST_POLICY_SIZE) {
      throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_SIZE);
    }
  }

  /** IAM's {@code Role} shape of a stored role: every member iamlocal keeps; tags when there are any. */
  public static ObjectNode role(Role r, Map<String, String> tags) {
    ObjectNode o = JsonNodes.object();
    o.put("Path", r.path()).put("RoleName", r.name()).put("RoleId", r.roleId()).put("Arn", r.arn());
    o.set("CreateDate", JsonNodes.time(r.createDate()));
    o.put("AssumeRolePolicyDocument", encodeDocument(r.trustPolicy()));
    o.put("Description", r.description());
    o.put("MaxSessionDuration", r.maxSessionDuration());
    boundary(o, r.permissionsBoundaryArn());
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return o;
  }
}
