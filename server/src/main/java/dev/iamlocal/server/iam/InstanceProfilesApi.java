package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.out;
import static dev.iamlocal.server.iam.ApiSupport.page;
import static dev.iamlocal.server.iam.ApiSupport.requestTags;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.iam.ApiSupport.Page;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.InstanceProfile;
import dev.iamlocal.store.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IAM instance profiles: create, read, list, delete, the role in a profile (one at most), and their
 * tags. Each operation takes the input the IAM model read and returns the members of its output
 * shape, as AWS's recorded answers show them (LocalStack's AWS-validated instance profile snapshots):
 * a profile's roles without their description, session duration, boundary or tags; the profile's
 * {@code Tags} in GetInstanceProfile always (an empty list when it has none), in CreateInstanceProfile
 * only when some were given, never in the lists.
 */
final class InstanceProfilesApi {

  private final ApiSupport s;
  private final IamStore store;

  InstanceProfilesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  /** Registers the operations of this family. */
  void register(Map<String, Operation> i) {
    i.put("CreateInstanceProfile", this::create);
    i.put("GetInstanceProfile", this::get);
    i.put("ListInstanceProfiles", this::list);
    i.put("DeleteInstanceProfile", this::delete);
    i.put("AddRoleToInstanceProfile", this::addRole);
    i.put("RemoveRoleFromInstanceProfile", this::removeRole);
    i.put("ListInstanceProfilesForRole", this::listForRole);
    i.put("TagInstanceProfile", this::tag);
    i.put("UntagInstanceProfile", this::untag);
    i.put("ListInstanceProfileTags", this::listTags);
  }

  private static final String KIND = "iprofile";

  ObjectNode create(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    String path = p.get("Path", "/");
    Map<String, String> tags = p.tags();
    s.authorize(c, "iam:CreateInstanceProfile", Arn.iam(c.acct(), "instance-profile", path, name).toString(),
        requestTags(tags), null);
    InstanceProfile ip = store.instanceProfiles().create(c.acct(), name, path, tags);
    ObjectNode o = profile(ip, c);
    if (!tags.isEmpty()) {
      o.set("Tags", JsonNodes.tags(tags));
    }
    return out("InstanceProfile", o);
  }

  ObjectNode get(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    authorizeOn(c, "iam:GetInstanceProfile", name, RequestContext.builder());
    InstanceProfile ip = store.instanceProfiles().get(c.acct(), name);
    ObjectNode o = profile(ip, c);
    o.set("Tags", JsonNodes.tags(store.tags().tagsOf(c.acct(), KIND, name)));
    return out("InstanceProfile", o);
  }

  ObjectNode list(OperationInput p, Ctx c) {
    s.authorize(c, "iam:ListInstanceProfiles", "arn:aws:iam::" + c.acct() + ":instance-profile/", Map.of());
    Page<InstanceProfile> page = page(store.instanceProfiles().listProfiles(c.acct(), p.get("PathPrefix")), p);
    return page.into(JsonNodes.object(), "InstanceProfiles", ip -> profile(ip, c));
  }

  ObjectNode delete(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    authorizeOn(c, "iam:DeleteInstanceProfile", name, RequestContext.builder());
    store.instanceProfiles().delete(c.acct(), name);
    return null;
  }

  /**
   * AddRoleToInstanceProfile: on the profile, and, as AWS requires, {@code iam:PassRole} on the role
   * (whoever may add a role to a profile may hand it to any EC2 instance launched with the profile).
   */
  ObjectNode addRole(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    String role = p.required("RoleName");
    authorizeOn(c, "iam:AddRoleToInstanceProfile", name, RequestContext.builder());
    store.instanceProfiles().get(c.acct(), name); // NoSuchEntity for the profile before PassRole is asked
    String roleArn = s.existingRoleArn(c, role);
    s.authorize(c, "iam:PassRole", roleArn, Map.of());
    store.instanceProfiles().addRole(c.acct(), name, role);
    return null;
  }

  ObjectNode removeRole(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    String role = p.required("RoleName");
    authorizeOn(c, "iam:RemoveRoleFromInstanceProfile", name, RequestContext.builder());
    store.instanceProfiles().removeRole(c.acct(), name, role);
    return null;
  }

