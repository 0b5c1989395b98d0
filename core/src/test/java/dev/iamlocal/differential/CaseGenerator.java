package dev.iamlocal.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random but meaningful differential cases, in the oracle's input format (see the oracle's README):
 * policies drawn from a small grammar over real SageMaker, S3 and IAM actions and ARNs, and a
 * request whose context reuses the values the policies mention, so that conditions match about as
 * often as they fail.
 *
 * <p>The grammar covers: literal and wildcard actions (with random letter case), Action and
 * NotAction, Resource and NotResource with ARN wildcards and policy variables (with defaults),
 * conditions of every operator family (String, Arn, Numeric, Date, Bool, IpAddress, Null) with
 * negation, IgnoreCase, set qualifiers and IfExists, several identity policies with Deny
 * statements, permissions boundaries, session policies, SCP and RCP levels, and resource policies
 * naming the caller in the same account or from another one.
 *
 * <p>Cases stay inside what both engines model the same way on purpose: callers are IAM users,
 * role sessions and (with a session policy) federated users; no root user, service principal or
 * anonymous caller; no {@code sts:AssumeRole}; every context key is given explicitly (the oracle
 * fills none). Deterministic for a seed.
 */
final class CaseGenerator {

  static final String ACCOUNT = "111122223333";
  static final String OTHER_ACCOUNT = "444455556666";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** An action, the ARNs it can act on ({ACCT}, {REGION} filled per case). */
  private record ActionSpec(String action, String service, List<String> arns) {}

  private static final List<String> SM_NOTEBOOK = List.of("arn:aws:sagemaker:{REGION}:{ACCT}:notebook-instance/nb-1",
      "arn:aws:sagemaker:{REGION}:{ACCT}:notebook-instance/alice-nb", "arn:aws:sagemaker:{REGION}:{ACCT}:notebook-instance/team-ml-2");
  private static final List<String> SM_TRAINING = List.of("arn:aws:sagemaker:{REGION}:{ACCT}:training-job/job-1",
      "arn:aws:sagemaker:{REGION}:{ACCT}:training-job/alice-job");
  private static final List<String> SM_ENDPOINT = List.of("arn:aws:sagemaker:{REGION}:{ACCT}:endpoint/ep-prod",
      "arn:aws:sagemaker:{REGION}:{ACCT}:endpoint/ep-dev");
  private static final List<String> SM_MODEL = List.of("arn:aws:sagemaker:{REGION}:{ACCT}:model/m1");
  private static final List<String> S3_OBJECT = List.of("arn:aws:s3:::ml-data/home/alice/train.csv",
      "arn:aws:s3:::ml-data/home/bob/x.csv", "arn:aws:s3:::ml-data-logs/2024/01/a.log", "arn:aws:s3:::shared/test/object.jpg");
  private static final List<String> S3_BUCKET = List.of("arn:aws:s3:::ml-data", "arn:aws:s3:::ml-data-logs", "arn:aws:s3:::shared");
  private static final List<String> IAM_USER = List.of("arn:aws:iam::{ACCT}:user/alice", "arn:aws:iam::{ACCT}:user/bob",
      "arn:aws:iam::{ACCT}:user/division/ann");
  private static final List<String> IAM_ROLE = List.of("arn:aws:iam::{ACCT}:role/MLRole", "arn:aws:iam::{ACCT}:role/service/SageMakerExec");

