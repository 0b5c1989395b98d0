package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.auth.SigV4;
import static dev.iamlocal.server.iam.ApiSupport.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.store.CustomerPolicy;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.PolicyEntity;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.StoredPolicyVersion;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Managed policies and their versions, attachments, inline policies, permissions boundaries, and
 * the account's authorization details. Each operation takes the input the IAM model read and
 * returns the members of its output shape.
 */
final class PoliciesApi {

  private final ApiSupport s;
  private final IamStore store;

  PoliciesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- managed policies

  ObjectNode createPolicy(OperationInput p, Ctx c) {
    String name = p.required("PolicyName");
    String path = p.get("Path", "/");
    String doc = p.required("PolicyDocument");
    Map<String, String> tags = p.policyTags();
    s.authorize(c, "iam:CreatePolicy", Arn.iam(c.acct(), "policy", path, name).toString(), tagContext(tags));
    validateIdentityPolicy(doc, MANAGED_POLICY);
    CustomerPolicy cp = store.policies().createPolicy(c.acct(), name, path, p.get("Description"), doc, tags);
    // as AWS answers CreatePolicy: no Description; the Tags when some were given
    ObjectNode policy = policy(cp, false);
    if (!tags.isEmpty()) {
      policy.set("Tags", JsonNodes.tags(tags));
    }
    return out("Policy", policy);
  }

  ObjectNode getPolicy(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:GetPolicy", arn, Map.of());
    if (isAwsManaged(arn)) {
      ManagedPolicies.Info mp = s.awsPolicyInfo(arn);
      int count = store.policies().attachmentCounts(c.acct()).getOrDefault(mp.arn(), 0);
      int boundaries = store.policies().boundaryUsageCounts(c.acct()).getOrDefault(mp.arn(), 0);
      // AWS managed policies carry no tags: GetPolicy answers an empty Tags list (AWS's recorded answers)
      return out("Policy", awsPolicy(mp, count, boundaries).set("Tags", JsonNodes.array()));
    }
    CustomerPolicy cp = store.policies().getPolicy(c.acct(), arn);
    // GetPolicy has the policy's Tags, an empty list when it has none, as AWS sends it
    ObjectNode policy = policy(cp, true);
    policy.set("Tags", JsonNodes.tags(store.tags().tagsOf(c.acct(), "policy", cp.arn())));
    return out("Policy", policy);
  }

