package dev.iamlocal.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target (b): random policies of every type and a random request. The evaluator never
 * throws; it never answers {@code allowed} when an explicit Deny applies (seen by the explanation's
 * statement-by-statement trace, a separate code path from the evaluator's index lookups, and by
 * adding a Deny of everything); the explanation agrees with the decision (decisive statements are
 * exactly the matched ones, of the right effect); and neither the order of the policies nor
 * asking twice changes the answer.
 *
 * <p>Policies are built from pools of the values that matter (actions, ARNs with wildcards and
 * variables, principals, condition operators with qualifiers and IfExists, keys, values) mixed
 * with fuzzer strings; sometimes a policy is the fuzzer's raw text. {@code mvn test} replays the
 * saved inputs in {@code src/test/resources/dev/iamlocal/evaluation/EvaluatorFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} it fuzzes (docs/fuzzing.md).
 */
class EvaluatorFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "111122223333";
  private static final String B = "444455556666";

  private static final String[] ACTIONS = {"s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "*", "s3:Get?bject",
      "S3:getobject", "iam:PassRole", "iam:*", "sts:AssumeRole", "sts:GetCallerIdentity", "sts:TagSession",
      "sts:SetSourceIdentity", "sts:*", "kms:Decrypt", "kms:*", "kms:Create*", "sagemaker:CreateTrainingJob",
      "sagemaker:*", "ec2:RunInstances"};
  private static final String[] RESOURCES = {"*", "arn:aws:s3:::bkt/*", "arn:aws:s3:::bkt/k", "arn:aws:s3:::*log*",
      "arn:aws:s3:::bkt", "arn:aws:iam::" + A + ":role/R", "arn:aws:iam::*:role/*", "arn:aws:iam::" + A + ":user/alice",
      "arn:aws:kms:us-east-1:" + A + ":key/k1", "arn:aws:kms:*:*:key/*", "arn:aws:kms:us-east-1:" + A + ":alias/a",
      "arn:aws:kms:us-east-1:" + B + ":key/k2", "arn:aws:s3:::bkt/${aws:username}/*",
      "arn:aws:iam::${aws:PrincipalAccount}:user/*", "arn:aws:s3:::bkt/${aws:PrincipalTag/team}",
      "arn:aws:s3:::${*}x", "arn:aws:sagemaker:us-east-1:" + A + ":training-job/*", "arn:aws:*:*:*:*", "arn:*"};
  private static final String[] PRINCIPALS = {"arn:aws:iam::" + A + ":user/alice",
      "arn:aws:sts::" + A + ":assumed-role/R/s1", "arn:aws:iam::" + A + ":role/R", "arn:aws:iam::" + A + ":root",
      "arn:aws:sts::" + A + ":federated-user/f", "arn:aws:iam::" + B + ":user/bob",
      "arn:aws:sts::" + B + ":assumed-role/R/s2", "ec2.amazonaws.com", "*"};
  private static final Object[] PRINCIPAL_ELEMENTS = {"*", Map.of("AWS", "*"), Map.of("AWS", A),
      Map.of("AWS", "arn:aws:iam::" + A + ":root"), Map.of("AWS", "arn:aws:iam::" + A + ":user/alice"),
      Map.of("AWS", "arn:aws:iam::" + A + ":role/R"), Map.of("AWS", "arn:aws:sts::" + A + ":assumed-role/R/s1"),
      Map.of("AWS", List.of(B, "arn:aws:iam::" + B + ":user/bob")), Map.of("Service", "ec2.amazonaws.com"),
      Map.of("Federated", "cognito-identity.amazonaws.com"), Map.of("AWS", "arn:aws:iam::" + A + ":user/*")};
  private static final String[] OPERATORS = {"StringEquals", "StringNotEquals", "StringLike", "StringNotLike",
      "StringEqualsIgnoreCase", "ArnLike", "ArnEquals", "ArnNotLike", "NumericLessThan", "NumericEquals",
      "NumericGreaterThanEquals", "DateGreaterThan", "DateLessThan", "Bool", "IpAddress", "NotIpAddress", "Null",
      "BinaryEquals", "StringLikeX"};
  private static final String[] KEYS = {"aws:username", "aws:PrincipalTag/team", "aws:SourceIp", "aws:CurrentTime",
      "aws:MultiFactorAuthPresent", "aws:TagKeys", "s3:prefix", "sagemaker:InstanceTypes", "aws:PrincipalArn",
      "aws:userid", "aws:SecureTransport", "aws:EpochTime", "aws:RequestTag/env", "aws:SourceVpce",
      "aws:PrincipalAccount"};
  private static final String[] VALUES = {"ml", "alice", "192.0.2.0/24", "192.0.2.7", "2001:db8::/32", "10.0.0.1",
      "2026-01-01T00:00:00Z", "1767225600", "true", "false", "5", "-1.5", "ml.c5.*", "ml.c5.xlarge",
      "arn:aws:iam::" + A + ":*", "arn:aws:iam::" + A + ":user/alice", "${aws:username}", "", "*", "?", "AQID",
      "vpce-1", A};

  @FuzzTest(maxDuration = "10m")
  void decide(FuzzedDataProvider data) {
    Spec spec;
    try {
      spec = new Spec(data);
    } catch (PolicyParseException | JsonProcessingException e) {
      return; // not a policy: the parser's own fuzz target covers that
    }
    AuthorizationRequest r = spec.request;
    PolicySet set = spec.build(false, null);
    Decision d = Evaluator.authorize(set, r);
    Explanation e = Evaluator.explain(set, r);
    Principal p = r.principal();
    boolean free = r.normalizedAction().equals("sts:getcalleridentity") && p.kind() != Principal.Kind.SERVICE
        && p.kind() != Principal.Kind.ANONYMOUS;
    boolean hasIdentity = p.kind() != Principal.Kind.SERVICE && p.kind() != Principal.Kind.ANONYMOUS;

    // asking twice, and explaining, give the same answer
    assertThat(Evaluator.authorize(set, r)).isEqualTo(d);
    assertThat(e.decision()).isEqualTo(d);

    // the order of the policies never matters (the matched statements are listed in source order,
    // so they are compared as sets)
    Decision reversed = Evaluator.authorize(spec.build(true, null), r);
    assertThat(reversed.outcome()).as("policies reversed: %s", e).isEqualTo(d.outcome());
    assertThat(reversed.blockedBy()).as("policies reversed: %s", e).isEqualTo(d.blockedBy());
    assertThat(new HashSet<>(reversed.matchedStatements())).as("policies reversed: %s", e)
        .isEqualTo(new HashSet<>(d.matchedStatements()));

    // the explanation's traces agree with the decision
    boolean denyApplies = false;
    for (StatementTrace t : e.statements()) {
      boolean counts = switch (t.policyType()) {
        case SERVICE_CONTROL, IDENTITY, PERMISSIONS_BOUNDARY -> hasIdentity;
        case SESSION -> p.isSession();
        default -> true;
      };
      if (t.applies() && t.effect() == Effect.DENY && counts) {
        denyApplies = true;
      }
      if (t.decisive()) {
        assertThat(t.applies()).as("decisive but not applying: %s", e).isTrue();
        assertThat(t.effect()).as("decisive with the wrong effect: %s", e)
            .isEqualTo(d.outcome() == Outcome.ALLOWED ? Effect.ALLOW : Effect.DENY);
      }
    }
    if (free) {
      assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
      assertThat(d.matchedStatements()).isEmpty();
      return;
    }
    if (denyApplies) {
      assertThat(d.outcome()).as("an explicit Deny applies: %s", e).isEqualTo(Outcome.EXPLICIT_DENY);
    }
    switch (d.outcome()) {
      case EXPLICIT_DENY -> assertThat(denyApplies).as("explicitDeny without a Deny that applies: %s", e).isTrue();
      case ALLOWED -> {
        // the root user is allowed by default on the identity side, without a statement
        if (p.kind() != Principal.Kind.ROOT) {
          assertThat(e.statements()).as("allowed without a decisive Allow: %s", e).anyMatch(StatementTrace::decisive);
        }
      }
      case IMPLICIT_DENY -> {
        assertThat(d.matchedStatements()).as("%s", e).isEmpty();
        assertThat(e.statements()).as("%s", e).noneMatch(StatementTrace::decisive);
      }
    }
    assertThat(e.statements().stream().filter(StatementTrace::decisive).count()).as("%s", e)
        .isEqualTo(new HashSet<>(d.matchedStatements()).size());

    // a Deny of everything in an identity policy denies every principal that has identity policies
    if (hasIdentity) {
      Policy denyAll = Policy.parse("deny-all", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
          + "\"Action\":\"*\",\"Resource\":\"*\"}]}");
      assertThat(Evaluator.authorize(spec.build(false, denyAll), r).outcome()).as("Deny * added: %s", e)
          .isEqualTo(Outcome.EXPLICIT_DENY);
    }
  }

  /** The policies and the request one input decodes to. */
  private static final class Spec {
    final List<Policy> identity = new ArrayList<>();
    Policy boundary;
    List<Policy> session;
    Policy resource;
    final List<List<Policy>> scps = new ArrayList<>();
    final List<List<Policy>> rcps = new ArrayList<>();
    Policy vpce;
    final AuthorizationRequest request;
    private int ids;

    Spec(FuzzedDataProvider data) throws JsonProcessingException {
      int n = data.consumeInt(0, 3);
      for (int i = 0; i < n; i++) {
        identity.add(policy(data, false));
      }
      if (data.consumeBoolean()) {
        boundary = policy(data, false);
      }
      if (data.consumeBoolean()) {
        session = new ArrayList<>();
        for (int i = data.consumeInt(0, 2); i > 0; i--) {
          session.add(policy(data, false));
        }
      }
      if (data.consumeBoolean()) {
        resource = policy(data, true);
      }
      for (int level = data.consumeInt(0, 2); level > 0; level--) {
        scps.add(List.of(policy(data, false)));
      }
      if (data.consumeInt(0, 3) == 0) {
        rcps.add(List.of(policy(data, true)));
      }
      if (data.consumeInt(0, 3) == 0) {
        vpce = policy(data, true);
      }
      AuthorizationRequest.Builder b = AuthorizationRequest.builder()
          .principal(data.pickValue(PRINCIPALS))
          .action(data.consumeBoolean() ? data.pickValue(ACTIONS) : data.consumeString(40))
          .resource(data.consumeBoolean() ? concrete(data.pickValue(RESOURCES)) : data.consumeString(80));
      switch (data.consumeInt(0, 3)) {
        case 0 -> b.resourceAccount(A);
        case 1 -> b.resourceAccount(B);
        default -> { }
      }
      RequestContext.Builder ctx = RequestContext.builder();
      for (int i = data.consumeInt(0, 4); i > 0; i--) {
        String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(30);
        if (key.isEmpty()) {
          continue;
        }
        if (data.consumeBoolean()) {
          List<String> values = new ArrayList<>();
          for (int j = data.consumeInt(0, 3); j > 0; j--) {
            values.add(value(data));
          }
          ctx.putList(key, values);
        } else {
          ctx.put(key, value(data));
        }
      }
      request = b.context(ctx.build()).build();
    }

    /** A pattern as a request resource: wildcards and variables are mostly written out. */
    private static String concrete(String pattern) {
      return pattern.replace("${aws:username}", "alice").replace("${aws:PrincipalAccount}", A)
          .replace("${aws:PrincipalTag/team}", "ml");
    }

    /** The set; {@code reversed} lists the identity and session policies the other way round. */
    PolicySet build(boolean reversed, Policy extraIdentity) {
      PolicySet.Builder b = PolicySet.builder();
      List<Policy> id = new ArrayList<>(identity);
      if (extraIdentity != null) {
        id.add(extraIdentity);
      }
      b.identity(reversed ? reversedList(id) : id);
      if (boundary != null) {
        b.permissionsBoundary(boundary);
      }
      if (session != null) {
        b.sessionPolicies(reversed ? reversedList(session) : session);
      }
      if (resource != null) {
        b.resourcePolicy(resource);
      }
      scps.forEach(b::addServiceControlPolicyLevel);
      rcps.forEach(b::addResourceControlPolicyLevel);
      if (vpce != null) {
        b.vpcEndpointPolicy(vpce);
      }
      return b.build();
    }

    private static List<Policy> reversedList(List<Policy> ps) {
      List<Policy> out = new ArrayList<>(ps);
      Collections.reverse(out);
      return out;
    }

    private Policy policy(FuzzedDataProvider data, boolean withPrincipal) throws JsonProcessingException {
      String id = "p" + (ids++);
      if (data.consumeInt(0, 15) == 0) {
        return Policy.parse(id, data.consumeString(400));
      }
      List<Object> statements = new ArrayList<>();
      for (int i = data.consumeInt(1, 3); i > 0; i--) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (data.consumeInt(0, 3) == 0) {
          s.put("Sid", "S" + i);
        }
        s.put("Effect", data.consumeBoolean() ? "Allow" : "Deny");
        if (withPrincipal) {
          Object pr = data.pickValue(PRINCIPAL_ELEMENTS);
          s.put(data.consumeInt(0, 5) == 0 ? "NotPrincipal" : "Principal", pr);
        }
        s.put(data.consumeInt(0, 4) == 0 ? "NotAction" : "Action", strings(data, ACTIONS, 20));
        if (data.consumeInt(0, 6) != 0) {
          s.put(data.consumeInt(0, 4) == 0 ? "NotResource" : "Resource", strings(data, RESOURCES, 60));
        }
        if (data.consumeBoolean()) {
          Map<String, Object> cond = new LinkedHashMap<>();
          for (int c = data.consumeInt(1, 2); c > 0; c--) {
            String op = data.pickValue(OPERATORS);
            switch (data.consumeInt(0, 5)) {
              case 0 -> op = "ForAnyValue:" + op;
              case 1 -> op = "ForAllValues:" + op;
              default -> { }
            }
            if (data.consumeInt(0, 3) == 0) {
              op = op + "IfExists";
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int k = data.consumeInt(1, 2); k > 0; k--) {
              String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(20);
              keys.put(key, data.consumeBoolean() ? value(data) : List.of(value(data), value(data)));
            }
            cond.put(op, keys);
          }
          s.put("Condition", cond);
        }
        statements.add(s);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("Version", data.consumeInt(0, 7) == 0 ? "2008-10-17" : "2012-10-17");
      doc.put("Statement", statements.size() == 1 && data.consumeBoolean() ? statements.get(0) : statements);
      return Policy.parse(id, JSON.writeValueAsString(doc));
    }

    private static Object strings(FuzzedDataProvider data, String[] pool, int max) {
      int n = data.consumeInt(1, 3);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(data.consumeInt(0, 4) == 0 ? data.consumeString(max) : data.pickValue(pool));
      }
      return out.size() == 1 && data.consumeBoolean() ? out.get(0) : out;
    }

    private static String value(FuzzedDataProvider data) {
      return data.consumeInt(0, 3) == 0 ? data.consumeString(40) : data.pickValue(VALUES);
    }
  }
}