  private static final List<ActionSpec> ACTIONS = List.of(
      new ActionSpec("sagemaker:CreateTrainingJob", "sagemaker", SM_TRAINING),
      new ActionSpec("sagemaker:DescribeTrainingJob", "sagemaker", SM_TRAINING),
      new ActionSpec("sagemaker:StopTrainingJob", "sagemaker", SM_TRAINING),
      new ActionSpec("sagemaker:CreateNotebookInstance", "sagemaker", SM_NOTEBOOK),
      new ActionSpec("sagemaker:DescribeNotebookInstance", "sagemaker", SM_NOTEBOOK),
      new ActionSpec("sagemaker:DeleteNotebookInstance", "sagemaker", SM_NOTEBOOK),
      new ActionSpec("sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker", SM_NOTEBOOK),
      new ActionSpec("sagemaker:AddTags", "sagemaker", SM_NOTEBOOK),
      new ActionSpec("sagemaker:CreateEndpoint", "sagemaker", SM_ENDPOINT),
      new ActionSpec("sagemaker:InvokeEndpoint", "sagemaker", SM_ENDPOINT),
      new ActionSpec("sagemaker:DeleteEndpoint", "sagemaker", SM_ENDPOINT),
      new ActionSpec("sagemaker:CreateModel", "sagemaker", SM_MODEL),
      new ActionSpec("s3:GetObject", "s3", S3_OBJECT),
      new ActionSpec("s3:PutObject", "s3", S3_OBJECT),
      new ActionSpec("s3:DeleteObject", "s3", S3_OBJECT),
      new ActionSpec("s3:ListBucket", "s3", S3_BUCKET),
      new ActionSpec("s3:GetBucketPolicy", "s3", S3_BUCKET),
      new ActionSpec("iam:GetUser", "iam", IAM_USER),
      new ActionSpec("iam:CreateAccessKey", "iam", IAM_USER),
      new ActionSpec("iam:ListAccessKeys", "iam", IAM_USER),
      new ActionSpec("iam:DeleteUser", "iam", IAM_USER),
      new ActionSpec("iam:PassRole", "iam", IAM_ROLE),
      new ActionSpec("iam:GetRole", "iam", IAM_ROLE));

  private static final List<String> WILDCARD_ACTIONS = List.of("*", "sagemaker:*", "sagemaker:Create*", "sagemaker:Describe*",
      "sagemaker:*Notebook*", "sagemaker:*Endpoint", "sagemaker:*TrainingJob", "sagemaker:?reateModel", "s3:*", "s3:Get*",
      "s3:*Object", "s3:Put*", "s3:List*", "iam:*", "iam:*User*", "iam:*AccessKey*", "iam:Get?ser", "iam:Pass*", "ec2:Describe*",
      "sagemaker:List*");

  /** Condition keys: name, kind, and the value pool shared by policies and requests. */
  enum Kind { STRING, MULTI, ARN, NUMERIC, DATE, BOOL, IP }

  private record Key(String name, Kind kind, List<String> pool) {}

  private static final List<Key> KEYS = List.of(
      new Key("aws:PrincipalTag/team", Kind.STRING, List.of("ml", "ML", "data", "ops")),
      new Key("aws:RequestTag/Project", Kind.STRING, List.of("A", "B", "a")),
      new Key("aws:ResourceTag/Project", Kind.STRING, List.of("A", "B")),
      new Key("sagemaker:ResourceTag/owner", Kind.STRING, List.of("alice", "bob", "Alice")),
      new Key("aws:RequestedRegion", Kind.STRING, List.of("us-east-1", "eu-west-1", "us-west-2")),
      new Key("s3:prefix", Kind.STRING, List.of("home/", "home/alice/", "", "home/bob/x")),
      new Key("sagemaker:DirectInternetAccess", Kind.STRING, List.of("Enabled", "Disabled")),
      new Key("aws:SourceVpc", Kind.STRING, List.of("vpc-111bbb22", "vpc-999")),
      new Key("aws:TagKeys", Kind.MULTI, List.of("Project", "team", "env", "Env")),
      new Key("sagemaker:InstanceTypes", Kind.MULTI, List.of("ml.c5.xlarge", "ml.c5.2xlarge", "ml.p3.2xlarge", "ml.m5.large")),
      new Key("sagemaker:VpcSubnets", Kind.MULTI, List.of("subnet-a", "subnet-b", "subnet-c")),
      new Key("aws:PrincipalArn", Kind.ARN, List.of("arn:aws:iam::" + ACCOUNT + ":user/alice",
          "arn:aws:iam::" + ACCOUNT + ":role/MLRole", "arn:aws:iam::" + OTHER_ACCOUNT + ":user/eve")),
      new Key("aws:SourceArn", Kind.ARN, List.of("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":training-job/job-1",
          "arn:aws:s3:::ml-data", "arn:aws:sagemaker:eu-west-1:" + OTHER_ACCOUNT + ":endpoint/ep-prod")),
      new Key("sagemaker:VolumeKmsKey", Kind.ARN, List.of("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/volume-kms-key-12345",
          "arn:aws:kms:us-east-1:" + OTHER_ACCOUNT + ":key/other")),
      new Key("s3:max-keys", Kind.NUMERIC, List.of("5", "10", "100", "1000", "10.0")),
      new Key("aws:MultiFactorAuthAge", Kind.NUMERIC, List.of("30", "3600", "86400")),
      new Key("aws:CurrentTime", Kind.DATE, List.of("2020-05-01T10:00:00Z", "2024-01-01T00:00:00Z", "2025-06-30T23:59:59Z",
          "2030-01-01T00:00:00Z")),
      new Key("aws:TokenIssueTime", Kind.DATE, List.of("2024-03-01T12:00:00Z", "2025-01-01T00:00:00Z")),
      new Key("aws:SecureTransport", Kind.BOOL, List.of("true", "false")),
      new Key("aws:MultiFactorAuthPresent", Kind.BOOL, List.of("true", "false")),
      new Key("sagemaker:NetworkIsolation", Kind.BOOL, List.of("true", "false")),
      new Key("aws:SourceIp", Kind.IP, List.of("203.0.113.9", "198.51.100.7", "2001:db8::1", "10.1.2.3", "192.0.2.200")));

