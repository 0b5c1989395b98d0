package dev.iamlocal.server;

import dev.iamlocal.arn.Arn;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.store.CustomerPolicy;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.StoredPolicyVersion;
import dev.iamlocal.store.User;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.PolicyEntity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import dev.iamlocal.server.IamApi.Params;
import static dev.iamlocal.server.ApiSupport.*;
import static dev.iamlocal.server.IamApi.IAM_NS;

/** Managed policies and their versions, attachments, inline policies, permissions boundaries. */
final class PoliciesApi {

  private final ApiSupport s;
  private final IamStore store;

  PoliciesApi(ApiSupport s) {
    this.s = s;
    this.store = s.store;
  }

  // ---------------------------------------------------------------- managed policies

  String createPolicy(Params p, Ctx c, String rid) {
    String name = name(p, "PolicyName", 128);
    String path = path(p);
    String doc = p.required("PolicyDocument");
    Map<String, String> tags = checkedPolicyTags(p);
    s.authorize(c, "iam:CreatePolicy", Arn.iam(c.acct(), "policy", path, name).toString(), tagContext(tags));
    validateIdentityPolicy(doc);
    CustomerPolicy cp = store.createPolicy(c.acct(), name, path, p.get("Description"), doc, tags);
    return wrap(IAM_NS, "CreatePolicy", rid, x -> policy(x.open("Policy"), cp, false).close());
  }

