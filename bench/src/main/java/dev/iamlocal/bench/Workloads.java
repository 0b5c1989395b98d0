package dev.iamlocal.bench;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ManagedPolicies;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.Statement;
import dev.iamlocal.request.AuthorizationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark workloads, built once and shared by the JMH benchmarks, their smoke test and the
 * oracle comparison ({@link ExportScenarios}), so that every number is measured on the same
 * scenarios.
 *
 * <p>A scenario is one principal's identity policies plus one request. The seed workload derives
 * its requests from the 23 seed policies themselves (copied byte-for-byte into
 * {@code seed-policies/}): for the first statements of each policy, a request for an action and a
 * resource the statement names, once with only the principal's own keys in the context and once
 * with a context built from the statement's condition values. That yields a natural mix of
 * allowed, implicitly denied and explicitly denied requests.
 */
public final class Workloads {

  public static final String ACCOUNT = "111122223333";
  public static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/alice";

  /** The seed policy files, in order. */
  public static final List<String> SEED_FILES = List.of("01-console-access", "02-ground-truth-console",
      "03-augmented-ai-console", "04-view-own-user-info", "05-efs-directory-read-only", "06-fsx-lustre-security-group",
      "07-training-from-vpc-only", "08-deny-public-workteam-by-type", "09-deny-public-workteam-arnlike",
      "10-deny-public-workteam-arnequals", "11-enforce-input-encryption-kms", "12-enforce-notebook-volume-encryption",
      "13-enforce-network-isolation", "14-enforce-training-instance-type", "15-enforce-ei-accelerator-type",
      "16-lock-down-notebook-instance", "17-api-from-vpc-only", "18-api-from-vpc-endpoints-only",
      "19-training-from-ip-ranges", "20-notebook-url-from-ip-ranges", "21-devteam1-deny-project-b",
      "22-devteam2-deny-project-a", "23-require-request-tag-on-endpoint");

  private Workloads() {}

  /**
   * One scenario: identity policies (JSON texts) and a request.
   *
   * @param context key to values; {@code multivalued} keys are sent as lists
   */
  public record Scenario(String name, List<String> policyNames, List<String> policies, String principal, String action,
      String resource, Map<String, List<String>> context, Map<String, Boolean> multivalued) {

    public AuthorizationRequest request() {
      AuthorizationRequest.Builder b = AuthorizationRequest.builder().principal(principal).action(action)
          .resource(resource).resourceAccount(ACCOUNT);
      context.forEach((k, v) -> {
        if (multivalued.getOrDefault(k, false)) {
          b.contextList(k, v);
        } else {
          b.context(k, v.get(0));
        }
      });
      return b.build();
    }

    public PolicySet compile() {
      List<Policy> ps = new ArrayList<>(policies.size());
      for (int i = 0; i < policies.size(); i++) {
        ps.add(Policy.parse(policyNames.get(i), policies.get(i)));
      }
      return PolicySet.builder().identity(ps).build();
    }
  }