  private static final List<String> IP_POLICY_VALUES = List.of("203.0.113.0/24", "198.51.100.7", "198.51.100.0/32",
      "2001:db8::/32", "10.0.0.0/8", "192.0.2.0/25");
  private static final List<String> DATE_POLICY_VALUES = List.of("2020-04-01T00:00:00Z", "2024-01-01T00:00:00Z",
      "2025-06-30T23:59:59Z", "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
  private static final List<String> NUMERIC_POLICY_VALUES = List.of("10", "100", "3600", "5", "1000");

  private static final String[] STRING_OPS = {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"};
  private static final String[] ARN_OPS = {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"};
  private static final String[] NUMERIC_OPS = {"NumericEquals", "NumericNotEquals", "NumericLessThan",
      "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"};
  private static final String[] DATE_OPS = {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
      "DateGreaterThan", "DateGreaterThanEquals"};
  private static final String[] IP_OPS = {"IpAddress", "NotIpAddress"};

  private static final String[] REGIONS = {"us-east-1", "eu-west-1"};

  private final SplittableRandom rnd;

  CaseGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  /** Per-case choices that policies and the request must agree on. */
  private static final class Env {
    String principal;
    String principalKind;
    String userName;
    ActionSpec action;
    String region;
    String resourceAccount;
    String resource;
    /** Keys the policies mention, with the values they compare against (for the request to reuse). */
    final Map<String, Key> mentioned = new LinkedHashMap<>();
  }

  ObjectNode next(int index) {
    Env env = new Env();
    int pk = rnd.nextInt(10);
    if (pk < 5) {
      env.userName = pick(List.of("alice", "bob"));
      env.principal = "arn:aws:iam::" + ACCOUNT + ":user/" + env.userName;
      env.principalKind = "user";
    } else if (pk < 9) {
      env.principal = "arn:aws:sts::" + ACCOUNT + ":assumed-role/MLRole/" + pick(List.of("sess1", "alice"));
      env.principalKind = "role-session";
    } else {
      env.principal = "arn:aws:sts::" + ACCOUNT + ":federated-user/fed1";
      env.principalKind = "federated-user";
    }
    env.action = pick(ACTIONS);
    env.region = pick(List.of(REGIONS));
    boolean cross = rnd.nextInt(5) == 0;
    env.resourceAccount = cross ? OTHER_ACCOUNT : ACCOUNT;
    env.resource = fill(pick(env.action.arns()), env);

    ObjectNode c = F.objectNode();
    c.put("name", "case-" + index);
    ArrayNode identity = c.putArray("identityPolicies");
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      identity.add(policy(env, 1 + rnd.nextInt(4), rnd.nextInt(4) == 0 ? 0.4 : 0.15, false));
    }
    if (rnd.nextInt(4) == 0) {
      c.putArray("permissionBoundaries").add(policy(env, 1 + rnd.nextInt(2), 0.1, false));
    }
    if (!env.principalKind.equals("user") && (env.principalKind.equals("federated-user") || rnd.nextInt(5) == 0)) {
      c.set("sessionPolicy", policy(env, 1 + rnd.nextInt(2), 0.1, false));
    }
    if (rnd.nextInt(10) < 3 || cross && rnd.nextBoolean()) {
      c.set("resourcePolicy", policy(env, 1 + rnd.nextInt(3), 0.25, true));
    }
    if (rnd.nextInt(5) == 0) {
      ArrayNode levels = c.putArray("serviceControlPolicies");
      int lv = 1 + rnd.nextInt(3);
      for (int i = 0; i < lv; i++) {
        ObjectNode level = levels.addObject();
        level.put("orgIdentifier", i == 0 ? "r-root" : i == lv - 1 ? ACCOUNT : "ou-" + i);
        ArrayNode ps = level.putArray("policies");
        if (rnd.nextInt(6) != 0) {
          ps.add(fullAccess(false));
        } else {
          ps.add(policy(env, 1, 0.0, false));
        }
        if (rnd.nextInt(3) == 0) {
          ps.add(policy(env, 1, 1.0, false));
        }
      }
    }
    if (rnd.nextInt(8) == 0) {
      ArrayNode levels = c.putArray("resourceControlPolicies");
      int lv = 1 + rnd.nextInt(2);
      for (int i = 0; i < lv; i++) {
        ObjectNode level = levels.addObject();
        level.put("orgIdentifier", i == 0 ? "r-root" : env.resourceAccount);
        ArrayNode ps = level.putArray("policies");
        if (rnd.nextBoolean()) {
          ps.add(rcpDeny(env));
        }
      }
    }

    ObjectNode req = c.putObject("request");
    req.put("principal", env.principal);
    req.put("action", env.action.action());
    req.put("resource", env.resource);
    req.put("resourceAccount", env.resourceAccount);
    req.set("context", context(env));
    return c;
  }

  private String fill(String arn, Env env) {
    return arn.replace("{ACCT}", env.resourceAccount).replace("{REGION}", env.region);
  }

  private ObjectNode fullAccess(boolean principal) {
    ObjectNode p = F.objectNode();
    p.put("Version", "2012-10-17");
    ObjectNode s = p.putArray("Statement").addObject();
    s.put("Effect", "Allow");
    if (principal) {
      s.put("Principal", "*");
    }
    s.put("Action", "*");
    s.put("Resource", "*");
    return p;
  }

  private ObjectNode rcpDeny(Env env) {
    ObjectNode p = F.objectNode();
    p.put("Version", "2012-10-17");
    ObjectNode s = p.putArray("Statement").addObject();
    s.put("Effect", "Deny");
    s.put("Principal", "*");
    s.set("Action", actionList(env));
    s.put("Resource", "*");
    if (rnd.nextBoolean()) {
      s.set("Condition", conditions(env, 1));
    }
    return p;
  }

  private ObjectNode policy(Env env, int statements, double denyShare, boolean resourcePolicy) {
    ObjectNode p = F.objectNode();
    int v = rnd.nextInt(20);
    if (v != 0) {
      p.put("Version", "2012-10-17");
    } else if (rnd.nextBoolean()) {
      p.put("Version", "2008-10-17");
    }
    ArrayNode st = p.putArray("Statement");
    for (int i = 0; i < statements; i++) {
      st.add(statement(env, rnd.nextDouble() < denyShare, resourcePolicy));
    }
    if (statements == 1 && rnd.nextInt(4) == 0) {
      p.set("Statement", st.get(0));
    }
    return p;
  }

  private ObjectNode statement(Env env, boolean deny, boolean resourcePolicy) {
    ObjectNode s = F.objectNode();
    if (rnd.nextBoolean()) {
      s.put("Sid", (deny ? "Deny" : "Allow") + rnd.nextInt(100));
    }
    s.put("Effect", deny ? "Deny" : "Allow");
    if (resourcePolicy) {
      principalElement(s, env, deny);
    }
    boolean targeted = rnd.nextInt(4) != 0; // usually about the request's own action
    if (rnd.nextInt(8) == 0) {
      s.set("NotAction", actionList(env));
    } else {
      s.set("Action", targeted ? actionListIncluding(env) : actionList(env));
    }
    if (rnd.nextInt(8) == 0) {
      s.set("NotResource", resourceList(env));
    } else {
      s.set("Resource", resourceList(env));
    }
    if (rnd.nextInt(10) < 6) {
      s.set("Condition", conditions(env, 1 + rnd.nextInt(3)));
    }
    return s;
  }

  private void principalElement(ObjectNode s, Env env, boolean deny) {
    String role = "arn:aws:iam::" + ACCOUNT + ":role/MLRole";
    List<JsonNode> forms = List.of(
        F.textNode("*"),
        aws("*"),
        aws(ACCOUNT),
        aws("arn:aws:iam::" + ACCOUNT + ":root"),
        aws(OTHER_ACCOUNT),
        aws(env.principal),
        aws("arn:aws:iam::" + ACCOUNT + ":user/alice"),
        aws(role),
        aws("arn:aws:sts::" + ACCOUNT + ":assumed-role/MLRole/sess1"),
        awsList(List.of("arn:aws:iam::" + OTHER_ACCOUNT + ":user/eve", env.principal)),
        service("sagemaker.amazonaws.com"));
    JsonNode chosen = forms.get(rnd.nextInt(forms.size()));
    if (deny && rnd.nextInt(4) == 0) {
      s.set("NotPrincipal", awsList(List.of(env.principal, "arn:aws:iam::" + ACCOUNT + ":root")));
    } else {
      s.set("Principal", chosen);
    }
  }

  private static ObjectNode aws(String v) {
    ObjectNode o = F.objectNode();
    o.put("AWS", v);
    return o;
  }

  private static ObjectNode awsList(List<String> vs) {
    ObjectNode o = F.objectNode();
    ArrayNode a = o.putArray("AWS");
    vs.forEach(a::add);
    return o;
  }

  private static ObjectNode service(String v) {
    ObjectNode o = F.objectNode();
    o.put("Service", v);
    return o;
  }

  private JsonNode actionListIncluding(Env env) {
    ArrayNode a = F.arrayNode();
    String target = env.action.action();
    int form = rnd.nextInt(4);
    if (form == 0) {
      a.add(randomCase(target));
    } else {
      List<String> wild = new ArrayList<>();
      for (String w : WILDCARD_ACTIONS) {
        if (globMatches(w.toLowerCase(Locale.ROOT), target.toLowerCase(Locale.ROOT))) {
          wild.add(w);
        }
      }
      a.add(wild.isEmpty() ? target : randomCase(pick(wild)));
    }
    int extra = rnd.nextInt(3);
    for (int i = 0; i < extra; i++) {
      a.add(randomAction());
    }
    return a.size() == 1 && rnd.nextBoolean() ? a.get(0) : a;
  }

  private JsonNode actionList(Env env) {
    ArrayNode a = F.arrayNode();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      a.add(randomAction());
    }
    return a.size() == 1 && rnd.nextBoolean() ? a.get(0) : a;
  }

  private String randomAction() {
    return rnd.nextBoolean() ? randomCase(pick(ACTIONS).action()) : pick(WILDCARD_ACTIONS);
  }

  private String randomCase(String s) {
    if (rnd.nextInt(3) != 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      b.append(rnd.nextInt(4) == 0 ? (Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch)) : ch);
    }
    return b.toString();
  }