  ObjectNode getPolicyVersion(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:GetPolicyVersion", arn, Map.of());
    StoredPolicyVersion v;
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      if (!mp.versionId().equals(version)) {
        // only the default version of AWS managed policies is bundled: an older one AWS still has is
        // answered as missing, and the detail header says why
        AwsError e = new AwsError(404, "NoSuchEntity", "Policy " + arn + " version " + version
            + " does not exist or is not attachable.");
        int count = s.awsPolicyInfo(arn).versionsCount();
        if (version.matches("v[1-9][0-9]{0,5}") && Integer.parseInt(version.substring(1)) < count) {
          e = e.withDetail("AWS has published " + count + " versions of this policy; iamlocal bundles only the default one, "
              + mp.versionId());
        }
        throw e;
      }
      v = new StoredPolicyVersion(mp.versionId(), mp.document(), true, Instant.parse(mp.updateDate()));
    } else {
      v = store.policies().getPolicyVersion(c.acct(), arn, version);
    }
    return out("PolicyVersion", version(v, true));
  }

  ObjectNode listPolicies(OperationInput p, Ctx c) {
    s.authorize(c, "iam:ListPolicies", "*", Map.of());
    String scope = p.get("Scope", "All");
    boolean onlyAttached = p.bool("OnlyAttached", false);
    String prefix = p.get("PathPrefix", "/");
    String usage = p.get("PolicyUsageFilter");
    Map<String, Integer> counts = store.policies().attachmentCounts(c.acct());
    Map<String, Integer> boundaries = store.policies().boundaryUsageCounts(c.acct());
    // PolicyUsageFilter narrows the list only with OnlyAttached: then PermissionsPolicy keeps the
    // policies attached as permissions, PermissionsBoundary those some user or role has as its
    // boundary, and no filter either kind of use (stackd's recording against IAM,
    // policy_management.json, 2026-09-12)
    java.util.function.BiPredicate<Integer, Integer> used = (attached, asBoundary) -> !onlyAttached
        || ("PermissionsBoundary".equals(usage) ? asBoundary > 0
            : "PermissionsPolicy".equals(usage) ? attached > 0 : attached > 0 || asBoundary > 0);
    List<Supplier<ObjectNode>> rows = new ArrayList<>();
    if (!scope.equals("Local")) {
      // the index only (names, paths, dates): no document is laid out to list them
      for (ManagedPolicies.Info mp : s.awsManaged.list()) {
        int n = counts.getOrDefault(mp.arn(), 0);
        int b = boundaries.getOrDefault(mp.arn(), 0);
        if (used.test(n, b) && mp.path().startsWith(prefix)) {
          rows.add(() -> awsPolicy(mp, n, b));
        }
      }
    }
    if (!scope.equals("AWS")) {
      for (CustomerPolicy cp : store.policies().listPolicies(c.acct())) {
        if (used.test(cp.attachmentCount(), cp.permissionsBoundaryUsageCount()) && cp.path().startsWith(prefix)) {
          rows.add(() -> policy(cp, false));
        }
      }
    }
    // the rows of one page only are built
    return page(rows, p).into(JsonNodes.object(), "Policies", Supplier::get);
  }

  /** IAM's {@code Policy} shape of a customer managed policy (the Description only where asked). */
  private static ObjectNode policy(CustomerPolicy cp, boolean withDescription) {
    ObjectNode o = JsonNodes.object().put("PolicyName", cp.name()).put("PolicyId", cp.policyId())
        .put("Arn", cp.arn()).put("Path", cp.path()).put("DefaultVersionId", cp.defaultVersionId())
        .put("AttachmentCount", cp.attachmentCount()).put("PermissionsBoundaryUsageCount", cp.permissionsBoundaryUsageCount())
        .put("IsAttachable", true).put("Description", withDescription ? cp.description() : null);
    o.set("CreateDate", JsonNodes.time(cp.createDate()));
    o.set("UpdateDate", JsonNodes.time(cp.updateDate()));
    return o;
  }

  /**
   * IAM's {@code Policy} shape of an AWS managed policy. Its {@code PolicyId} is derived from the ARN
   * (the data set does not hold AWS's ids): stable, {@code ANPA} and 17 more characters as AWS's.
   */
  private static ObjectNode awsPolicy(ManagedPolicies.Info mp, int attachments, int boundaries) {
    String id = "ANPA" + Base64.getEncoder().withoutPadding().encodeToString(
        SigV4.sha256(mp.arn().getBytes(StandardCharsets.UTF_8))).toUpperCase(java.util.Locale.ROOT)
        .replaceAll("[^A-Z0-9]", "").substring(0, 17);
    ObjectNode o = JsonNodes.object().put("PolicyName", mp.name()).put("PolicyId", id).put("Arn", mp.arn())
        .put("Path", mp.path()).put("DefaultVersionId", mp.versionId()).put("AttachmentCount", attachments)
        .put("PermissionsBoundaryUsageCount", boundaries).put("IsAttachable", true);
    o.set("CreateDate", JsonNodes.time(mp.createDate()));
    o.set("UpdateDate", JsonNodes.time(mp.updateDate()));
    return o;
  }

  /** IAM's {@code PolicyVersion} shape; the document only where the operation returns it. */
  private static ObjectNode version(StoredPolicyVersion v, boolean withDocument) {
    ObjectNode o = JsonNodes.object();
    if (withDocument) {
      o.put("Document", encodeDocument(v.document()));
    }
    o.put("VersionId", v.versionId()).put("IsDefaultVersion", v.isDefault());
    o.set("CreateDate", JsonNodes.time(v.createDate()));
    return o;
  }

  // ---------------------------------------------------------------- attachments and inline policies

  ObjectNode attach(EntityType type, OperationInput p, Ctx c) {
    String name = p.required(nameParam(type));
    String arn = p.required("PolicyArn");
    String resource = entityArn(type, name, c);
    s.authorize(c, "iam:Attach" + type.title() + "Policy", resource, Map.of("iam:PolicyARN", arn));
    // the AWS managed policies of service-linked roles (path /aws-service-role/) are AWS's to attach,
    // only to the roles AWS creates for its services (AWS's answer, e.g. aws/aws-cdk issue 6131)
    if (s.awsManaged.infoByExactArn(arn).filter(i -> i.path().equals("/aws-service-role/")).isPresent()) {
      throw new AwsError(400, "PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.");
    }
    store.policies().attachPolicy(c.acct(), type, name, arn);
    return null;
  }

  ObjectNode listAttached(EntityType type, OperationInput p, Ctx c) {
    String name = p.required(nameParam(type));
    s.authorize(c, "iam:ListAttached" + type.title() + "Policies", entityArn(type, name, c), Map.of());
    String prefix = p.get("PathPrefix", "/");
    List<String> arns = store.policies().attachedPolicies(c.acct(), type, name).stream()
        .filter(a -> policyPath(a).startsWith(prefix)).toList();
    return page(arns, p).into(JsonNodes.object(), "AttachedPolicies", PoliciesApi::attached);
  }

  /** IAM's {@code AttachedPolicy} shape. */
  private static ObjectNode attached(String arn) {
    return JsonNodes.object().put("PolicyName", arn.substring(arn.lastIndexOf('/') + 1)).put("PolicyArn", arn);
  }

  private static String policyPath(String arn) {
    String rest = arn.substring(arn.indexOf(":policy") + ":policy".length());
    return rest.substring(0, rest.lastIndexOf('/') + 1);
  }

  private String entityArn(EntityType type, String name, Ctx c) {
    return switch (type) {
      case USER -> s.existingUserArn(c, name);
      case GROUP -> s.existingGroupArn(c, name);
      case ROLE -> s.existingRoleArn(c, name);
    };
  }

  private static String nameParam(EntityType type) {
    return type.title() + "Name";
  }

  // ---------------------------------------------------------------- more managed policies

  ObjectNode deletePolicy(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:DeletePolicy", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:DeletePolicy", arn);
    store.policies().deletePolicy(c.acct(), arn);
    return null;
  }

  ObjectNode createPolicyVersion(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    String doc = p.required("PolicyDocument");
    boolean setDefault = p.bool("SetAsDefault", false);
    s.authorize(c, "iam:CreatePolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:CreatePolicyVersion", arn);
    validateIdentityPolicy(doc, MANAGED_POLICY);
    StoredPolicyVersion v = store.policies().createPolicyVersion(c.acct(), arn, doc, setDefault);
    return out("PolicyVersion", version(v, false));
  }

  ObjectNode listPolicyVersions(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:ListPolicyVersions", arn, Map.of());
    List<StoredPolicyVersion> versions;
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      versions = List.of(new StoredPolicyVersion(mp.versionId(), mp.document(), true, Instant.parse(mp.updateDate())));
    } else {
      versions = store.policies().listPolicyVersions(c.acct(), arn);
    }
    // documents are not listed, as in IAM: GetPolicyVersion returns them
    return page(versions, p).into(JsonNodes.object(), "Versions", v -> version(v, false));
  }

  ObjectNode deletePolicyVersion(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:DeletePolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:DeletePolicyVersion", arn);
    store.policies().deletePolicyVersion(c.acct(), arn, version);
    return null;
  }

  ObjectNode setDefaultPolicyVersion(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:SetDefaultPolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:SetDefaultPolicyVersion", arn);
    store.policies().setDefaultPolicyVersion(c.acct(), arn, version);
    return null;
  }



  ObjectNode detach(EntityType type, OperationInput p, Ctx c) {
    String name = p.required(nameParam(type));
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:Detach" + type.title() + "Policy", entityArn(type, name, c), Map.of("iam:PolicyARN", arn));
    store.policies().detachPolicy(c.acct(), type, name, arn);
    return null;
  }

  ObjectNode listEntitiesForPolicy(OperationInput p, Ctx c) {
    String arn = p.required("PolicyArn");
    String filter = p.get("EntityFilter");
    String prefix = p.get("PathPrefix");
    s.authorize(c, "iam:ListEntitiesForPolicy", arn, Map.of());
    // EntityFilter User/Group/Role keeps that type; LocalManagedPolicy and AWSManagedPolicy name no
    // entity type, so nothing is listed (AWS's recorded answer); PolicyUsageFilter picks attachments
    // (PermissionsPolicy) or boundaries (PermissionsBoundary), both when absent
    String usage = p.get("PolicyUsageFilter");
    List<PolicyEntity> all = store.policies().entitiesForPolicy(c.acct(), arn, !"PermissionsBoundary".equals(usage),
            !"PermissionsPolicy".equals(usage)).stream()
        .filter(e -> filter == null || filter.equals(e.type().title()))
        .filter(e -> prefix == null || e.path().startsWith(prefix)).toList();
    Page<PolicyEntity> page = page(all, p);
    ObjectNode out = JsonNodes.object();
    for (EntityType t : List.of(EntityType.GROUP, EntityType.USER, EntityType.ROLE)) {
      ArrayNode list = out.putArray("Policy" + t.title() + "s");
      for (PolicyEntity e : page.items()) {
        if (e.type() == t) {
          list.addObject().put(t.title() + "Name", e.name()).put(t.title() + "Id", e.id());
        }
      }
    }
    return page.truncation(out);
  }

  // ---------------------------------------------------------------- inline policies of users, groups, roles

  ObjectNode putInline(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    String name = p.required("PolicyName");
    String doc = p.required("PolicyDocument");
    s.authorize(c, "iam:Put" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    validateIdentityPolicy(doc);
    store.inlinePolicies().putInlinePolicy(c.acct(), type, entity, name, doc);
    return null;
  }

  ObjectNode getInline(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    String name = p.required("PolicyName");
    s.authorize(c, "iam:Get" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    String stored = switch (type) {
      case USER -> store.users().getUser(c.acct(), entity).name();
      case GROUP -> store.groups().getGroup(c.acct(), entity).name();
      case ROLE -> store.roles().getRole(c.acct(), entity).name();
    };
    InlinePolicy ip = store.inlinePolicies().getInlinePolicy(c.acct(), type, entity, name);
    // the PolicyName as the request gave it, whatever the stored case (stackd's recording against
    // IAM, policy_management.json: MixedName stored, GetUserPolicy of MIXEDNAME answers MIXEDNAME)
    return JsonNodes.object().put(nameParam(type), stored).put("PolicyName", name)
        .put("PolicyDocument", encodeDocument(ip.document()));
  }

  ObjectNode listInline(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    s.authorize(c, "iam:List" + type.title() + "Policies", entityArn(type, entity, c), Map.of());
    Page<InlinePolicy> page = page(store.inlinePolicies().inlinePolicies(c.acct(), type, entity), p);
    return page.into(JsonNodes.object(), "PolicyNames", ip -> JsonNodes.object().textNode(ip.name()));
  }

  ObjectNode deleteInline(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    String name = p.required("PolicyName");
    s.authorize(c, "iam:Delete" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    store.inlinePolicies().deleteInlinePolicy(c.acct(), type, entity, name);
    return null;
  }

  // ---------------------------------------------------------------- permissions boundaries

  ObjectNode putBoundary(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    String arn = p.required("PermissionsBoundary");
    s.authorize(c, "iam:Put" + type.title() + "PermissionsBoundary", entityArn(type, entity, c),
        Map.of("iam:PermissionsBoundary", arn));
    store.policies().setPermissionsBoundary(c.acct(), type, entity, arn);
    return null;
  }

  ObjectNode deleteBoundary(EntityType type, OperationInput p, Ctx c) {
    String entity = p.required(nameParam(type));
    String current = type == EntityType.USER ? store.users().getUser(c.acct(), entity).permissionsBoundaryArn()
        : store.roles().getRole(c.acct(), entity).permissionsBoundaryArn();
    s.authorize(c, "iam:Delete" + type.title() + "PermissionsBoundary", entityArn(type, entity, c),
        current == null ? Map.of() : Map.of("iam:PermissionsBoundary", current));
    if (current == null) {
      // IAM answers NoSuchEntity when there is no boundary to delete (stackd's recording,
      // policy_management.json, 2026-09-12: the code only; the message is iamlocal's)
      throw new AwsError(404, "NoSuchEntity", "The permissions boundary for " + type.title().toLowerCase(java.util.Locale.ROOT)
          + " with name " + entity + " cannot be found.").withDetail("the " + type.title().toLowerCase(java.util.Locale.ROOT)
          + " has no permissions boundary; AWS's message for this case was not recorded");
    }
    store.policies().setPermissionsBoundary(c.acct(), type, entity, null);
    return null;
  }

  // ---------------------------------------------------------------- account authorization details

  /**
   * GetAccountAuthorizationDetails, shaped as AWS answers it (LocalStack's AWS-recorded
   * test_iam_account_authorization_details snapshots): a user's {@code UserPolicyList} only when it
   * has inline policies, its {@code GroupList}, {@code AttachedManagedPolicies} and {@code Tags}
   * always (empty lists included); a group's and a role's policy lists always; a role's
   * {@code InstanceProfileList}, {@code Tags} and {@code RoleLastUsed} always.
   */
  ObjectNode getAccountAuthorizationDetails(OperationInput p, Ctx c) {
    List<String> filter = p.strings("Filter");
    s.authorize(c, "iam:GetAccountAuthorizationDetails", "*", Map.of());
    boolean all = filter.isEmpty();
    String acct = c.acct();
    // one page over the concatenation, in IAM's order: users, groups, roles, policies; each item
    // is built only when on the page
    record Item(String list, Supplier<ObjectNode> detail) {}
    List<Item> items = new ArrayList<>();
    Map<String, Integer> counts = store.policies().attachmentCounts(acct);
    Map<String, Integer> boundaryCounts = store.policies().boundaryUsageCounts(acct);
    if (all || filter.contains("User")) {
      for (User u : store.users().listUsers(acct, null)) {
        items.add(new Item("UserDetailList", () -> {
          ObjectNode o = JsonNodes.object().put("Path", u.path()).put("UserName", u.name()).put("UserId", u.userId())
              .put("Arn", u.arn());
          o.set("CreateDate", JsonNodes.time(u.createDate()));
          List<InlinePolicy> inline = store.inlinePolicies().inlinePolicies(acct, EntityType.USER, u.name());
          if (!inline.isEmpty()) {
            o.set("UserPolicyList", inlineList(inline));
          }
          o.set("GroupList", JsonNodes.strings(store.groups().groupsForUser(acct, u.name()).stream().map(Group::name).toList()));
          o.set("AttachedManagedPolicies", attachedList(store.policies().attachedPolicies(acct, EntityType.USER, u.name())));
          boundary(o, u.permissionsBoundaryArn());
          o.set("Tags", JsonNodes.tags(store.tags().userTags(acct, u.name())));
          return o;
        }));
      }
    }
    if (all || filter.contains("Group")) {
      for (Group g : store.groups().listGroups(acct, null)) {
        items.add(new Item("GroupDetailList", () -> {
          ObjectNode o = JsonNodes.object().put("Path", g.path()).put("GroupName", g.name())
              .put("GroupId", g.groupId()).put("Arn", g.arn());
          o.set("CreateDate", JsonNodes.time(g.createDate()));
          o.set("GroupPolicyList", inlineList(store.inlinePolicies().inlinePolicies(acct, EntityType.GROUP, g.name())));
          o.set("AttachedManagedPolicies", attachedList(store.policies().attachedPolicies(acct, EntityType.GROUP, g.name())));
          return o;
        }));
      }
    }
    if (all || filter.contains("Role")) {
      var profiles = store.instanceProfiles().byRole(acct);
      for (Role r : store.roles().listRoles(acct, null)) {
        items.add(new Item("RoleDetailList", () -> {
          ObjectNode o = JsonNodes.object().put("Path", r.path()).put("RoleName", r.name()).put("RoleId", r.roleId())
              .put("Arn", r.arn());
          o.set("CreateDate", JsonNodes.time(r.createDate()));
          o.put("AssumeRolePolicyDocument", encodeDocument(r.trustPolicy()));
          o.set("InstanceProfileList", InstanceProfilesApi.profilesOfRole(store, profiles.getOrDefault(r.roleId(), List.of())));
          o.set("RolePolicyList", inlineList(store.inlinePolicies().inlinePolicies(acct, EntityType.ROLE, r.name())));
          o.set("AttachedManagedPolicies", attachedList(store.policies().attachedPolicies(acct, EntityType.ROLE, r.name())));
          boundary(o, r.permissionsBoundaryArn());
          o.set("Tags", JsonNodes.tags(store.tags().tagsOf(acct, "role", r.name())));
          o.putObject("RoleLastUsed");
          return o;
        }));
      }
    }
    if (all || filter.contains("LocalManagedPolicy")) {
      for (CustomerPolicy cp : store.policies().listPolicies(acct)) {
        items.add(new Item("Policies", () -> {
          ObjectNode o = policy(cp, true);
          o.put("PermissionsBoundaryUsageCount", boundaryCounts.getOrDefault(cp.arn(), 0));
          ArrayNode versions = o.putArray("PolicyVersionList");
          store.policies().listPolicyVersions(acct, cp.arn()).forEach(v -> versions.add(version(v, true)));
          return o;
        }));
      }
    }
    if (filter.contains("AWSManagedPolicy") || all) {
      // without a filter IAM lists only the AWS managed policies in use (attached or as boundary)
      boolean onlyUsed = !filter.contains("AWSManagedPolicy");
      for (ManagedPolicies.Info info : s.awsManaged.list()) {
        int n = counts.getOrDefault(info.arn(), 0);
        int b = boundaryCounts.getOrDefault(info.arn(), 0);
        if (onlyUsed && n == 0 && b == 0) {
          continue;
        }
        items.add(new Item("Policies", () -> {
          ManagedPolicy mp = s.awsPolicy(info.arn());
          ObjectNode o = awsPolicy(info, n, b);
          ObjectNode v = o.putArray("PolicyVersionList").addObject().put("Document", encodeDocument(mp.document()))
              .put("VersionId", mp.versionId()).put("IsDefaultVersion", true);
          v.set("CreateDate", JsonNodes.time(mp.updateDate()));
          return o;
        }));
      }
    }
    Page<Item> page = page(items, p);
    ObjectNode out = JsonNodes.object();
    for (String list : List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")) {
      out.putArray(list);
    }
    for (Item it : page.items()) {
      ((ArrayNode) out.get(it.list())).add(it.detail().get());
    }
    return page.truncation(out);
  }

  private static ArrayNode inlineList(List<InlinePolicy> inline) {
    ArrayNode a = JsonNodes.array();
    inline.forEach(ip -> a.addObject().put("PolicyName", ip.name()).put("PolicyDocument", encodeDocument(ip.document())));
    return a;
  }

  private static ArrayNode attachedList(List<String> arns) {
    ArrayNode a = JsonNodes.array();
    arns.forEach(arn -> a.add(attached(arn)));
    return a;
  }
}
