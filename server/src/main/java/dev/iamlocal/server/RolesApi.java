package dev.iamlocal.server;

import dev.iamlocal.arn.Arn;
import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.IAM_NS;

import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.ApiSupport.Ctx;
import dev.iamlocal.server.IamApi.Params;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.Role;
import java.util.Map;

/** IAM roles: create, read, list, update (description, session duration, trust policy), delete. */
final class RolesApi {

  /** Quota: trust policy size in non-whitespace characters (spec §13, default). */
  static final int TRUST_POLICY_SIZE = 2048;

  private final ApiSupport s;
  private final IamStore store;

  RolesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  String createRole(Params p, Ctx c, String rid) {
    String name = name(p, "RoleName", 64);
    String path = path(p);
    String trust = p.required("AssumeRolePolicyDocument");
    String description = p.get("Description");
    Integer max = integer(p, "MaxSessionDuration", 3600, 43200);
    String boundary = p.get("PermissionsBoundary");
    Map<String, String> tags = checkedTags(p);
    RequestContext.Builder ctx = requestTags(tags).toBuilder();
    if (boundary != null) {
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    s.authorize(c, "iam:CreateRole", Arn.iam(c.acct(), "role", path, name).toString(), ctx.build(), null);
    checkTrust(trust);
    Role r = store.createRole(c.acct(), name, path, description, trust, max, boundary, tags);
    return wrap(IAM_NS, "CreateRole", rid, x -> role(x.open("Role"), r, tags).close());
  }

  String getRole(Params p, Ctx c, String rid) {
    String name = p.required("RoleName");
    s.authorize(c, "iam:GetRole", s.existingRoleArn(c, name), Map.of());
    Role r = store.getRole(c.acct(), name);
    Map<String, String> tags = store.tagsOf(c.acct(), "role", name);
    return wrap(IAM_NS, "GetRole", rid, x -> {
      role(x.open("Role"), r, tags);
      x.open("RoleLastUsed").close();
      x.close();
    });
  }

  String listRoles(Params p, Ctx c, String rid) {
    s.authorize(c, "iam:ListRoles", "arn:aws:iam::" + c.acct() + ":role/", Map.of());
    // the model's pathPrefixType (\u002F[\u0021-\u007F]*): any prefix, "/my" too, not a whole path
    Page<Role> page = page(store.listRoles(c.acct(), p.get("PathPrefix")), p);
    return wrap(IAM_NS, "ListRoles", rid, x -> {
      page.write(x, "Roles", (m, r) -> role(m, r, Map.of()));
    });
  }

  String updateRole(Params p, Ctx c, String rid) {
    String name = p.required("RoleName");
    Integer max = integer(p, "MaxSessionDuration", 3600, 43200);
    s.authorize(c, "iam:UpdateRole", s.existingRoleArn(c, name), Map.of());
    store.updateRole(c.acct(), name, p.get("Description"), max);
    return wrap(IAM_NS, "UpdateRole", rid, x -> { });
  }

  String updateRoleDescription(Params p, Ctx c, String rid) {
    String name = p.required("RoleName");
    String description = p.required("Description");
    s.authorize(c, "iam:UpdateRoleDescription", s.existingRoleArn(c, name), Map.of());
    Role r = store.updateRole(c.acct(), name, description, null);
    Map<String, String> tags = store.tagsOf(c.acct(), "role", name);
    return wrap(IAM_NS, "UpdateRoleDescription", rid, x -> role(x.open("Role"), r, tags).close());
  }

  String updateAssumeRolePolicy(Params p, Ctx c, String rid) {
    String name = p.required("RoleName");
    String doc = p.required("PolicyDocument");
    s.authorize(c, "iam:UpdateAssumeRolePolicy", s.existingRoleArn(c, name), Map.of());
    checkTrust(doc);
    store.updateAssumeRolePolicy(c.acct(), name, doc);
    return wrap(IAM_NS, "UpdateAssumeRolePolicy", rid, null);
  }

  String deleteRole(Params p, Ctx c, String rid) {
    String name = p.required("RoleName");
    s.authorize(c, "iam:DeleteRole", s.existingRoleArn(c, name), Map.of());
    store.deleteRole(c.acct(), name);
    return wrap(IAM_NS, "DeleteRole", rid, null);
  }

  private static void checkTrust(String doc) {
    validateTrustPolicy(doc);
    if (IamStore.nonWhitespaceLength(doc) > TRUST_POLICY_SIZE) {
      throw new AwsError(409, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: " + TRUST_POLICY_SIZE);
    }
  }

  static Xml role(Xml x, Role r, Map<String, String> tags) {
    x.el("Path", r.path()).el("RoleName", r.name()).el("RoleId", r.roleId()).el("Arn", r.arn())
        .el("CreateDate", r.createDate()).el("AssumeRolePolicyDocument", encodeDocument(r.trustPolicy()))
        .el("Description", r.description()).el("MaxSessionDuration", r.maxSessionDuration());
    if (r.permissionsBoundaryArn() != null) {
      x.open("PermissionsBoundary").el("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .el("PermissionsBoundaryArn", r.permissionsBoundaryArn()).close();
    }
    tags(x, tags);
    return x;
  }
}
