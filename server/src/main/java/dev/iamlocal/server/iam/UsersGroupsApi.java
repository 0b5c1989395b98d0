package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import static dev.iamlocal.server.iam.ApiSupport.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * IAM users and groups: create, read, list, update, delete, membership; and the tags of users,
 * roles and policies. Each operation takes the input the IAM model read and returns the members of
 * its output shape.
 */
final class UsersGroupsApi {

  private final ApiSupport s;
  private final IamStore store;

  UsersGroupsApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- users

  ObjectNode createUser(OperationInput p, Ctx c) {
    String name = p.required("UserName");
    String path = p.get("Path", "/");
    Map<String, String> tags = p.tags();
    String boundary = p.get("PermissionsBoundary");
    RequestContext.Builder ctx = requestTags(tags).toBuilder();
    if (boundary != null) {
      // as for CreateRole: a condition on iam:PermissionsBoundary can require (or refuse) a boundary
      ctx.put("iam:PermissionsBoundary", boundary);
    }
    s.authorize(c, "iam:CreateUser", s.userArn(c, path, name), ctx.build(), null);
    // the boundary (which must exist, AWS managed or of this account) is stored with the user, at once
    User u = store.users().createUser(c.acct(), name, path, tags, boundary);
    return out("User", user(u, tags));
  }

  ObjectNode getUser(OperationInput p, Ctx c) {
    String name = userNameOrCaller(p, c);
    if (name == null) {
      // the root user's own
      s.authorize(c, "iam:GetUser", c.caller().arn(), Map.of());
      Instant created = store.accounts().account(c.acct()).orElseThrow().createDate();
      ObjectNode root = JsonNodes.object().put("UserId", c.acct()).put("Arn", c.caller().arn());
      root.set("CreateDate", JsonNodes.time(created));
      return out("User", root);
    }
    s.authorize(c, "iam:GetUser", s.existingUserArn(c, name), Map.of());
    User u = store.users().getUser(c.acct(), name);
    Map<String, String> tags = store.tags().userTags(c.acct(), name);
    return out("User", user(u, tags));
  }

  ObjectNode listUsers(OperationInput p, Ctx c) {
    // as ListRoles: no permissions boundary, no tags (GetUser has them)
    return s.listByPath(c, p, "iam:ListUsers", "user", store.users()::listUsers, "Users",
        u -> ApiSupport.listed(user(u, Map.of())));
  }

  ObjectNode deleteUser(OperationInput p, Ctx c) {
    String name = p.required("UserName");
    s.authorize(c, "iam:DeleteUser", s.existingUserArn(c, name), Map.of());
    store.users().deleteUser(c.acct(), name);
    return null;
  }

  /** IAM's {@code User} shape of a stored user; tags when there are any. */
  static ObjectNode user(User u, Map<String, String> tags) {
    ObjectNode o = JsonNodes.object().put("Path", u.path()).put("UserName", u.name()).put("UserId", u.userId())
        .put("Arn", u.arn());
    o.set("CreateDate", JsonNodes.time(u.createDate()));
    boundary(o, u.permissionsBoundaryArn());
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return o;
  }

  // ---------------------------------------------------------------- groups

  ObjectNode createGroup(OperationInput p, Ctx c) {
    String name = p.required("GroupName");
    String path = p.get("Path", "/");
    s.authorize(c, "iam:CreateGroup", Arn.iam(c.acct(), "group", path, name).toString(), Map.of());
    Group g = store.groups().createGroup(c.acct(), name, path);
    return out("Group", group(g));
  }

  ObjectNode addUserToGroup(OperationInput p, Ctx c) {
    String group = p.required("GroupName");
    String user = p.required("UserName");
    s.authorize(c, "iam:AddUserToGroup", s.existingGroupArn(c, group), Map.of());
    store.groups().addUserToGroup(c.acct(), group, user);
    return null;
  }

  ObjectNode getGroup(OperationInput p, Ctx c) {
    String name = p.required("GroupName");
    s.authorize(c, "iam:GetGroup", s.existingGroupArn(c, name), Map.of());
    Group g = store.groups().getGroup(c.acct(), name);
    Page<User> page = page(store.groups().groupMembers(c.acct(), name), p);
    ObjectNode out = out("Group", group(g));
    return page.into(out, "Users", u -> ApiSupport.listed(user(u, Map.of())));
  }

  ObjectNode listGroupsForUser(OperationInput p, Ctx c) {
    String name = p.required("UserName");
    s.authorize(c, "iam:ListGroupsForUser", s.existingUserArn(c, name), Map.of());
    Page<Group> page = page(store.groups().groupsForUser(c.acct(), name), p);
    return page.into(JsonNodes.object(), "Groups", UsersGroupsApi::group);
  }

