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
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The IAM and STS operations over the AWS Query protocol: parameters in, XML result out. Every
 * operation is authorized by the engine against the caller's stored policies before it acts.
 */
final class IamApi {

  static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
  static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
  private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");

  private final IamStore store;
  private final ManagedPolicies awsManaged;
  private final Clock clock;
  private final Authorizer authorizer;

  IamApi(IamStore store, Clock clock) {
    this.store = store;
    this.awsManaged = ManagedPolicies.bundled();
    this.clock = clock;
    this.authorizer = new Authorizer(store, clock);
  }

  /** Query parameters of one request (query string and form body merged; first value wins). */
  record Params(Map<String, String> values) {
    String get(String name) {
      return values.get(name);
    }

    String required(String name) {
      String v = values.get(name);
      if (v == null) {
        throw AwsError.validation("1 validation error detected: Value null at '" + lowerFirst(name)
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

    Map<String, String> tags() {
      Map<String, String> out = new LinkedHashMap<>();
      for (int i = 1; values.containsKey("Tags.member." + i + ".Key"); i++) {
        out.put(values.get("Tags.member." + i + ".Key"), values.getOrDefault("Tags.member." + i + ".Value", ""));
      }
      return out;
    }
  }

  /** Runs {@code action} for the caller; returns the XML body of the success response. */
  String handle(String service, String action, Params p, Caller caller, String sourceIp, String requestId) {
    if ("sts".equals(service)) {
      if ("GetCallerIdentity".equals(action)) {
        // AWS answers GetCallerIdentity for any valid credentials, even under an explicit deny.
        return wrap(STS_NS, action, requestId, x -> x.el("Arn", caller.arn()).el("UserId", caller.userId())
            .el("Account", caller.accountId()));
      }
      throw new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }
    Ctx c = new Ctx(caller, sourceIp);
    return switch (action) {
      case "CreateUser" -> createUser(p, c, requestId);
      case "GetUser" -> getUser(p, c, requestId);
      case "ListUsers" -> listUsers(p, c, requestId);
      case "DeleteUser" -> deleteUser(p, c, requestId);
      case "CreateGroup" -> createGroup(p, c, requestId);
      case "AddUserToGroup" -> addUserToGroup(p, c, requestId);
      case "GetGroup" -> getGroup(p, c, requestId);
      case "ListGroupsForUser" -> listGroupsForUser(p, c, requestId);
      case "CreatePolicy" -> createPolicy(p, c, requestId);
      case "GetPolicy" -> getPolicy(p, c, requestId);
      case "GetPolicyVersion" -> getPolicyVersion(p, c, requestId);
      case "ListPolicies" -> listPolicies(p, c, requestId);
      case "AttachUserPolicy" -> attach(EntityType.USER, "UserName", p, c, requestId);
      case "AttachGroupPolicy" -> attach(EntityType.GROUP, "GroupName", p, c, requestId);
      case "ListAttachedUserPolicies" -> listAttached(EntityType.USER, "UserName", p, c, requestId);
      case "PutUserPolicy" -> putUserPolicy(p, c, requestId);
      case "GetUserPolicy" -> getUserPolicy(p, c, requestId);
      case "CreateAccessKey" -> createAccessKey(p, c, requestId);
      case "ListAccessKeys" -> listAccessKeys(p, c, requestId);
      case "SimulatePrincipalPolicy" -> simulatePrincipalPolicy(p, c, requestId);
      default -> throw new AwsError(400, "InvalidAction", "Could not find operation " + action
          + " for version 2010-05-08");
    };
  }

  /** The caller and what the request carries that conditions may test. */
  private record Ctx(Caller caller, String sourceIp) {
    String acct() {
      return caller.accountId();
    }
  }

  // ---------------------------------------------------------------- users

  private String createUser(Params p, Ctx c, String rid) {
    String name = name(p, "UserName", 64);
    String path = path(p);
    Map<String, String> tags = p.tags();
    authorize(c, "iam:CreateUser", userArn(c, path, name), tagContext(tags));
    User u = store.createUser(c.acct(), name, path, tags);
    return wrap(IAM_NS, "CreateUser", rid, x -> user(x.open("User"), u, tags).close());
  }

  private String getUser(Params p, Ctx c, String rid) {
    String name = p.get("UserName");
    if (name == null) {
      if (c.caller().isRoot()) {
        authorize(c, "iam:GetUser", c.caller().arn(), Map.of());
        Instant created = store.account(c.acct()).orElseThrow().createDate();
        return wrap(IAM_NS, "GetUser", rid, x -> x.open("User").el("UserId", c.acct()).el("Arn", c.caller().arn())
            .el("CreateDate", created).close());
      }
      name = c.caller().userName();
    }
    String n = name;
    authorize(c, "iam:GetUser", existingUserArn(c, n), Map.of());
    User u = store.getUser(c.acct(), n);
    Map<String, String> tags = store.userTags(c.acct(), n);
    return wrap(IAM_NS, "GetUser", rid, x -> user(x.open("User"), u, tags).close());
  }

  private String listUsers(Params p, Ctx c, String rid) {
    authorize(c, "iam:ListUsers", "arn:aws:iam::" + c.acct() + ":user/", Map.of());
    Page<User> page = page(store.listUsers(c.acct(), p.get("PathPrefix")), p);
    return wrap(IAM_NS, "ListUsers", rid, x -> {
      x.open("Users");
      for (User u : page.items()) {
        user(x.open("member"), u, Map.of()).close();
      }
      x.close();
      page.write(x);
    });
  }

  private String deleteUser(Params p, Ctx c, String rid) {
    String name = p.required("UserName");
    authorize(c, "iam:DeleteUser", existingUserArn(c, name), Map.of());
    store.deleteUser(c.acct(), name);
    return wrap(IAM_NS, "DeleteUser", rid, null);
  }

  private static Xml user(Xml x, User u, Map<String, String> tags) {
    x.el("Path", u.path()).el("UserName", u.name()).el("UserId", u.userId()).el("Arn", u.arn())
        .el("CreateDate", u.createDate());
    if (u.permissionsBoundaryArn() != null) {
      x.open("PermissionsBoundary").el("PermissionsBoundaryType", "Policy")
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

  private String createGroup(Params p, Ctx c, String rid) {
    String name = name(p, "GroupName", 128);
    String path = path(p);
    authorize(c, "iam:CreateGroup", "arn:aws:iam::" + c.acct() + ":group" + path + name, Map.of());
    Group g = store.createGroup(c.acct(), name, path);
    return wrap(IAM_NS, "CreateGroup", rid, x -> group(x.open("Group"), g).close());
  }

  private String addUserToGroup(Params p, Ctx c, String rid) {
    String group = p.required("GroupName");
    String user = p.required("UserName");
    authorize(c, "iam:AddUserToGroup", existingGroupArn(c, group), Map.of());
    store.addUserToGroup(c.acct(), group, user);
    return wrap(IAM_NS, "AddUserToGroup", rid, null);
  }

  private String getGroup(Params p, Ctx c, String rid) {
    String name = p.required("GroupName");
    authorize(c, "iam:GetGroup", existingGroupArn(c, name), Map.of());
    Group g = store.getGroup(c.acct(), name);
    Page<User> page = page(store.groupMembers(c.acct(), name), p);
    return wrap(IAM_NS, "GetGroup", rid, x -> {
      group(x.open("Group"), g).close();
      x.open("Users");
      for (User u : page.items()) {
        user(x.open("member"), u, Map.of()).close();
      }
      x.close();
      page.write(x);
    });
  }

  private String listGroupsForUser(Params p, Ctx c, String rid) {
    String name = p.required("UserName");
    authorize(c, "iam:ListGroupsForUser", existingUserArn(c, name), Map.of());
    Page<Group> page = page(store.groupsForUser(c.acct(), name), p);
    return wrap(IAM_NS, "ListGroupsForUser", rid, x -> {
      x.open("Groups");
      for (Group g : page.items()) {
        group(x.open("member"), g).close();
      }
      x.close();
      page.write(x);
    });
  }

  private static Xml group(Xml x, Group g) {
    return x.el("Path", g.path()).el("GroupName", g.name()).el("GroupId", g.groupId()).el("Arn", g.arn())
        .el("CreateDate", g.createDate());
  }

  // ---------------------------------------------------------------- managed policies

  private String createPolicy(Params p, Ctx c, String rid) {
    String name = name(p, "PolicyName", 128);
    String path = path(p);
    String doc = p.required("PolicyDocument");
    authorize(c, "iam:CreatePolicy", "arn:aws:iam::" + c.acct() + ":policy" + path + name, tagContext(p.tags()));
    validateIdentityPolicy(doc);
    CustomerPolicy cp = store.createPolicy(c.acct(), name, path, p.get("Description"), doc);
    return wrap(IAM_NS, "CreatePolicy", rid, x -> policy(x.open("Policy"), cp, false).close());
  }

  private String getPolicy(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    authorize(c, "iam:GetPolicy", arn, Map.of());
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = awsPolicy(arn);
      int count = store.attachmentCounts().getOrDefault(mp.arn(), 0);
      return wrap(IAM_NS, "GetPolicy", rid, x -> awsPolicy(x.open("Policy"), mp, count).close());
    }
    CustomerPolicy cp = store.getPolicy(arn);
    return wrap(IAM_NS, "GetPolicy", rid, x -> policy(x.open("Policy"), cp, true).close());
  }

  private String getPolicyVersion(Params p, Ctx c, String rid) {
    String arn = p.required("PolicyArn");
    String version = p.required("VersionId");
    authorize(c, "iam:GetPolicyVersion", arn, Map.of());
    StoredPolicyVersion v;
    if (isAwsManaged(arn)) {
      ManagedPolicy mp = awsPolicy(arn);
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

  private String listPolicies(Params p, Ctx c, String rid) {
    authorize(c, "iam:ListPolicies", "*", Map.of());
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
      for (ManagedPolicy mp : awsManaged.all()) {
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

  private static boolean isAwsManaged(String arn) {
    return arn.startsWith("arn:aws:iam::aws:policy/");
  }

  private ManagedPolicy awsPolicy(String arn) {
    return awsManaged.byArn(arn).filter(mp -> mp.arn().equals(arn))
        .orElseThrow(() -> new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found."));
  }

  // ---------------------------------------------------------------- attachments and inline policies

  private String attach(EntityType type, String nameParam, Params p, Ctx c, String rid) {
    String name = p.required(nameParam);
    String arn = p.required("PolicyArn");
    String resource = type == EntityType.USER ? existingUserArn(c, name) : existingGroupArn(c, name);
    authorize(c, "iam:Attach" + type.title() + "Policy", resource, Map.of("iam:PolicyARN", arn));
    store.attachPolicy(c.acct(), type, name, arn);
    return wrap(IAM_NS, "Attach" + type.title() + "Policy", rid, null);
  }

  private String listAttached(EntityType type, String nameParam, Params p, Ctx c, String rid) {
    String name = p.required(nameParam);
    authorize(c, "iam:ListAttached" + type.title() + "Policies", existingUserArn(c, name), Map.of());
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

  private String putUserPolicy(Params p, Ctx c, String rid) {
    String user = p.required("UserName");
    String name = name(p, "PolicyName", 128);
    String doc = p.required("PolicyDocument");
    authorize(c, "iam:PutUserPolicy", existingUserArn(c, user), Map.of());
    validateIdentityPolicy(doc);
    store.putInlinePolicy(c.acct(), EntityType.USER, user, name, doc);
    return wrap(IAM_NS, "PutUserPolicy", rid, null);
  }

  private String getUserPolicy(Params p, Ctx c, String rid) {
    String user = p.required("UserName");
    String name = p.required("PolicyName");
    authorize(c, "iam:GetUserPolicy", existingUserArn(c, user), Map.of());
    User u = store.getUser(c.acct(), user);
    InlinePolicy ip = store.getInlinePolicy(c.acct(), EntityType.USER, user, name);
    return wrap(IAM_NS, "GetUserPolicy", rid, x -> x.el("UserName", u.name()).el("PolicyName", ip.name())
        .el("PolicyDocument", encodeDocument(ip.document())));
  }

  // ---------------------------------------------------------------- access keys

  private String createAccessKey(Params p, Ctx c, String rid) {
    String user = p.get("UserName") != null ? p.get("UserName") : c.caller().userName();
    authorize(c, "iam:CreateAccessKey", user == null ? c.caller().arn() : existingUserArn(c, user), Map.of());
    AccessKey k = store.createAccessKey(c.acct(), user);
    return wrap(IAM_NS, "CreateAccessKey", rid, x -> x.open("AccessKey").el("UserName", k.userName())
        .el("AccessKeyId", k.accessKeyId()).el("Status", k.status()).el("SecretAccessKey", k.secret())
        .el("CreateDate", k.createDate()).close());
  }

  private String listAccessKeys(Params p, Ctx c, String rid) {
    String user = p.get("UserName") != null ? p.get("UserName") : c.caller().userName();
    authorize(c, "iam:ListAccessKeys", user == null ? c.caller().arn() : existingUserArn(c, user), Map.of());
    Page<AccessKey> page = page(store.listAccessKeys(c.acct(), user), p);
    return wrap(IAM_NS, "ListAccessKeys", rid, x -> {
      x.open("AccessKeyMetadata");
      for (AccessKey k : page.items()) {
        // metadata only: a secret is shown once, in the CreateAccessKey response
        x.open("member").el("UserName", k.userName()).el("AccessKeyId", k.accessKeyId()).el("Status", k.status())
            .el("CreateDate", k.createDate()).close();
      }
      x.close();
      page.write(x);
      if (user != null) {
        x.el("UserName", user);
      }
    });
  }

  // ---------------------------------------------------------------- simulation

  private String simulatePrincipalPolicy(Params p, Ctx c, String rid) {
    String source = p.required("PolicySourceArn");
    List<String> actions = p.members("ActionNames");
    if (actions.isEmpty()) {
      throw AwsError.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy"
          + " constraint: Member must not be null");
    }
    authorize(c, "iam:SimulatePrincipalPolicy", source, Map.of());
    Principal principal = Principal.parse(source);
    if (principal.kind() != Principal.Kind.USER || !c.acct().equals(principal.accountId())) {
      throw AwsError.invalidInput("Invalid Entity Arn: " + source + " does not clearly define entity type and name.");
    }
    String userName = principal.name();
    User u = store.getUser(c.acct(), userName);
    if (!u.arn().equals(source)) {
      throw new AwsError(404, "NoSuchEntity", "The user with name " + userName + " cannot be found.");
    }
    List<Policy> policies = new ArrayList<>();
    for (IdentityPolicy ip : store.policiesOfUser(c.acct(), u.name())) {
      policies.add(new Policy(ip.id(), PolicyParser.parse(ip.document()), ip.sourceType()));
    }
    List<String> inputs = p.members("PolicyInputList");
    for (int i = 0; i < inputs.size(); i++) {
      policies.add(new Policy("PolicyInputList." + (i + 1), parseForSimulation(inputs.get(i)), "IAM Policy"));
    }
    PolicySet.Builder set = PolicySet.builder().identity(policies);
    List<String> boundaryInputs = p.members("PermissionsBoundaryPolicyInputList");
    if (!boundaryInputs.isEmpty()) {
      set.permissionsBoundary(new Policy("PermissionsBoundaryPolicyInputList.1",
          parseForSimulation(boundaryInputs.get(0)), "IAM Policy"));
    } else if (u.permissionsBoundaryArn() != null) {
      String arn = u.permissionsBoundaryArn();
      store.managedPolicyDocument(arn).ifPresent(d -> set.permissionsBoundary(new Policy(
          arn.substring(arn.lastIndexOf('/') + 1), PolicyParser.parse(d), isAwsManaged(arn) ? "aws-managed" : "user-managed")));
    }
    PolicySet built = set.build();
    RequestContext given = contextEntries(p);
    List<String> resources = p.members("ResourceArns");
    if (resources.isEmpty()) {
      resources = List.of("*");
    }
    Principal caller = Principal.parse(u.arn());
    RequestContext ctx = GlobalKeys.fill(given, caller, u.userId(), store.userTags(c.acct(), u.name()),
        c.caller().region(), clock);
    List<Function<Xml, Xml>> results = new ArrayList<>();
    for (String action : actions) {
      for (String resource : resources) {
        AuthorizationRequest req = AuthorizationRequest.builder().principal(caller).action(action).resource(resource)
            .resourceAccount(p.get("ResourceOwner") == null ? c.acct() : Principal.parse(p.get("ResourceOwner")).accountId())
            .context(ctx).build();
        Decision d = Evaluator.authorize(built, req);
        results.add(x -> evaluationResult(x, action, resource, d));
      }
    }
    Page<Function<Xml, Xml>> page = page(results, p);
    return wrap(IAM_NS, "SimulatePrincipalPolicy", rid, x -> {
      x.open("EvaluationResults");
      for (Function<Xml, Xml> r : page.items()) {
        r.apply(x.open("member")).close();
      }
      x.close();
      page.write(x);
    });
  }

  private static Xml evaluationResult(Xml x, String action, String resource, Decision d) {
    x.el("EvalActionName", action).el("EvalResourceName", resource).el("EvalDecision", d.outcome().json());
    x.open("MatchedStatements");
    for (MatchedStatement m : d.matchedStatements()) {
      x.open("member").el("SourcePolicyId", m.policyId()).el("SourcePolicyType", m.sourcePolicyType());
      if (m.span() != null && m.span().isKnown()) {
        x.open("StartPosition").el("Line", m.span().start().line()).el("Column", m.span().start().column()).close();
        x.open("EndPosition").el("Line", m.span().end().line()).el("Column", m.span().end().column()).close();
      }
      x.close();
    }
    x.close();
    x.open("MissingContextValues").close();
    if (d.allowedByPermissionsBoundary() != null) {
      x.open("PermissionsBoundaryDecisionDetail").el("AllowedByPermissionsBoundary", d.allowedByPermissionsBoundary())
          .close();
    }
    if (!"*".equals(resource)) {
      x.open("EvalDecisionDetails").close();
    }
    return x;
  }

  private static RequestContext contextEntries(Params p) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 1; p.get("ContextEntries.member." + i + ".ContextKeyName") != null; i++) {
      String prefix = "ContextEntries.member." + i;
      String key = p.get(prefix + ".ContextKeyName");
      String type = p.values().getOrDefault(prefix + ".ContextKeyType", "string");
      List<String> values = p.members(prefix + ".ContextKeyValues");
      if (type.endsWith("List") || values.size() > 1) {
        b.putList(key, values);
      } else if (!values.isEmpty()) {
        b.put(key, values.get(0));
      }
    }
    return b.build();
  }

  private static PolicyDocument parseForSimulation(String text) {
    PolicyParser.Result r = PolicyParser.parseLenient(text);
    if (!r.ok()) {
      throw AwsError.invalidInput(describe(r.problems().get(0)));
    }
    return r.document();
  }

  // ---------------------------------------------------------------- authorization

  /**
   * Asks the engine whether the caller may perform {@code action} on {@code resource}; throws
   * AWS's AccessDenied otherwise. The root user of the account may do everything.
   */
  private void authorize(Ctx c, String action, String resource, Map<String, String> extra) {
    Caller caller = c.caller();
    authorizer.denial(caller.accountId(), caller.userName(), caller.region(), c.sourceIp(), action, resource, extra)
        .ifPresent(message -> {
          throw AwsError.accessDenied(message);
        });
  }

  private static Map<String, String> tagContext(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> out.put("aws:RequestTag/" + k, v));
    out.put("aws:TagKeys", String.join("\n", tags.keySet()));
    return out;
  }

  private String userArn(Ctx c, String path, String name) {
    return "arn:aws:iam::" + c.acct() + ":user" + path + name;
  }

  /** The ARN of an existing user (with its path), or the path-less ARN when there is no such user. */
  private String existingUserArn(Ctx c, String name) {
    try {
      return store.getUser(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return "arn:aws:iam::" + c.acct() + ":user/" + name;
    }
  }

  private String existingGroupArn(Ctx c, String name) {
    try {
      return store.getGroup(c.acct(), name).arn();
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return "arn:aws:iam::" + c.acct() + ":group/" + name;
    }
  }

  // ---------------------------------------------------------------- validation

  /**
   * Checks an identity-based policy as IAM does before storing it: valid grammar, no Principal,
   * a Resource in every statement. The message says where (line and column).
   */
  static void validateIdentityPolicy(String doc) {
    PolicyParser.Result r = PolicyParser.parseLenient(doc);
    if (!r.ok()) {
      throw AwsError.malformedPolicy(describe(r.problems().get(0)));
    }
    for (Statement s : r.document().statements()) {
      if (s.principal() != null || s.notPrincipal() != null) {
        throw AwsError.malformedPolicy("Policy document should not specify a principal. (statement "
            + (s.index() + 1) + " at " + s.span().start() + ")");
      }
      if (s.resource() == null && s.notResource() == null) {
        throw AwsError.malformedPolicy("Policy statement must contain resources. (statement " + (s.index() + 1)
            + " at " + s.span().start() + ")");
      }
    }
  }

  private static String describe(ParseProblem p) {
    String where = p.span().isKnown() ? "line " + p.span().start().line() + ", column " + p.span().start().column()
        : "path " + p.path();
    return "Syntax errors in policy. " + p.message() + " (" + p.code() + " at " + where
        + (p.hint().isEmpty() ? "" : "; " + p.hint()) + ")";
  }

  private static String name(Params p, String param, int max) {
    String v = p.required(param);
    if (v.isEmpty() || v.length() > max || !NAME.matcher(v).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(param)
          + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
          + " and length between 1 and " + max);
    }
    return v;
  }

  private static String path(Params p) {
    String v = p.get("Path");
    if (v == null) {
      return "/";
    }
    if (v.length() > 512 || !PATH.matcher(v).matches()) {
      throw AwsError.validation("1 validation error detected: Value '" + v + "' at 'path' failed to satisfy"
          + " constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }
    return v;
  }

  private static String lowerFirst(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** Policy documents in IAM responses are URL-encoded (RFC 3986), as real IAM returns them. */
  static String encodeDocument(String doc) {
    return SigV4.uriEncode(doc);
  }

  // ---------------------------------------------------------------- responses and pagination

  private static String wrap(String ns, String action, String requestId, java.util.function.Consumer<Xml> result) {
    Xml x = new Xml().open(action + "Response", ns);
    if (result != null) {
      x.open(action + "Result");
      result.accept(x);
      x.close();
    }
    x.open("ResponseMetadata").el("RequestId", requestId).close();
    x.close();
    return x.toString();
  }

  /** One page of a list: MaxItems (1–1000, default 100) items after Marker. */
  private record Page<T>(List<T> items, String nextMarker) {
    void write(Xml x) {
      x.el("IsTruncated", nextMarker != null);
      x.el("Marker", nextMarker);
    }
  }

  private static <T> Page<T> page(List<T> all, Params p) {
    int max = 100;
    if (p.get("MaxItems") != null) {
      try {
        max = Integer.parseInt(p.get("MaxItems"));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > 1000) {
        throw AwsError.validation("1 validation error detected: Value '" + p.get("MaxItems")
            + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
      }
    }
    int start = 0;
    if (p.get("Marker") != null) {
      try {
        start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(p.get("Marker")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        start = -1;
      }
      if (start < 0 || start > all.size()) {
        throw AwsError.invalidInput("Invalid Marker.");
      }
    }
    int end = Math.min(all.size(), start + max);
    String next = end < all.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page<>(all.subList(start, end), next);
  }
}