  String getPolicy(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:GetPolicy", arn, Map.of());
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      int count = store.attachmentCounts(c.acct()).getOrDefault(mp.arn(), 0);
      return wrap(IAM_NS, "GetPolicy", rid, x -> awsPolicy(x.open("Policy"), mp, count).close());
    }
    CustomerPolicy cp = store.getPolicy(c.acct(), arn);
    return wrap(IAM_NS, "GetPolicy", rid, x -> policy(x.open("Policy"), cp, true).close());
  }

  String getPolicyVersion(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:GetPolicyVersion", arn, Map.of());
    StoredPolicyVersion v;
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      if (!mp.versionId().equals(version)) {
        // only the default version of AWS managed policies is bundled
        throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " version " + version
            + " does not exist or is not attachable.");
      }
      v = new StoredPolicyVersion(mp.versionId(), mp.document(), true, Instant.parse(mp.updateDate()));
    } else {
      v = store.getPolicyVersion(c.acct(), arn, version);
    }
    return wrap(IAM_NS, "GetPolicyVersion", rid, x -> x.open("PolicyVersion").el("Document", encodeDocument(v.document()))
        .el("VersionId", v.versionId()).el("IsDefaultVersion", v.isDefault()).el("CreateDate", v.createDate()).close());
  }

  String listPolicies(Params p, Ctx c, String rid) {
    s.authorize(c, "iam:ListPolicies", "*", Map.of());
    String scope = p.values().getOrDefault("Scope", "All");
    if (!List.of("All", "AWS", "Local").contains(scope)) {
      throw AwsError.validation("1 validation error detected: Value '" + scope
          + "' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
    }
    boolean onlyAttached = "true".equalsIgnoreCase(p.get("OnlyAttached"));
    String prefix = p.values().getOrDefault("PathPrefix", "/");
    Map<String, Integer> counts = store.attachmentCounts(c.acct());
    List<Function<Xml, Xml>> rows = new ArrayList<>();
    if (!scope.equals("Local")) {
      for (ManagedPolicy mp : s.awsManaged.all()) {
        int n = counts.getOrDefault(mp.arn(), 0);
        if ((!onlyAttached || n > 0) && mp.path().startsWith(prefix)) {
          rows.add(x -> awsPolicy(x, mp, n));
        }
      }
    }
    if (!scope.equals("AWS")) {
      for (CustomerPolicy cp : store.listPolicies(c.acct())) {
        if ((!onlyAttached || cp.attachmentCount() > 0) && cp.path().startsWith(prefix)) {
          rows.add(x -> policy(x, cp, false));
        }
      }
    }
    Page<Function<Xml, Xml>> page = page(rows, p);
    return wrap(IAM_NS, "ListPolicies", rid, x -> {
      page.write(x, "Policies", (m, r) -> r.apply(m));
    });
  }

  private static Xml policy(Xml x, CustomerPolicy cp, boolean withDescription) {
    return x.el("PolicyName", cp.name()).el("PolicyId", cp.policyId()).el("Arn", cp.arn()).el("Path", cp.path())
        .el("DefaultVersionId", cp.defaultVersionId()).el("AttachmentCount", cp.attachmentCount())
        .el("PermissionsBoundaryUsageCount", cp.permissionsBoundaryUsageCount()).el("IsAttachable", true)
        .el("Description", withDescription ? cp.description() : null)
        .el("CreateDate", cp.createDate()).el("UpdateDate", cp.updateDate());
  }

  private static Xml awsPolicy(Xml x, ManagedPolicy mp, int attachments) {
    String id = "ANPA" + Base64.getEncoder().withoutPadding().encodeToString(
        SigV4.sha256(mp.arn().getBytes(StandardCharsets.UTF_8))).toUpperCase(java.util.Locale.ROOT)
        .replaceAll("[^A-Z0-9]", "").substring(0, 16);
    return x.el("PolicyName", mp.name()).el("PolicyId", id).el("Arn", mp.arn()).el("Path", mp.path())
        .el("DefaultVersionId", mp.versionId()).el("AttachmentCount", attachments)
        .el("PermissionsBoundaryUsageCount", 0).el("IsAttachable", true)
        .el("CreateDate", mp.createDate()).el("UpdateDate", mp.updateDate());
  }

  // ---------------------------------------------------------------- attachments and inline policies

  String attach(EntityType type, String nameParam, Params p, Ctx c, String rid) {
    String name = p.required(nameParam);
    String arn = p.required("PolicyArn");
    String resource = entityArn(type, name, c);
    s.authorize(c, "iam:Attach" + type.title() + "Policy", resource, Map.of("iam:PolicyARN", arn));
    store.attachPolicy(c.acct(), type, name, arn);
    return wrap(IAM_NS, "Attach" + type.title() + "Policy", rid, null);
  }

  String listAttached(EntityType type, String nameParam, Params p, Ctx c, String rid) {
    String name = p.required(nameParam);
    s.authorize(c, "iam:ListAttached" + type.title() + "Policies", entityArn(type, name, c), Map.of());
    String prefix = p.values().getOrDefault("PathPrefix", "/");
    List<String> arns = store.attachedPolicies(c.acct(), type, name).stream()
        .filter(a -> policyPath(a).startsWith(prefix)).toList();
    Page<String> page = page(arns, p);
    return wrap(IAM_NS, "ListAttached" + type.title() + "Policies", rid, x -> {
      page.write(x, "AttachedPolicies", (m, a) ->
          m.el("PolicyName", a.substring(a.lastIndexOf('/') + 1)).el("PolicyArn", a));
    });
  }

  private static String policyPath(String arn) {
    String rest = arn.substring(arn.indexOf(":policy") + ":policy".length());
    return rest.substring(0, rest.lastIndexOf('/') + 1);
  }

  String putUserPolicy(Params p, Ctx c, String rid) {
    String user = p.required("UserName");
    String name = name(p, "PolicyName", 128);
    String doc = p.required("PolicyDocument");
    s.authorize(c, "iam:PutUserPolicy", s.existingUserArn(c, user), Map.of());
    validateIdentityPolicy(doc);
    store.putInlinePolicy(c.acct(), EntityType.USER, user, name, doc);
    return wrap(IAM_NS, "PutUserPolicy", rid, null);
  }

  String getUserPolicy(Params p, Ctx c, String rid) {
    String user = p.required("UserName");
    String name = p.required("PolicyName");
    s.authorize(c, "iam:GetUserPolicy", s.existingUserArn(c, user), Map.of());
    User u = store.getUser(c.acct(), user);
    InlinePolicy ip = store.getInlinePolicy(c.acct(), EntityType.USER, user, name);
    return wrap(IAM_NS, "GetUserPolicy", rid, x -> x.el("UserName", u.name()).el("PolicyName", ip.name())
        .el("PolicyDocument", encodeDocument(ip.document())));
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

  String deletePolicy(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:DeletePolicy", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:DeletePolicy", arn);
    store.deletePolicy(c.acct(), arn);
    return wrap(IAM_NS, "DeletePolicy", rid, null);
  }

  String createPolicyVersion(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String doc = p.required("PolicyDocument");
    boolean setDefault = bool(p, "SetAsDefault", false);
    s.authorize(c, "iam:CreatePolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:CreatePolicyVersion", arn);
    validateIdentityPolicy(doc);
    StoredPolicyVersion v = store.createPolicyVersion(c.acct(), arn, doc, setDefault);
    return wrap(IAM_NS, "CreatePolicyVersion", rid, x -> x.open("PolicyVersion").el("VersionId", v.versionId())
        .el("IsDefaultVersion", v.isDefault()).el("CreateDate", v.createDate()).close());
  }

  String listPolicyVersions(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:ListPolicyVersions", arn, Map.of());
    List<StoredPolicyVersion> versions;
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      versions = List.of(new StoredPolicyVersion(mp.versionId(), mp.document(), true, Instant.parse(mp.updateDate())));
    } else {
      versions = store.listPolicyVersions(c.acct(), arn);
    }
    Page<StoredPolicyVersion> page = page(versions, p);
    return wrap(IAM_NS, "ListPolicyVersions", rid, x -> {
      // documents are not listed, as in IAM: GetPolicyVersion returns them
      page.write(x, "Versions", (m, v) ->
          m.el("VersionId", v.versionId()).el("IsDefaultVersion", v.isDefault()).el("CreateDate", v.createDate()));
    });
  }

  String deletePolicyVersion(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:DeletePolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:DeletePolicyVersion", arn);
    store.deletePolicyVersion(c.acct(), arn, version);
    return wrap(IAM_NS, "DeletePolicyVersion", rid, null);
  }

  String setDefaultPolicyVersion(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    s.authorize(c, "iam:SetDefaultPolicyVersion", arn, Map.of());
    PolicyArns.checkChangeable(c, "iam:SetDefaultPolicyVersion", arn);
    store.setDefaultPolicyVersion(c.acct(), arn, version);
    return wrap(IAM_NS, "SetDefaultPolicyVersion", rid, null);
  }



  String detach(EntityType type, Params p, Ctx c, String rid) {
    String name = p.required(nameParam(type));
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:Detach" + type.title() + "Policy", entityArn(type, name, c), Map.of("iam:PolicyARN", arn));
    store.detachPolicy(c.acct(), type, name, arn);
    return wrap(IAM_NS, "Detach" + type.title() + "Policy", rid, null);
  }

  String listEntitiesForPolicy(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String filter = p.get("EntityFilter");
    if (filter != null && !List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy").contains(filter)) {
      throw AwsError.validation("1 validation error detected: Value '" + filter + "' at 'entityFilter' failed to"
          + " satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy,"
          + " AWSManagedPolicy]");
    }
    String prefix = optionalPath(p, "PathPrefix");
    s.authorize(c, "iam:ListEntitiesForPolicy", arn, Map.of());
    // EntityFilter User/Group/Role keeps that type; LocalManagedPolicy and AWSManagedPolicy name no
    // entity type, so nothing is listed (AWS's recorded answer); PolicyUsageFilter picks attachments
    // (PermissionsPolicy) or boundaries (PermissionsBoundary), both when absent
    String usage = p.get("PolicyUsageFilter");
    List<PolicyEntity> all = store.entitiesForPolicy(c.acct(), arn, !"PermissionsBoundary".equals(usage),
            !"PermissionsPolicy".equals(usage)).stream()
        .filter(e -> filter == null || filter.equals(e.type().title()))
        .filter(e -> prefix == null || e.path().startsWith(prefix)).toList();
    Page<PolicyEntity> page = page(all, p);
    return wrap(IAM_NS, "ListEntitiesForPolicy", rid, x -> {
      for (EntityType t : List.of(EntityType.GROUP, EntityType.USER, EntityType.ROLE)) {
        x.open("Policy" + t.title() + "s");
        for (PolicyEntity e : page.items()) {
          if (e.type() == t) {
            x.open("member").el(t.title() + "Name", e.name()).el(t.title() + "Id", e.id()).close();
          }
        }
        x.close();
      }
      page.write(x);
    });
  }

  // ---------------------------------------------------------------- inline policies of users, groups, roles

  String putInline(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    String name = name(p, "PolicyName", 128);
    String doc = p.required("PolicyDocument");
    s.authorize(c, "iam:Put" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    validateIdentityPolicy(doc);
    store.putInlinePolicy(c.acct(), type, entity, name, doc);
    return wrap(IAM_NS, "Put" + type.title() + "Policy", rid, null);
  }

  String getInline(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    String name = p.required("PolicyName");
    s.authorize(c, "iam:Get" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    String stored = switch (type) {
      case USER -> store.getUser(c.acct(), entity).name();
      case GROUP -> store.getGroup(c.acct(), entity).name();
      case ROLE -> store.getRole(c.acct(), entity).name();
    };
    InlinePolicy ip = store.getInlinePolicy(c.acct(), type, entity, name);
    return wrap(IAM_NS, "Get" + type.title() + "Policy", rid, x -> x.el(nameParam(type), stored)
        .el("PolicyName", ip.name()).el("PolicyDocument", encodeDocument(ip.document())));
  }

  String listInline(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    s.authorize(c, "iam:List" + type.title() + "Policies", entityArn(type, entity, c), Map.of());
    Page<InlinePolicy> page = page(store.inlinePolicies(c.acct(), type, entity), p);
    return wrap(IAM_NS, "List" + type.title() + "Policies", rid, x -> {
      x.open("PolicyNames");
      for (InlinePolicy ip : page.items()) {
        x.el("member", ip.name());
      }
      x.close();
      page.write(x);
    });
  }

  String deleteInline(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    String name = p.required("PolicyName");
    s.authorize(c, "iam:Delete" + type.title() + "Policy", entityArn(type, entity, c), Map.of());
    store.deleteInlinePolicy(c.acct(), type, entity, name);
    return wrap(IAM_NS, "Delete" + type.title() + "Policy", rid, null);
  }

  // ---------------------------------------------------------------- permissions boundaries

  String putBoundary(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    String arn = p.required("PermissionsBoundary");
    s.authorize(c, "iam:Put" + type.title() + "PermissionsBoundary", entityArn(type, entity, c),
        Map.of("iam:PermissionsBoundary", arn));
    store.setPermissionsBoundary(c.acct(), type, entity, arn);
    return wrap(IAM_NS, "Put" + type.title() + "PermissionsBoundary", rid, null);
  }

  String deleteBoundary(EntityType type, Params p, Ctx c, String rid) {
    String entity = p.required(nameParam(type));
    String current = type == EntityType.USER ? store.getUser(c.acct(), entity).permissionsBoundaryArn()
        : store.getRole(c.acct(), entity).permissionsBoundaryArn();
    s.authorize(c, "iam:Delete" + type.title() + "PermissionsBoundary", entityArn(type, entity, c),
        current == null ? Map.of() : Map.of("iam:PermissionsBoundary", current));
    store.setPermissionsBoundary(c.acct(), type, entity, null);
    return wrap(IAM_NS, "Delete" + type.title() + "PermissionsBoundary", rid, null);
  }

  // ---------------------------------------------------------------- account authorization details

  String getAccountAuthorizationDetails(Params p, Ctx c, String rid) {
    List<String> filter = p.members("Filter");
    for (String f : filter) {
      if (!List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy").contains(f)) {
        throw AwsError.validation("1 validation error detected: Value '[" + String.join(", ", filter)
            + "]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy"
            + " enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]");
      }
    }
    s.authorize(c, "iam:GetAccountAuthorizationDetails", "*", Map.of());
    boolean all = filter.isEmpty();
    String acct = c.acct();
    List<java.util.function.Consumer<Xml>> users = new ArrayList<>();
    List<java.util.function.Consumer<Xml>> groups = new ArrayList<>();
    List<java.util.function.Consumer<Xml>> roles = new ArrayList<>();
    List<java.util.function.Consumer<Xml>> policies = new ArrayList<>();
    Map<String, Integer> counts = store.attachmentCounts(acct);
    Map<String, Integer> boundaryCounts = store.boundaryUsageCounts(acct);
    if (all || filter.contains("User")) {
      for (User u : store.listUsers(acct, null)) {
        var inline = store.inlinePolicies(acct, EntityType.USER, u.name());
        var attached = store.attachedPolicies(acct, EntityType.USER, u.name());
        var groupNames = store.groupsForUser(acct, u.name()).stream().map(Group::name).toList();
        var tags = store.userTags(acct, u.name());
        users.add(x -> {
          x.el("Path", u.path()).el("UserName", u.name()).el("UserId", u.userId()).el("Arn", u.arn())
              .el("CreateDate", u.createDate());
          inlineList(x, "UserPolicyList", inline);
          x.open("GroupList");
          groupNames.forEach(g -> x.el("member", g));
          x.close();
          attachedList(x, attached);
          boundary(x, u.permissionsBoundaryArn());
          tags(x, tags);
        });
      }
    }
    if (all || filter.contains("Group")) {
      for (Group g : store.listGroups(acct, null)) {
        var inline = store.inlinePolicies(acct, EntityType.GROUP, g.name());
        var attached = store.attachedPolicies(acct, EntityType.GROUP, g.name());
        groups.add(x -> {
          x.el("Path", g.path()).el("GroupName", g.name()).el("GroupId", g.groupId()).el("Arn", g.arn())
              .el("CreateDate", g.createDate());
          inlineList(x, "GroupPolicyList", inline);
          attachedList(x, attached);
        });
      }
    }
    if (all || filter.contains("Role")) {
      for (Role r : store.listRoles(acct, null)) {
        var inline = store.inlinePolicies(acct, EntityType.ROLE, r.name());
        var attached = store.attachedPolicies(acct, EntityType.ROLE, r.name());
        var tags = store.tagsOf(acct, "role", r.name());
        roles.add(x -> {
          x.el("Path", r.path()).el("RoleName", r.name()).el("RoleId", r.roleId()).el("Arn", r.arn())
              .el("CreateDate", r.createDate()).el("AssumeRolePolicyDocument", encodeDocument(r.trustPolicy()));
          x.open("InstanceProfileList").close();
          inlineList(x, "RolePolicyList", inline);
          attachedList(x, attached);
          boundary(x, r.permissionsBoundaryArn());
          tags(x, tags);
          x.open("RoleLastUsed").close();
        });
      }
    }
    if (all || filter.contains("LocalManagedPolicy")) {
      for (CustomerPolicy cp : store.listPolicies(acct)) {
        var versions = store.listPolicyVersions(acct, cp.arn());
        policies.add(x -> {
          x.el("PolicyName", cp.name()).el("PolicyId", cp.policyId()).el("Arn", cp.arn()).el("Path", cp.path())
              .el("DefaultVersionId", cp.defaultVersionId()).el("AttachmentCount", cp.attachmentCount())
              .el("PermissionsBoundaryUsageCount", boundaryCounts.getOrDefault(cp.arn(), 0)).el("IsAttachable", true)
              .el("Description", cp.description()).el("CreateDate", cp.createDate()).el("UpdateDate", cp.updateDate());
          x.open("PolicyVersionList");
          for (StoredPolicyVersion v : versions) {
            x.open("member").el("Document", encodeDocument(v.document())).el("VersionId", v.versionId())
                .el("IsDefaultVersion", v.isDefault()).el("CreateDate", v.createDate()).close();
          }
          x.close();
        });
      }
    }
    if (filter.contains("AWSManagedPolicy")) {
      addAwsPolicies(policies, counts, boundaryCounts, false);
    } else if (all) {
      // without a filter IAM lists only the AWS managed policies in use (attached or as boundary)
      addAwsPolicies(policies, counts, boundaryCounts, true);
    }
    // one page over the concatenation, in IAM's order: users, groups, roles, policies
    List<Object[]> items = new ArrayList<>();
    users.forEach(u -> items.add(new Object[] {"UserDetailList", u}));
    groups.forEach(g -> items.add(new Object[] {"GroupDetailList", g}));
    roles.forEach(r -> items.add(new Object[] {"RoleDetailList", r}));
    policies.forEach(x -> items.add(new Object[] {"Policies", x}));
    Page<Object[]> page = page(items, p);
    return wrap(IAM_NS, "GetAccountAuthorizationDetails", rid, x -> {
      for (String list : List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")) {
        x.open(list);
        for (Object[] it : page.items()) {
          if (it[0].equals(list)) {
            @SuppressWarnings("unchecked")
            var w = (java.util.function.Consumer<Xml>) it[1];
            x.open("member");
            w.accept(x);
            x.close();
          }
        }
        x.close();
      }
      page.write(x);
    });
  }

  private void addAwsPolicies(List<java.util.function.Consumer<Xml>> out, Map<String, Integer> counts,
      Map<String, Integer> boundaryCounts, boolean onlyUsed) {
    for (ManagedPolicy mp : s.awsManaged.all()) {
      int n = counts.getOrDefault(mp.arn(), 0);
      int b = boundaryCounts.getOrDefault(mp.arn(), 0);
      if (onlyUsed && n == 0 && b == 0) {
        continue;
      }
      out.add(x -> {
        awsPolicy(x, mp, n);
        x.open("PolicyVersionList").open("member").el("Document", encodeDocument(mp.document()))
            .el("VersionId", mp.versionId()).el("IsDefaultVersion", true).el("CreateDate", mp.updateDate())
            .close().close();
      });
    }
  }

  private static void inlineList(Xml x, String element, List<InlinePolicy> inline) {
    x.open(element);
    for (InlinePolicy ip : inline) {
      x.open("member").el("PolicyName", ip.name()).el("PolicyDocument", encodeDocument(ip.document())).close();
    }
    x.close();
  }

  private static void attachedList(Xml x, List<String> arns) {
    x.open("AttachedManagedPolicies");
    for (String a : arns) {
      x.open("member").el("PolicyName", a.substring(a.lastIndexOf('/') + 1)).el("PolicyArn", a).close();
    }
    x.close();
  }

  private static void boundary(Xml x, String arn) {
    if (arn != null) {
      x.open("PermissionsBoundary").el("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
          .el("PermissionsBoundaryArn", arn).close();
    }
  }
}