  private JsonNode resourceList(Env env) {
    ArrayNode a = F.arrayNode();
    int n = 1 + (rnd.nextInt(3) == 0 ? 1 : 0);
    for (int i = 0; i < n; i++) {
      a.add(resourcePattern(env));
    }
    return a.size() == 1 && rnd.nextBoolean() ? a.get(0) : a;
  }

  private String resourcePattern(Env env) {
    String r = env.resource;
    int form = rnd.nextInt(16);
    switch (form) {
      case 0, 1:
        return "*";
      case 2, 3:
        return r;
      case 4: {
        int slash = r.indexOf('/', r.indexOf(":::") >= 0 ? 0 : nthColon(r, 5));
        return slash < 0 ? r + "*" : r.substring(0, slash + 1) + "*";
      }
      case 5: {
        // region and account wildcards
        String[] p = r.split(":", 6);
        return p[0] + ":" + p[1] + ":" + p[2] + ":" + (p[3].isEmpty() ? "" : "*") + ":" + (p[4].isEmpty() ? "" : "*") + ":" + p[5];
      }
      case 6:
        return "arn:aws:" + env.action.service() + ":*";
      case 7:
        return r.substring(0, r.length() - 1) + "?";
      case 8:
        return "arn:aws:s3:::ml-data/home/${aws:username}/*";
      case 9:
        return "arn:aws:iam::" + env.resourceAccount + ":user/${aws:username}";
      case 10:
        return "arn:aws:sagemaker:*:" + env.resourceAccount + ":notebook-instance/${aws:PrincipalTag/team, 'team'}-*";
      case 11:
        return "arn:aws:s3:::*log*";
      case 12:
        return fill(pick(pick(ACTIONS).arns()), env);
      case 13:
        return "arn:aws:sagemaker:" + env.region + ":" + env.resourceAccount + ":*";
      case 14:
        return "arn:aws:s3:::ml-data/home/${aws:PrincipalTag/team}/*";
      default:
        return "arn:aws:sagemaker:*:*:endpoint/*";
    }
  }