  ObjectNode listForRole(OperationInput p, Ctx c) {
    String role = p.required("RoleName");
    s.authorize(c, "iam:ListInstanceProfilesForRole", s.existingRoleArn(c, role), Map.of());
    Page<InstanceProfile> page = page(store.instanceProfiles().forRole(c.acct(), role), p);
    return page.into(JsonNodes.object(), "InstanceProfiles", ip -> profile(ip, c));
  }

  /** As TagRole: the tags are checked (by the model and {@link OperationInput#tags()}) before the profile is looked up. */
  ObjectNode tag(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    Map<String, String> tags = p.tags();
    if (tags.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint:"
          + " Member must not be null");
    }
    authorizeOn(c, "iam:TagInstanceProfile", name, requestTags(tags).toBuilder());
    store.tags().tag(c.acct(), KIND, name, tags);
    return null;
  }

  ObjectNode untag(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    List<String> keys = p.strings("TagKeys");
    authorizeOn(c, "iam:UntagInstanceProfile", name, RequestContext.builder().putList("aws:TagKeys", keys));
    store.tags().untag(c.acct(), KIND, name, keys);
    return null;
  }

  ObjectNode listTags(OperationInput p, Ctx c) {
    String name = p.required("InstanceProfileName");
    authorizeOn(c, "iam:ListInstanceProfileTags", name, RequestContext.builder());
    Page<Map.Entry<String, String>> page = page(new ArrayList<>(store.tags().tagsOf(c.acct(), KIND, name).entrySet()), p);
    return page.into(JsonNodes.object(), "Tags", e -> JsonNodes.object().put("Key", e.getKey())
        .put("Value", e.getValue()));
  }

  /**
   * Authorizes {@code action} on the instance profile {@code name}: its ARN with its path when it
   * exists (else the path-less ARN, and the operation then answers NoSuchEntity), and its tags as
   * {@code aws:ResourceTag/*}, which IAM fills for the instance-profile resource type.
   */
  private void authorizeOn(Ctx c, String action, String name, RequestContext.Builder ctx) {
    String arn;
    try {
      arn = store.instanceProfiles().get(c.acct(), name).arn();
      store.tags().tagsOf(c.acct(), KIND, name).forEach((k, v) -> ctx.put("aws:ResourceTag/" + k, v));
    } catch (IamException.NoSuchEntity e) {
      arn = Arn.iam(c.acct(), "instance-profile", "/", name).toString();
    }
    s.authorize(c, action, arn, ctx.build(), null);
  }

  /** IAM's {@code InstanceProfile} shape without tags. */
  ObjectNode profile(InstanceProfile ip, Ctx c) {
    ObjectNode o = JsonNodes.object().put("Path", ip.path()).put("InstanceProfileName", ip.name())
        .put("InstanceProfileId", ip.profileId()).put("Arn", ip.arn());
    o.set("CreateDate", JsonNodes.time(ip.createDate()));
    o.set("Roles", roles(store, ip));
    return o;
  }

  /** The {@code Roles} of an instance profile: each role as AWS lists it there. */
  static ArrayNode roles(IamStore store, InstanceProfile ip) {
    ArrayNode roles = JsonNodes.array();
    for (String roleId : ip.roleIds()) {
      store.roles().roleById(ip.accountId(), roleId).ifPresent(r -> roles.add(roleInProfile(r)));
    }
    return roles;
  }

  private static ObjectNode roleInProfile(Role r) {
    ObjectNode o = RolesApi.role(r, Map.of());
    o.remove("Description");
    o.remove("MaxSessionDuration");
    o.remove("PermissionsBoundary");
    return o;
  }

  /**
   * The {@code InstanceProfileList} of a role in GetAccountAuthorizationDetails: each profile
   * holding the role, with its roles and its tags (empty when none).
   */
  static ArrayNode profilesOfRole(IamStore store, List<InstanceProfile> profiles) {
    ArrayNode a = JsonNodes.array();
    for (InstanceProfile ip : profiles) {
      ObjectNode o = JsonNodes.object().put("Path", ip.path()).put("InstanceProfileName", ip.name())
          .put("InstanceProfileId", ip.profileId()).put("Arn", ip.arn());
      o.set("CreateDate", JsonNodes.time(ip.createDate()));
      o.set("Roles", roles(store, ip));
      a.add(o);
    }
    return a;
  }
}