  /** IAM's {@code Group} shape. */
  static ObjectNode group(Group g) {
    ObjectNode o = JsonNodes.object().put("Path", g.path()).put("GroupName", g.name()).put("GroupId", g.groupId())
        .put("Arn", g.arn());
    o.set("CreateDate", JsonNodes.time(g.createDate()));
    return o;
  }

  // ---------------------------------------------------------------- more users and groups

  ObjectNode updateUser(OperationInput p, Ctx c) {
    String name = p.required("UserName");
    String newName = p.get("NewUserName");
    String newPath = p.get("NewPath");
    s.authorize(c, "iam:UpdateUser", s.existingUserArn(c, name), Map.of());
    if (newName != null) {
      // renaming needs the right on the new name as well, as in IAM
      User u = store.users().getUser(c.acct(), name);
      s.authorize(c, "iam:UpdateUser", s.userArn(c, newPath == null ? u.path() : newPath, newName), Map.of());
    }
    store.users().updateUser(c.acct(), name, newName, newPath);
    return null;
  }

  ObjectNode listGroups(OperationInput p, Ctx c) {
    return s.listByPath(c, p, "iam:ListGroups", "group", store.groups()::listGroups, "Groups", UsersGroupsApi::group);
  }

  ObjectNode updateGroup(OperationInput p, Ctx c) {
    String name = p.required("GroupName");
    String newName = p.get("NewGroupName");
    String newPath = p.get("NewPath");
    s.authorize(c, "iam:UpdateGroup", s.existingGroupArn(c, name), Map.of());
    store.groups().updateGroup(c.acct(), name, newName, newPath);
    return null;
  }

  ObjectNode deleteGroup(OperationInput p, Ctx c) {
    String name = p.required("GroupName");
    s.authorize(c, "iam:DeleteGroup", s.existingGroupArn(c, name), Map.of());
    store.groups().deleteGroup(c.acct(), name);
    return null;
  }

  ObjectNode removeUserFromGroup(OperationInput p, Ctx c) {
    String group = p.required("GroupName");
    String user = p.required("UserName");
    s.authorize(c, "iam:RemoveUserFromGroup", s.existingGroupArn(c, group), Map.of());
    store.groups().removeUserFromGroup(c.acct(), group, user);
    return null;
  }

  // ---------------------------------------------------------------- tags of users, roles and policies

  /** Which entity a tag operation names: the store's kind and the member that names it. */
  record Taggable(String kind, String member) {}

  static final Taggable USER = new Taggable("user", "UserName");
  static final Taggable ROLE = new Taggable("role", "RoleName");
  static final Taggable POLICY = new Taggable("policy", "PolicyArn");

  /** The ARN authorized for a tag operation on {@code nameOrArn}; resolved after the input was checked. */
  private String arnOf(Taggable t, String nameOrArn, Ctx c) {
    return switch (t.kind()) {
      case "user" -> s.existingUserArn(c, nameOrArn);
      case "role" -> s.existingRoleArn(c, nameOrArn);
      default -> nameOrArn;
    };
  }

  /**
   * Tag{User,Role,Policy}: the entity (NoSuchEntity) is resolved only after the tags passed
   * validation, the order IAM checks in.
   */
  ObjectNode tag(String op, Taggable t, OperationInput p, Ctx c) {
    String nameOrArn = p.required(t.member());
    Map<String, String> tags = t.kind().equals("policy") ? p.policyTags() : p.tags();
    if (tags.isEmpty()) {
      // "Tags=" alone reads as an empty list, which the model's required check lets through
      throw AwsError.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint:"
          + " Member must not be null");
    }
    s.authorize(c, "iam:" + op, arnOf(t, nameOrArn, c), requestTags(tags), null);
    PolicyArns.checkChangeable(c, "iam:" + op, nameOrArn);
    store.tags().tag(c.acct(), t.kind(), nameOrArn, tags);
    return null;
  }

  /** As {@link #tag}: the TagKeys are checked before the entity is looked up. */
  ObjectNode untag(String op, Taggable t, OperationInput p, Ctx c) {
    String nameOrArn = p.required(t.member());
    List<String> keys = p.strings("TagKeys");
    RequestContext ctx = RequestContext.builder().putList("aws:TagKeys", keys).build();
    s.authorize(c, "iam:" + op, arnOf(t, nameOrArn, c), ctx, null);
    PolicyArns.checkChangeable(c, "iam:" + op, nameOrArn);
    store.tags().untag(c.acct(), t.kind(), nameOrArn, keys);
    return null;
  }

  ObjectNode listTags(String op, Taggable t, OperationInput p, Ctx c) {
    String nameOrArn = p.required(t.member());
    s.authorize(c, "iam:" + op, arnOf(t, nameOrArn, c), Map.of());
    return ApiSupport.tagsPage(store.tags().tagsOf(c.acct(), t.kind(), nameOrArn), p);
  }
}