  public static String resource(String path) {
    try (InputStream in = Workloads.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> seedPolicyTexts() {
    List<String> out = new ArrayList<>();
    for (String f : SEED_FILES) {
      out.add(resource("/seed-policies/" + f + ".json"));
    }
    return out;
  }

  /** The seed workload: each scenario is one seed policy attached to user alice, plus a request. */
  public static List<Scenario> seedScenarios() {
    ServiceCatalog catalog = ServiceCatalog.bundled();
    List<String> texts = seedPolicyTexts();
    List<Scenario> out = new ArrayList<>();
    for (int p = 0; p < texts.size(); p++) {
      PolicyDocument doc = PolicyParser.parse(texts.get(p));
      List<Statement> sts = doc.statements();
      for (int s = 0; s < Math.min(3, sts.size()); s++) {
        Statement st = sts.get(s);
        String action = actionFor(st, catalog);
        String resource = resourceFor(st, action);
        for (int variant = 0; variant < 2; variant++) {
          Map<String, List<String>> ctx = new LinkedHashMap<>();
          Map<String, Boolean> multi = new LinkedHashMap<>();
          ctx.put("aws:username", List.of("alice"));
          ctx.put("aws:PrincipalArn", List.of(USER));
          ctx.put("aws:PrincipalAccount", List.of(ACCOUNT));
          if (variant == 1) {
            satisfy(st, ctx, multi);
          }
          out.add(new Scenario(SEED_FILES.get(p) + "#" + s + (variant == 0 ? "" : "+ctx"), List.of(SEED_FILES.get(p)),
              List.of(texts.get(p)), USER, action, resource, ctx, multi));
        }
      }
    }
    return out;
  }

  private static String actionFor(Statement st, ServiceCatalog catalog) {
    if (st.action() == null) {
      return "sagemaker:DescribeModel"; // NotAction statements: some action they do not name
    }
    String a = st.action().values().get(0).value();
    if (a.indexOf('*') < 0 && a.indexOf('?') < 0) {
      return a;
    }
    List<ActionDefinition> expanded = catalog.expand(a);
    if (!expanded.isEmpty()) {
      ActionDefinition d = expanded.get(expanded.size() / 2);
      return d.prefix() + ":" + d.name();
    }
    return a.replace("*", "X").replace("?", "X");
  }

  private static String resourceFor(Statement st, String action) {
    String service = action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
    String r = st.resource() == null ? "*" : st.resource().values().get(0).value();
    if (r.equals("*")) {
      return switch (service) {
        case "sagemaker" -> "arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":notebook-instance/nb-1";
        case "iam" -> "arn:aws:iam::" + ACCOUNT + ":role/SageMakerExecution";
        case "s3" -> "arn:aws:s3:::sagemaker-data/train/a.csv";
        default -> "arn:aws:" + service + ":us-east-1:" + ACCOUNT + ":thing/x";
      };
    }
    return r.replace("${aws:username}", "alice").replace("*", "x").replace("?", "x");
  }

  /** Adds context keys that the statement's conditions test, taking the first policy value. */
  private static void satisfy(Statement st, Map<String, List<String>> ctx, Map<String, Boolean> multi) {
    for (ConditionEntry c : st.conditions()) {
      String op = c.operator().value();
      String key = c.key().value();
      String v = c.values().isEmpty() ? "x" : c.values().get(0).value();
      if (op.equals("Null")) {
        if (v.equals("false")) {
          ctx.put(key, List.of("present"));
        }
        continue;
      }
      if (op.contains("Not")) {
        v = "other-value";
      } else if (op.startsWith("IpAddress") || op.startsWith("NotIpAddress")) {
        v = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
      } else {
        v = v.replace("*", "x").replace("?", "x");
      }
      ctx.put(key, List.of(v));
      if (op.startsWith("ForAllValues:") || op.startsWith("ForAnyValue:")) {
        multi.put(key, true);
      }
    }
  }

  /** Counts decisions per outcome (to show the workload's mix). */
  public static Map<Outcome, Integer> mix(List<Scenario> scenarios) {
    Map<Outcome, Integer> m = new EnumMap<>(Outcome.class);
    for (Scenario s : scenarios) {
      m.merge(Evaluator.authorize(s.compile(), s.request()).outcome(), 1, Integer::sum);
    }
    return m;
  }

  // ---- AmazonSageMakerFullAccess + 10 customer policies ----

  /** Ten customer-managed policies of the kind a SageMaker team writes (conditions, a Deny, variables). */
  public static List<String> customerPolicies() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      out.add("""
          {"Version": "2012-10-17", "Statement": [
            {"Sid": "Data%1$d", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": "arn:aws:s3:::team-%1$d-data/${aws:username}/*"},
            {"Sid": "Train%1$d", "Effect": "Allow", "Action": "sagemaker:CreateTrainingJob",
             "Resource": "arn:aws:sagemaker:*:%2$s:training-job/team%1$d-*",
             "Condition": {"ForAllValues:StringLike": {"sagemaker:InstanceTypes": ["ml.c5.*", "ml.m5.*"]},
                           "Null": {"sagemaker:VpcSubnets": "false"}}},
            {"Sid": "Pass%1$d", "Effect": "Allow", "Action": "iam:PassRole",
             "Resource": "arn:aws:iam::%2$s:role/team%1$d-exec",
             "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}},
            {"Sid": "DenyOtherProject%1$d", "Effect": "Deny", "Action": "sagemaker:*", "Resource": "*",
             "Condition": {"StringEquals": {"sagemaker:ResourceTag/Project": "forbidden-%1$d"}}}
          ]}""".formatted(i, ACCOUNT));
    }
    return out;
  }