  private static int nthColon(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf(':', at + 1);
      if (at < 0) {
        return 0;
      }
    }
    return at;
  }

  private ObjectNode conditions(Env env, int count) {
    ObjectNode cond = F.objectNode();
    for (int i = 0; i < count; i++) {
      Key key = pick(KEYS);
      env.mentioned.put(key.name(), key);
      String op = operatorFor(key);
      ObjectNode byKey = cond.has(op) ? (ObjectNode) cond.get(op) : cond.putObject(op);
      String keyName = rnd.nextInt(6) == 0 ? key.name().toUpperCase(Locale.ROOT) : key.name();
      if (op.equals("Null")) {
        byKey.put(keyName, rnd.nextBoolean() ? "true" : "false");
        continue;
      }
      byKey.set(keyName, values(op, key, env));
    }
    return cond;
  }

  private String operatorFor(Key key) {
    if (rnd.nextInt(10) == 0) {
      return "Null";
    }
    String base = switch (key.kind()) {
      case STRING, MULTI -> STRING_OPS[rnd.nextInt(STRING_OPS.length)];
      case ARN -> rnd.nextInt(4) == 0 ? STRING_OPS[rnd.nextInt(STRING_OPS.length)] : ARN_OPS[rnd.nextInt(ARN_OPS.length)];
      case NUMERIC -> NUMERIC_OPS[rnd.nextInt(NUMERIC_OPS.length)];
      case DATE -> DATE_OPS[rnd.nextInt(DATE_OPS.length)];
      case BOOL -> "Bool";
      case IP -> IP_OPS[rnd.nextInt(IP_OPS.length)];
    };
    String qualifier = "";
    boolean stringy = key.kind() == Kind.STRING || key.kind() == Kind.MULTI || key.kind() == Kind.ARN;
    if (key.kind() == Kind.MULTI ? rnd.nextInt(6) != 0 : stringy && rnd.nextInt(12) == 0) {
      qualifier = rnd.nextBoolean() ? "ForAllValues:" : "ForAnyValue:";
    }
    String ifExists = rnd.nextInt(6) == 0 ? "IfExists" : "";
    return qualifier + base + ifExists;
  }

  private JsonNode values(String op, Key key, Env env) {
    ArrayNode a = F.arrayNode();
    int n = 1 + (rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(2) : 0);
    for (int i = 0; i < n; i++) {
      a.add(value(op, key, env));
    }
    if (a.size() == 1 && rnd.nextBoolean()) {
      JsonNode only = a.get(0);
      // JSON booleans and numbers are allowed as condition values (spec §1.2).
      if (key.kind() == Kind.BOOL && rnd.nextInt(3) == 0) {
        return F.booleanNode(Boolean.parseBoolean(only.asText()));
      }
      if (key.kind() == Kind.NUMERIC && rnd.nextInt(3) == 0 && only.asText().matches("\\d+")) {
        return F.numberNode(Integer.parseInt(only.asText()));
      }
      return only;
    }
    return a;
  }

  private String value(String op, Key key, Env env) {
    boolean like = op.contains("Like") || op.startsWith("Arn") || op.contains(":Arn");
    boolean vars = !env.mentioned.isEmpty() && rnd.nextInt(8) == 0;
    switch (key.kind()) {
      case NUMERIC:
        return pick(NUMERIC_POLICY_VALUES);
      case DATE:
        return rnd.nextInt(6) == 0 ? "1700000000" : pick(DATE_POLICY_VALUES);
      case BOOL:
        return rnd.nextBoolean() ? "true" : "false";
      case IP:
        return pick(IP_POLICY_VALUES);
      case ARN: {
        String v = pick(key.pool());
        if (vars && key.name().equals("aws:PrincipalArn")) {
          return "arn:aws:iam::" + ACCOUNT + ":user/${aws:username}";
        }
        if (like && rnd.nextBoolean()) {
          String[] p = v.split(":", 6);
          return switch (rnd.nextInt(4)) {
            case 3 -> "*" + p[5].substring(p[5].indexOf('/') < 0 ? 0 : p[5].indexOf('/')); // not six parts (seed 12)
            case 0 -> p[0] + ":" + p[1] + ":" + p[2] + ":*:" + p[4] + ":" + p[5];
            case 1 -> p[0] + ":" + p[1] + ":" + p[2] + ":" + p[3] + ":*:" + p[5].replaceAll("/.*", "/*");
            default -> "arn:aws:*:*:" + ACCOUNT + ":*";
          };
        }
        return v;
      }
      default: {
        String v = pick(key.pool());
        if (vars) {
          return pick(List.of("${aws:username}", "${aws:PrincipalTag/team}", "home/${aws:username}/",
              "${aws:PrincipalTag/team, 'ml'}", "${aws:username}-*"));
        }
        if (like && !v.isEmpty() && rnd.nextBoolean()) {
          int cut = 1 + rnd.nextInt(v.length());
          return rnd.nextBoolean() ? v.substring(0, Math.min(cut, v.length())) + "*" : "*" + v.substring(cut - 1);
        }
        if (op.contains("IgnoreCase") && rnd.nextBoolean()) {
          return v.toUpperCase(Locale.ROOT);
        }
        return v;
      }
    }
  }

  /** Context: the principal's own keys, and for each key the policies mention, maybe a value. */
  private ObjectNode context(Env env) {
    ObjectNode ctx = F.objectNode();
    if (rnd.nextInt(4) != 0) {
      if (env.userName != null) {
        ctx.put("aws:username", env.userName);
      }
      ctx.put("aws:PrincipalAccount", ACCOUNT);
      ctx.put("aws:PrincipalArn", env.principalKind.equals("role-session")
          ? "arn:aws:iam::" + ACCOUNT + ":role/MLRole" : env.principal);
    }
    for (Key k : env.mentioned.values()) {
      if (rnd.nextInt(4) == 0) {
        continue; // absent
      }
      String name = rnd.nextInt(8) == 0 ? k.name().toLowerCase(Locale.ROOT) : k.name();
      if (k.kind() == Kind.MULTI) {
        ArrayNode a = ctx.putArray(name);
        int n = rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          String v = pick(k.pool());
          if (!contains(a, v)) {
            a.add(v);
          }
        }
      } else {
        ctx.put(name, pick(k.pool()));
      }
    }
    return ctx;
  }

  private static boolean contains(ArrayNode a, String v) {
    for (JsonNode n : a) {
      if (n.asText().equals(v)) {
        return true;
      }
    }
    return false;
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  /** A tiny glob for choosing wildcard actions that cover the target (generator-side only). */
  static boolean globMatches(String pattern, String text) {
    int p = 0;
    int t = 0;
    int star = -1;
    int mark = 0;
    while (t < text.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
        p++;
        t++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = t;
      } else if (star >= 0) {
        p = star + 1;
        t = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
