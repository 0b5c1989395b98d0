package dev.iamlocal.server;

import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ManagedPolicy;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.MatchedStatement;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ParseProblem;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.GlobalKeys;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.CustomerPolicy;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.Group;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.InlinePolicy;
import dev.iamlocal.store.StoredPolicyVersion;
import dev.iamlocal.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
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
    s.authorize(c, "iam:CreatePolicy", "arn:aws:iam::" + c.acct() + ":policy" + path + name, tagContext(p.tags()));
    validateIdentityPolicy(doc);
    CustomerPolicy cp = store.createPolicy(c.acct(), name, path, p.get("Description"), doc);
    return wrap(IAM_NS, "CreatePolicy", rid, x -> policy(x.open("Policy"), cp, false).close());
  }

  String getPolicy(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    s.authorize(c, "iam:GetPolicy", arn, Map.of());
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = s.awsPolicy(arn);
      int count = store.attachmentCounts().getOrDefault(mp.arn(), 0);
      return wrap(IAM_NS, "GetPolicy", rid, x -> awsPolicy(x.open("Policy"), mp, count).close());
    }
    CustomerPolicy cp = store.getPolicy(arn);
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
      v = store.getPolicyVersion(arn, version);
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
    Map<String, Integer> counts = store.attachmentCounts();
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
      x.open("Policies");
      for (Function<Xml, Xml> r : page.items()) {
        r.apply(x.open("member")).close();
      }
      x.close();
      page.write(x);
    });
  }

  private static Xml policy(Xml x, CustomerPolicy cp, boolean withDescription) {
    return x.el("PolicyName", cp.name()).el("PolicyId", cp.policyId()).el("Arn", cp.arn()).el("Path", cp.path())
        .el("DefaultVersionId", cp.defaultVersionId()).el("AttachmentCount", cp.attachmentCount())
        .el("PermissionsBoundaryUsageCount", 0).el("IsAttachable", true)
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
    String resource = type == EntityType.USER ? s.existingUserArn(c, name) : s.existingGroupArn(c, name);
    s.authorize(c, "iam:Attach" + type.title() + "Policy", resource, Map.of("iam:PolicyARN", arn));
    store.attachPolicy(c.acct(), type, name, arn);
    return wrap(IAM_NS, "Attach" + type.title() + "Policy", rid, null);
  }

  String listAttached(EntityType type, String nameParam, Params p, Ctx c, String rid) {
    String name = p.required(nameParam);
    s.authorize(c, "iam:ListAttached" + type.title() + "Policies", s.existingUserArn(c, name), Map.of());
    String prefix = p.values().getOrDefault("PathPrefix", "/");
    List<String> arns = store.attachedPolicies(c.acct(), type, name).stream()
        .filter(a -> policyPath(a).startsWith(prefix)).toList();
    Page<String> page = page(arns, p);
    return wrap(IAM_NS, "ListAttached" + type.title() + "Policies", rid, x -> {
      x.open("AttachedPolicies");
      for (String a : page.items()) {
        x.open("member").el("PolicyName", a.substring(a.lastIndexOf('/') + 1)).el("PolicyArn", a).close();
      }
      x.close();
      page.write(x);
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

}
