package dev.iamlocal.server;

import dev.iamlocal.arn.Arn;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.iamlocal.server.IamApi.Params;
import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.IAM_NS;

/** IAM users and groups: create, read, list, update, delete, membership. */
final class UsersGroupsApi {

  private final ApiSupport s;
  private final IamStore store;

  UsersGroupsApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- users

  String createUser(Params p, Ctx c, String rid) {
    String name = name(p, "UserName", 64);
    String path = path(p);
    Map<String, String> tags = checkedTags(p);
    String boundary = p.get("PermissionsBoundary");
    RequestContext.Builder ctx = requestTags(tags).toBuilder();
    if (boundary != null) {
      // as for CreateRole: a condition on iam:PermissionsBoundary can require (or refuse) a boundary
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    s.authorize(c, "iam:CreateUser", s.userArn(c, path, name), ctx.build(), null);
    // the boundary (which must exist, AWS managed or of this account) is stored with the user, at once
    User u = store.createUser(c.acct(), name, path, tags, boundary);
    return wrap(IAM_NS, "CreateUser", rid, x -> user(x.open("User"), u, tags).close());
  }

  String getUser(Params p, Ctx c, String rid) {
    String name = userNameOrCaller(p, c);
    if (name == null) {
      // the root user's own
      s.authorize(c, "iam:GetUser", c.caller().arn(), Map.of());
      Instant created = store.account(c.acct()).orElseThrow().createDate();
      return wrap(IAM_NS, "GetUser", rid, x -> x.open("User").el("UserId", c.acct()).el("Arn", c.caller().arn())
          .el("CreateDate", created).close());
    }
    String n = name;
    s.authorize(c, "iam:GetUser", s.existingUserArn(c, n), Map.of());
    User u = store.getUser(c.acct(), n);
    Map<String, String> tags = store.userTags(c.acct(), n);
    return wrap(IAM_NS, "GetUser", rid, x -> user(x.open("User"), u, tags).close());
  }

  String listUsers(Params p, Ctx c, String rid) {
    s.authorize(c, "iam:ListUsers", "arn:aws:iam::" + c.acct() + ":user/", Map.of());
    Page<User> page = page(store.listUsers(c.acct(), p.get("PathPrefix")), p);
    return wrap(IAM_NS, "ListUsers", rid, x -> {
      page.write(x, "Users", (m, u) -> user(m, u, Map.of()));
    });
  }

  String deleteUser(Params p, Ctx c, String rid) {
    String name = p.required("UserName");
    s.authorize(c, "iam:DeleteUser", s.existingUserArn(c, name), Map.of());
    store.deleteUser(c.acct(), name);
    return wrap(IAM_NS, "DeleteUser", rid, null);
  }

  private static Xml user(Xml x, User u, Map<String, String> tags) {
    x.el("Path", u.path()).el("UserName", u.name()).el("UserId", u.userId()).el("Arn", u.arn())
        .el("CreateDate", u.createDate());
    if (u.permissionsBoundaryArn() != null) {
      x.open("PermissionsBoundary").el("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .el("PermissionsBoundaryArn", u.permissionsBoundaryArn()).close();
    }
    tags(x, tags);
    return x;
  }

  private static void tags(Xml x, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    x.open("Tags");
    tags.forEach((k, v) -> x.open("member").el("Key", k).el("Value", v).close());
    x.close();
  }

  // ---------------------------------------------------------------- groups

  String createGroup(Params p, Ctx c, String rid) {
    String name = name(p, "GroupName", 128);
    String path = path(p);
    s.authorize(c, "iam:CreateGroup", Arn.iam(c.acct(), "group", path, name).toString(), Map.of());
    Group g = store.createGroup(c.acct(), name, path);
    return wrap(IAM_NS, "CreateGroup", rid, x -> group(x.open("Group"), g).close());
  }

  String addUserToGroup(Params p, Ctx c, String rid) {
    String group = p.required("GroupName");
    String user = p.required("UserName");
    s.authorize(c, "iam:AddUserToGroup", s.existingGroupArn(c, group), Map.of());
    store.addUserToGroup(c.acct(), group, user);
    return wrap(IAM_NS, "AddUserToGroup", rid, null);
  }

  String getGroup(Params p, Ctx c, String rid) {
    String name = p.required("GroupName");
    s.authorize(c, "iam:GetGroup", s.existingGroupArn(c, name), Map.of());
    Group g = store.getGroup(c.acct(), name);
    Page<User> page = page(store.groupMembers(c.acct(), name), p);
    return wrap(IAM_NS, "GetGroup", rid, x -> {
      group(x.open("Group"), g).close();
      page.write(x, "Users", (m, u) -> user(m, u, Map.of()));
    });
  }

  String listGroupsForUser(Params p, Ctx c, String rid) {
    String name = p.required("UserName");
    s.authorize(c, "iam:ListGroupsForUser", s.existingUserArn(c, name), Map.of());
    Page<Group> page = page(store.groupsForUser(c.acct(), name), p);
    return wrap(IAM_NS, "ListGroupsForUser", rid, x -> {
      page.write(x, "Groups", (m, g) -> group(m, g));
    });
  }

  private static Xml group(Xml x, Group g) {
    return x.el("Path", g.path()).el("GroupName", g.name()).el("GroupId", g.groupId()).el("Arn", g.arn())
        .el("CreateDate", g.createDate());
  }


  // ---------------------------------------------------------------- more users and groups

  String updateUser(Params p, Ctx c, String rid) {
    String name = p.required("UserName");
    String newName = optionalName(p, "NewUserName", 64);
    String newPath = optionalPath(p, "NewPath");
    s.authorize(c, "iam:UpdateUser", s.existingUserArn(c, name), Map.of());
    if (newName != null) {
      // renaming needs the right on the new name as well, as in IAM
      User u = store.getUser(c.acct(), name);
      s.authorize(c, "iam:UpdateUser", s.userArn(c, newPath == null ? u.path() : newPath, newName), Map.of());
    }
    store.updateUser(c.acct(), name, newName, newPath);
    return wrap(IAM_NS, "UpdateUser", rid, null);
  }

  String listGroups(Params p, Ctx c, String rid) {
    s.authorize(c, "iam:ListGroups", "arn:aws:iam::" + c.acct() + ":group/", Map.of());
    // the model's pathPrefixType: any prefix, not a whole path (as ListUsers and ListRoles)
    Page<Group> page = page(store.listGroups(c.acct(), p.get("PathPrefix")), p);
    return wrap(IAM_NS, "ListGroups", rid, x -> {
      page.write(x, "Groups", (m, g) -> group(m, g));
    });
  }

  String updateGroup(Params p, Ctx c, String rid) {
    String name = p.required("GroupName");
    String newName = optionalName(p, "NewGroupName", 128);
    String newPath = optionalPath(p, "NewPath");
    s.authorize(c, "iam:UpdateGroup", s.existingGroupArn(c, name), Map.of());
    store.updateGroup(c.acct(), name, newName, newPath);
    return wrap(IAM_NS, "UpdateGroup", rid, null);
  }

  String deleteGroup(Params p, Ctx c, String rid) {
    String name = p.required("GroupName");
    s.authorize(c, "iam:DeleteGroup", s.existingGroupArn(c, name), Map.of());
    store.deleteGroup(c.acct(), name);
    return wrap(IAM_NS, "DeleteGroup", rid, null);
  }

  String removeUserFromGroup(Params p, Ctx c, String rid) {
    String group = p.required("GroupName");
    String user = p.required("UserName");
    s.authorize(c, "iam:RemoveUserFromGroup", s.existingGroupArn(c, group), Map.of());
    store.removeUserFromGroup(c.acct(), group, user);
    return wrap(IAM_NS, "RemoveUserFromGroup", rid, null);
  }

  // ---------------------------------------------------------------- tags of users, roles and policies

  /**
   * Tag{User,Role,Policy}: {@code kind} is user, role or policy; {@code arn} gives the resource
   * authorized, resolved (NoSuchEntity) only after the tags passed validation, the order IAM checks in.
   */
  String tag(String op, String kind, String nameOrArn, java.util.function.Supplier<String> arn, Params p, Ctx c,
      String rid) {
    Map<String, String> tags = kind.equals("policy") ? checkedPolicyTags(p) : checkedTags(p);
    if (tags.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint:"
          + " Member must not be null");
    }
    s.authorize(c, "iam:" + op, arn.get(), requestTags(tags), null);
    PolicyArns.checkChangeable(c, "iam:" + op, nameOrArn);
    store.tag(c.acct(), kind, nameOrArn, tags);
    return wrap(IAM_NS, op, rid, null);
  }

  /** As {@link #tag}: the TagKeys are checked before the entity is looked up. */
  String untag(String op, String kind, String nameOrArn, java.util.function.Supplier<String> arn, Params p, Ctx c,
      String rid) {
    List<String> keys = checkedTagKeys(p);
    RequestContext ctx = RequestContext.builder().putList("aws:TagKeys", keys).build();
    s.authorize(c, "iam:" + op, arn.get(), ctx, null);
    PolicyArns.checkChangeable(c, "iam:" + op, nameOrArn);
    store.untag(c.acct(), kind, nameOrArn, keys);
    return wrap(IAM_NS, op, rid, null);
  }

  String listTags(String op, String kind, String nameOrArn, String arn, Params p, Ctx c, String rid) {
    s.authorize(c, "iam:" + op, arn, Map.of());
    Page<Map.Entry<String, String>> page = page(new ArrayList<>(store.tagsOf(c.acct(), kind, nameOrArn).entrySet()), p);
    return wrap(IAM_NS, op, rid, x -> {
      page.write(x, "Tags", (m, t) -> m.el("Key", t.getKey()).el("Value", t.getValue()));
    });
  }
}