  public static String sageMakerFullAccess() {
    return ManagedPolicies.bundled().byName("AmazonSageMakerFullAccess")
        .orElseThrow(() -> new IllegalStateException("AmazonSageMakerFullAccess is not bundled")).document();
  }

  /** The policy set: AmazonSageMakerFullAccess plus the ten customer policies. */
  public static PolicySet managedPlusCustomer() {
    List<Policy> ps = new ArrayList<>();
    ps.add(Policy.parse("AmazonSageMakerFullAccess", sageMakerFullAccess()));
    List<String> cps = customerPolicies();
    for (int i = 0; i < cps.size(); i++) {
      ps.add(Policy.parse("team-" + i, cps.get(i)));
    }
    return PolicySet.builder().identity(ps).build();
  }

  /** Requests for that principal: allowed by the managed policy, by a customer policy, denied, or not granted. */
  public static List<AuthorizationRequest> managedRequests() {
    String nb = "arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":notebook-instance/nb-";
    List<AuthorizationRequest> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(user().action("sagemaker:DescribeNotebookInstance").resource(nb + i).build());
      out.add(user().action("sagemaker:CreateTrainingJob")
          .resource("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":training-job/team" + i + "-j")
          .contextList("sagemaker:InstanceTypes", List.of(i % 2 == 0 ? "ml.c5.xlarge" : "ml.p3.2xlarge"))
          .contextList("sagemaker:VpcSubnets", List.of("subnet-1")).build());
      out.add(user().action("s3:GetObject").resource("arn:aws:s3:::team-" + i + "-data/alice/x.csv").build());
      out.add(user().action("sagemaker:DeleteEndpoint")
          .resource("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":endpoint/e" + i)
          .context("sagemaker:ResourceTag/Project", "forbidden-" + i).build());
      out.add(user().action("iam:PassRole").resource("arn:aws:iam::" + ACCOUNT + ":role/team" + i + "-exec")
          .context("iam:PassedToService", i % 2 == 0 ? "sagemaker.amazonaws.com" : "ec2.amazonaws.com").build());
      out.add(user().action("ec2:RunInstances").resource("arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-" + i).build());
    }
    return out;
  }

  private static AuthorizationRequest.Builder user() {
    return AuthorizationRequest.builder().principal(USER).resourceAccount(ACCOUNT)
        .context("aws:username", "alice").context("aws:PrincipalArn", USER).context("aws:PrincipalAccount", ACCOUNT);
  }

  // ---- scaling ----

  /**
   * {@code n} statements about other services (half literal actions such as {@code ec2:Action17},
   * half wildcards such as {@code s3:Get17*}), plus one statement that allows the benchmarked action.
   */
  public static PolicySet scaling(int n) {
    String[] services = {"ec2", "s3", "dynamodb", "lambda", "kms", "sqs"};
    List<Policy> ps = new ArrayList<>();
    int perPolicy = 100;
    for (int start = 0; start < n; start += perPolicy) {
      StringBuilder b = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
      for (int i = start; i < Math.min(n, start + perPolicy); i++) {
        String svc = services[i % services.length];
        String action = i % 2 == 0 ? svc + ":Action" + i : svc + ":Get" + i + "*";
        b.append(i == start ? "" : ",").append("{\"Effect\": \"").append(i % 10 == 9 ? "Deny" : "Allow")
            .append("\", \"Action\": \"").append(action).append("\", \"Resource\": \"arn:aws:").append(svc)
            .append(":us-east-1:").append(ACCOUNT).append(":thing/").append(i).append("\"}");
      }
      ps.add(Policy.parse("other-" + start, b.append("]}").toString()));
    }
    ps.add(Policy.parse("match", """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:CreateTrainingJob",
         "Resource": "arn:aws:sagemaker:us-east-1:%s:training-job/*"}]}""".formatted(ACCOUNT)));
    return PolicySet.builder().identity(ps).build();
  }

  public static AuthorizationRequest scalingRequest() {
    return user().action("sagemaker:CreateTrainingJob")
        .resource("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":training-job/j1").build();
  }
}
