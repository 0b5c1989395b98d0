package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyResponse;
import software.amazon.awssdk.services.iam.model.Statement;

/**
 * One simulator (issue 14, design point 3): every case of one corpus gets the same answer through
 * the IAM API's SimulateCustomPolicy (AWS SDK v2 against an in-process server) and through
 * {@code iamlocal simulate-custom-policy}: decisions, matched statements with their positions,
 * missing context values, decision details, per-resource results; and for refused requests the
 * same InvalidInput message.
 *
 * <p>The corpus covers every condition operator family (matching, not matching, key absent; in an
 * Allow and in a Deny), every context key type, policy variables, missing context values, the four
 * resource handling options, PassRole and cross-account resource ARNs with and without a caller,
 * resource policies and owners, custom caller ARNs, permissions boundaries, and policy layouts
 * that move statement positions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorParityTest {

  static final String ACCT = "123456789012";
  static final String OTHER = "111122223333";
  static final String ALICE = "arn:aws:iam::" + ACCT + ":user/alice";

  Path dir;
  IamStore store;
  IamServer server;
  IamClient iam;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("simulator-parity");
    Path data = dir.resolve("data");
    Bootstrap.prepareDirectory(data);
    store = IamStore.openSqlite(data.resolve("iamlocal.db"));
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC());
    Bootstrap boot = Bootstrap.ensure(store, data);
    iam = IamClient.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(boot.rootKey().accessKeyId(),
            boot.rootKey().secret())))
        .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @AfterAll
  void stop() throws Exception {
    iam.close();
    server.close();
    store.close();
  }

  // ---------------------------------------------------------------- the case type

  record Entry(String key, String type, List<String> values) {}

  /** One SimulateCustomPolicy request; {@code error} marks a request both must refuse. */
  static final class Case {
    final String name;
    final List<String> policies = new ArrayList<>();
    final List<String> boundaries = new ArrayList<>();
    String resourcePolicy;
    String callerArn;
    String resourceOwner;
    final List<String> actions = new ArrayList<>();
    final List<String> resources = new ArrayList<>();
    final List<Entry> context = new ArrayList<>();
    String handling;
    boolean error;

    Case(String name) {
      this.name = name;
    }

    Case policy(String p) {
      policies.add(p);
      return this;
    }

    Case boundary(String p) {
      boundaries.add(p);
      return this;
    }

    Case resourcePolicy(String p) {
      resourcePolicy = p;
      return this;
    }

    Case caller(String arn) {
      callerArn = arn;
      return this;
    }

    Case owner(String o) {
      resourceOwner = o;
      return this;
    }

    Case actions(String... a) {
      actions.addAll(Arrays.asList(a));
      return this;
    }

    Case resources(String... r) {
      resources.addAll(Arrays.asList(r));
      return this;
    }

    Case context(String key, String type, String... values) {
      context.add(new Entry(key, type, List.of(values)));
      return this;
    }

    Case handling(String h) {
      handling = h;
      return this;
    }

    Case refused() {
      error = true;
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name) {
    return new Case(name);
  }

  // ---------------------------------------------------------------- policy helpers

  static String q(String s) {
    return "\"" + s + "\"";
  }

  static String stmt(String effect, String action, String resource, String condition) {
    return "{\"Effect\":" + q(effect) + ",\"Action\":" + q(action) + ",\"Resource\":" + q(resource)
        + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String doc(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  static String allow(String action, String resource) {
    return doc(stmt("Allow", action, resource, null));
  }

  static String cond(String operator, String key, List<String> values) {
    String v = values.size() == 1 ? q(values.get(0))
        : "[" + String.join(",", values.stream().map(SimulatorParityTest::q).toList()) + "]";
    return "{" + q(operator) + ":{" + q(key) + ":" + v + "}}";
  }

  // ---------------------------------------------------------------- the corpus

  /** One operator row: the condition, then a value that satisfies it and one that does not. */
  record Row(String operator, String key, String type, List<String> policyValues, List<String> match,
      List<String> noMatch) {}

  static Row row(String operator, String key, String type, List<String> policyValues, List<String> match,
      List<String> noMatch) {
    return new Row(operator, key, type, policyValues, match, noMatch);
  }

  static final List<Row> ROWS = List.of(
      row("StringEquals", "aws:PrincipalTag/team", "string", List.of("ml"), List.of("ml"), List.of("web")),
      row("StringNotEquals", "s3:prefix", "string", List.of("home/"), List.of("other/"), List.of("home/")),
      row("StringEqualsIgnoreCase", "aws:RequestTag/env", "string", List.of("Prod"), List.of("prod"), List.of("dev")),
      row("StringNotEqualsIgnoreCase", "aws:RequestTag/env", "string", List.of("Prod"), List.of("dev"), List.of("PROD")),
      row("StringLike", "s3:prefix", "string", List.of("home/*"), List.of("home/alice/x"), List.of("etc/")),
      row("StringNotLike", "s3:prefix", "string", List.of("tmp/*"), List.of("home/"), List.of("tmp/x")),
      row("StringEquals", "aws:PrincipalTag/team", "string", List.of("ml", "data"), List.of("data"), List.of("ops")),
      row("NumericEquals", "s3:max-keys", "numeric", List.of("10"), List.of("10"), List.of("11")),
      row("NumericNotEquals", "s3:max-keys", "numeric", List.of("10"), List.of("11"), List.of("10")),
      row("NumericLessThan", "s3:max-keys", "numeric", List.of("100"), List.of("50"), List.of("500")),
      row("NumericLessThanEquals", "s3:max-keys", "numeric", List.of("100"), List.of("100"), List.of("101")),
      row("NumericGreaterThan", "s3:max-keys", "numeric", List.of("5"), List.of("6"), List.of("5")),
      row("NumericGreaterThanEquals", "s3:max-keys", "numeric", List.of("5.5"), List.of("5.5"), List.of("4")),
      row("DateEquals", "aws:CurrentTime", "date", List.of("2020-01-01T00:00:00Z"), List.of("2020-01-01T00:00:00Z"),
          List.of("2020-01-02T00:00:00Z")),
      row("DateNotEquals", "aws:CurrentTime", "date", List.of("2020-01-01T00:00:00Z"), List.of("2021-01-01T00:00:00Z"),
          List.of("2020-01-01T00:00:00Z")),
      row("DateLessThan", "aws:CurrentTime", "date", List.of("2030-01-01T00:00:00Z"), List.of("2024-05-01T00:00:00Z"),
          List.of("2031-01-01T00:00:00Z")),
      row("DateLessThanEquals", "aws:EpochTime", "date", List.of("1700000000"), List.of("1700000000"),
          List.of("1700000001")),
      row("DateGreaterThan", "aws:CurrentTime", "date", List.of("2018-08-16T12:00:00Z"), List.of("2019-04-25T11:00:00Z"),
          List.of("2014-04-25T11:00:00Z")),
      row("DateGreaterThanEquals", "aws:TokenIssueTime", "date", List.of("2020-06-01T00:00:00Z"),
          List.of("2020-06-01T00:00:00Z"), List.of("2020-05-31T23:59:59Z")),
      row("Bool", "aws:SecureTransport", "boolean", List.of("true"), List.of("true"), List.of("false")),
      row("Bool", "aws:MultiFactorAuthPresent", "boolean", List.of("false"), List.of("false"), List.of("true")),
      row("BinaryEquals", "aws:RequestTag/blob", "binary", List.of("QmluYXJ5VmFsdWU="), List.of("QmluYXJ5VmFsdWU="),
          List.of("T3RoZXI=")),
      row("IpAddress", "aws:SourceIp", "ip", List.of("192.0.2.0/24"), List.of("192.0.2.7"), List.of("198.51.100.1")),
      row("NotIpAddress", "aws:SourceIp", "ip", List.of("192.0.2.0/24"), List.of("198.51.100.1"), List.of("192.0.2.7")),
      row("IpAddress", "aws:SourceIp", "ip", List.of("2001:db8::/32"), List.of("2001:db8::1"), List.of("2001:db9::1")),
      row("ArnEquals", "aws:SourceArn", "string", List.of("arn:aws:sns:us-east-1:123456789012:topic"),
          List.of("arn:aws:sns:us-east-1:123456789012:topic"), List.of("arn:aws:sns:us-east-1:123456789012:other")),
      row("ArnLike", "aws:SourceArn", "string", List.of("arn:aws:s3:::bucket-*"), List.of("arn:aws:s3:::bucket-1"),
          List.of("arn:aws:s3:::other")),
      row("ArnNotEquals", "aws:SourceArn", "string", List.of("arn:aws:s3:::a"), List.of("arn:aws:s3:::b"),
          List.of("arn:aws:s3:::a")),
      row("ArnNotLike", "aws:PrincipalArn", "string", List.of("arn:aws:iam::*:role/Admin*"),
          List.of("arn:aws:iam::123456789012:user/bob"), List.of("arn:aws:iam::123456789012:role/AdminX")),
      row("Null", "aws:MultiFactorAuthAge", "numeric", List.of("false"), List.of("3600"), List.of()),
      row("Null", "aws:RequestTag/env", "string", List.of("true"), List.of(), List.of("prod")),
      row("StringEqualsIfExists", "aws:RequestTag/env", "string", List.of("prod"), List.of("prod"), List.of("dev")),
      row("NumericLessThanIfExists", "s3:max-keys", "numeric", List.of("10"), List.of("9"), List.of("10")),
      row("BoolIfExists", "aws:MultiFactorAuthPresent", "boolean", List.of("true"), List.of("true"), List.of("false")),
      row("IpAddressIfExists", "aws:SourceIp", "ip", List.of("10.0.0.0/8"), List.of("10.1.2.3"), List.of("11.0.0.1")),
      row("ForAllValues:StringEquals", "aws:TagKeys", "stringList", List.of("env", "team"), List.of("env", "team"),
          List.of("env", "other")),
      row("ForAnyValue:StringEquals", "aws:TagKeys", "stringList", List.of("env"), List.of("x", "env"),
          List.of("x", "y")),
      row("ForAnyValue:StringLike", "aws:TagKeys", "stringList", List.of("pro*"), List.of("project"), List.of("env")),
      row("ForAllValues:StringLike", "aws:TagKeys", "stringList", List.of("team-*"), List.of("team-a", "team-b"),
          List.of("team-a", "env")),
      row("ForAnyValue:NumericLessThan", "custom:Sizes", "numericList", List.of("10"), List.of("50", "5"),
          List.of("50", "60")),
      row("ForAnyValue:Bool", "custom:Flags", "booleanList", List.of("true"), List.of("false", "true"),
          List.of("false")),
      row("ForAnyValue:IpAddress", "custom:Addresses", "ipList", List.of("192.0.2.0/24"),
          List.of("198.51.100.1", "192.0.2.1"), List.of("198.51.100.1")),
      row("ForAnyValue:DateGreaterThan", "custom:Dates", "dateList", List.of("2020-01-01T00:00:00Z"),
          List.of("2019-01-01T00:00:00Z", "2021-01-01T00:00:00Z"), List.of("2019-01-01T00:00:00Z")),
      row("ForAnyValue:BinaryEquals", "custom:Blobs", "binaryList", List.of("QUJD"), List.of("QUJD", "REVG"),
          List.of("REVG")),
      row("ForAllValues:StringNotEquals", "aws:TagKeys", "stringList", List.of("secret"), List.of("a", "b"),
          List.of("a", "secret")));

  static List<Case> corpus() {
    List<Case> out = new ArrayList<>();
    // 1. every operator family: value matching, not matching, key absent; in an Allow and in a Deny
    for (int i = 0; i < ROWS.size(); i++) {
      Row r = ROWS.get(i);
      String condition = cond(r.operator(), r.key(), r.policyValues());
      String[] resources = i % 2 == 0 ? new String[0] : new String[] {"arn:aws:s3:::bucket/key"};
      String allowIf = doc(stmt("Allow", "s3:GetObject", "*", condition));
      String denyIf = doc(stmt("Allow", "s3:*", "*", null), stmt("Deny", "s3:GetObject", "*", condition));
      for (String[] kind : new String[][] {{"allow-if", allowIf}, {"deny-if", denyIf}}) {
        String base = "operator " + i + " " + r.operator() + " " + r.key() + " " + kind[0];
        if (!r.match().isEmpty()) {
          out.add(c(base + " matching").policy(kind[1]).actions("s3:GetObject").resources(resources)
              .context(r.key(), r.type(), r.match().toArray(String[]::new)));
        }
        if (!r.noMatch().isEmpty()) {
          out.add(c(base + " not matching").policy(kind[1]).actions("s3:GetObject").resources(resources)
              .context(r.key(), r.type(), r.noMatch().toArray(String[]::new)));
        }
        out.add(c(base + " absent").policy(kind[1]).actions("s3:GetObject", "s3:PutObject").resources(resources));
      }
    }

    // 2. every context key type, given and read by a statement of another action (not missing, not used)
    String[][] types = {{"string", "a"}, {"stringList", "a", "b"}, {"numeric", "1.5"}, {"numericList", "1", "2"},
        {"boolean", "true"}, {"booleanList", "true", "false"}, {"ip", "192.0.2.1"}, {"ipList", "192.0.2.1", "::1"},
        {"binary", "QUJD"}, {"binaryList", "QUJD", "REVG"}, {"date", "2020-01-01T00:00:00Z"},
        {"dateList", "2020-01-01T00:00:00Z", "1577836800"}};
    for (String[] t : types) {
      out.add(c("context type " + t[0]).policy(doc(stmt("Allow", "s3:GetObject", "*", cond("Null",
          "custom:Key" + t[0], List.of("false"))), stmt("Allow", "s3:PutObject", "*", cond("StringEquals",
          "custom:Other", List.of("x"))))).actions("s3:GetObject", "s3:PutObject")
          .context("custom:Key" + t[0], t[0], Arrays.copyOfRange(t, 1, t.length)));
    }
    out.add(c("context key names compare case-insensitively").policy(doc(stmt("Allow", "s3:GetObject", "*",
        cond("StringEquals", "AWS:PrincipalTag/Team", List.of("ml"))))).actions("s3:GetObject")
        .context("aws:principaltag/team", "string", "ml"));
    out.add(c("boolean context value in capitals").policy(doc(stmt("Allow", "s3:GetObject", "*",
        cond("Bool", "aws:SecureTransport", List.of("true"))))).actions("s3:GetObject")
        .context("aws:SecureTransport", "boolean", "TRUE"));

    // 3. missing context values: variables and condition keys of the statements that apply
    String vars = doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::b/${aws:username}/*",
        cond("StringEquals", "s3:prefix", List.of("${aws:PrincipalTag/dept}/"))),
        stmt("Allow", "s3:ListBucket", "*", cond("IpAddress", "aws:SourceIp", List.of("192.0.2.0/24"))),
        "{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"NotResource\":\"arn:aws:s3:::b/${aws:userid}/*\"}");
    out.add(c("missing: variables in Resource, NotResource and condition values, resource *").policy(vars)
        .actions("s3:GetObject", "s3:ListBucket"));
    out.add(c("missing: per resource with resource ARNs").policy(vars).actions("s3:GetObject", "s3:ListBucket")
        .resources("arn:aws:s3:::b/alice/k", "arn:aws:s3:::other/k"));
    out.add(c("missing: some keys given").policy(vars).actions("s3:GetObject").resources("arn:aws:s3:::b/alice/k")
        .context("aws:username", "string", "alice").context("aws:userid", "string", "AIDAEXAMPLE"));
    out.add(c("missing: a caller fills aws:username").policy(vars).actions("s3:GetObject", "s3:ListBucket")
        .resources("arn:aws:s3:::b/alice/k").caller(ALICE));
    out.add(c("missing: statements of other actions do not count").policy(doc(stmt("Allow", "ec2:RunInstances", "*",
        cond("StringEquals", "ec2:InstanceType", List.of("t3.micro"))), stmt("Allow", "s3:GetObject", "*", null)))
        .actions("s3:GetObject", "ec2:RunInstances"));
    out.add(c("missing: across two policies, each key once").policy(doc(stmt("Allow", "s3:GetObject", "*",
        cond("StringEquals", "aws:RequestTag/env", List.of("prod"))))).policy(doc(stmt("Allow", "s3:*", "*",
        cond("StringEquals", "aws:requesttag/ENV", List.of("dev"))))).actions("s3:GetObject"));
    out.add(c("missing: 2008-10-17 has no variables").policy("{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/${aws:username}\"}]}")
        .actions("s3:GetObject").resources("arn:aws:s3:::b/${aws:username}"));

    // 4. resource handling options (EC2 scenarios)
    String ec2 = doc(stmt("Allow", "ec2:RunInstances", "arn:aws:ec2:us-east-1:" + ACCT + ":instance/*", null),
        stmt("Allow", "ec2:RunInstances", "arn:aws:ec2:us-east-1::image/*", null),
        stmt("Allow", "ec2:RunInstances", "arn:aws:ec2:us-east-1:" + ACCT + ":security-group/*", null),
        stmt("Allow", "ec2:RunInstances", "arn:aws:ec2:us-east-1:" + ACCT + ":volume/*", null));
    String ec2Deny = doc(stmt("Allow", "ec2:*", "*", null), stmt("Deny", "ec2:RunInstances",
        "arn:aws:ec2:us-east-1:" + ACCT + ":subnet/*", null));
    String instance = "arn:aws:ec2:us-east-1:" + ACCT + ":instance/*";
    String image = "arn:aws:ec2:us-east-1::image/ami-0abc";
    String sg = "arn:aws:ec2:us-east-1:" + ACCT + ":security-group/sg-1";
    String volume = "arn:aws:ec2:us-east-1:" + ACCT + ":volume/*";
    String subnet = "arn:aws:ec2:us-east-1:" + ACCT + ":subnet/subnet-1";
    String eni = "arn:aws:ec2:us-east-1:" + ACCT + ":network-interface/*";
    for (String h : List.of("EC2-VPC-InstanceStore", "EC2-VPC-InstanceStore-Subnet", "EC2-VPC-EBS",
        "EC2-VPC-EBS-Subnet")) {
      List<String> rs = new ArrayList<>(List.of(instance, image, sg, eni));
      if (h.contains("EBS")) {
        rs.add(volume);
      }
      if (h.endsWith("Subnet")) {
        rs.add(subnet);
      }
      out.add(c("handling " + h + " partial allow").policy(ec2).actions("ec2:RunInstances")
          .resources(rs.toArray(String[]::new)).handling(h));
      out.add(c("handling " + h + " allow all").policy(allow("ec2:*", "*")).actions("ec2:RunInstances", "ec2:StartInstances")
          .resources(rs.toArray(String[]::new)).handling(h));
      out.add(c("handling " + h + " deny").policy(ec2Deny).actions("ec2:RunInstances")
          .resources(rs.toArray(String[]::new)).handling(h));
      out.add(c("handling " + h + " with boundary").policy(allow("ec2:*", "*")).boundary(ec2)
          .actions("ec2:RunInstances").resources(rs.toArray(String[]::new)).handling(h));
    }

    // 5. PassRole and resource ARNs of other accounts, with and without a caller
    String passRole = doc(stmt("Allow", "iam:PassRole", "*", cond("StringEquals", "iam:PassedToService",
        List.of("cloudwatch.amazonaws.com"))));
    String otherRole = "arn:aws:iam::" + OTHER + ":role/CloudWatchRole";
    out.add(c("PassRole to a role ARN of another account, no caller (AWS: allowed)").policy(passRole)
        .actions("iam:PassRole").resources(otherRole)
        .context("iam:PassedToService", "string", "cloudwatch.amazonaws.com"));
    out.add(c("PassRole wrong service").policy(passRole).actions("iam:PassRole").resources(otherRole)
        .context("iam:PassedToService", "string", "ec2.amazonaws.com"));
    out.add(c("PassRole without the service key").policy(passRole).actions("iam:PassRole").resources(otherRole));
    out.add(c("PassRole with a caller of another account: cross-account").policy(passRole).caller(ALICE)
        .actions("iam:PassRole").resources(otherRole)
        .context("iam:PassedToService", "string", "cloudwatch.amazonaws.com"));
    out.add(c("PassRole with a caller of the role's account").policy(passRole)
        .caller("arn:aws:iam::" + OTHER + ":user/ops").actions("iam:PassRole").resources(otherRole)
        .context("iam:PassedToService", "string", "cloudwatch.amazonaws.com"));
    out.add(c("resource ARNs of three accounts, no caller").policy(allow("sqs:*", "*")).actions("sqs:SendMessage")
        .resources("arn:aws:sqs:us-east-1:" + ACCT + ":q", "arn:aws:sqs:us-east-1:" + OTHER + ":q",
            "arn:aws:sqs:us-east-1:999999999999:q"));
    out.add(c("resource ARNs of three accounts, with a caller").policy(allow("sqs:*", "*")).caller(ALICE)
        .actions("sqs:SendMessage").resources("arn:aws:sqs:us-east-1:" + ACCT + ":q",
            "arn:aws:sqs:us-east-1:" + OTHER + ":q", "arn:aws:sqs:us-east-1:999999999999:q"));
    out.add(c("ResourceOwner without a caller").policy(allow("s3:*", "*")).owner("arn:aws:iam::" + OTHER + ":root")
        .actions("s3:GetObject").resources("arn:aws:s3:::bucket/k"));
    out.add(c("ResourceOwner of another account with a caller").policy(allow("s3:*", "*")).caller(ALICE)
        .owner("arn:aws:iam::" + OTHER + ":root").actions("s3:GetObject").resources("arn:aws:s3:::bucket/k"));
    out.add(c("ResourceOwner as an account id").policy(allow("s3:*", "*")).caller(ALICE).owner(OTHER)
        .actions("s3:GetObject").resources("arn:aws:s3:::bucket/k", "*"));
    out.add(c("ResourceOwner of the caller's account").policy(allow("s3:*", "*")).caller(ALICE)
        .owner("arn:aws:iam::" + ACCT + ":root").actions("s3:GetObject").resources("arn:aws:s3:::bucket/k"));

    // 6. resource policies and callers
    String bucketFor = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Reader\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"%s\"},\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::bucket/*\"},"
        + "{\"Sid\":\"TLS\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::bucket/*\","
        + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    String noIdentity = allow("ec2:DescribeInstances", "*");
    for (String principal : List.of(ALICE, "arn:aws:iam::" + ACCT + ":root", ACCT, "*",
        "arn:aws:iam::" + ACCT + ":user/bob", "arn:aws:iam::" + OTHER + ":root")) {
      String rp = String.format(bucketFor, principal);
      out.add(c("resource policy for " + principal + ", same account, identity silent").policy(noIdentity)
          .resourcePolicy(rp).caller(ALICE).actions("s3:GetObject", "s3:DeleteObject")
          .resources("arn:aws:s3:::bucket/k"));
      out.add(c("resource policy for " + principal + ", owner another account").policy(allow("s3:GetObject", "*"))
          .resourcePolicy(rp).caller(ALICE).owner("arn:aws:iam::" + OTHER + ":root").actions("s3:GetObject",
              "s3:PutObject").resources("arn:aws:s3:::bucket/k"));
      out.add(c("resource policy for " + principal + ", insecure transport").policy(allow("s3:*", "*"))
          .resourcePolicy(rp).caller(ALICE).actions("s3:GetObject").resources("arn:aws:s3:::bucket/k")
          .context("aws:SecureTransport", "boolean", "false"));
    }
    out.add(c("resource policy and resource *").policy(allow("s3:*", "*")).resourcePolicy(String.format(bucketFor, ALICE))
        .caller(ALICE).actions("s3:GetObject"));

    // 7. custom caller ARNs
    String self = doc(stmt("Allow", "iam:*AccessKey*", "arn:aws:iam::*:user/${aws:username}", null),
        stmt("Allow", "s3:ListBucket", "*", cond("StringEquals", "aws:PrincipalArn", List.of(ALICE))),
        stmt("Allow", "s3:GetBucketLocation", "*", cond("StringEquals", "aws:PrincipalAccount", List.of(ACCT))));
    for (String caller : List.of(ALICE, "arn:aws:iam::" + ACCT + ":user/division/team/alice",
        "arn:aws:iam::" + ACCT + ":user/bob", "arn:aws:iam::" + OTHER + ":user/alice")) {
      out.add(c("caller " + caller).policy(self).caller(caller).actions("iam:CreateAccessKey", "s3:ListBucket",
          "s3:GetBucketLocation").resources("arn:aws:iam::" + ACCT + ":user/alice"));
    }

    // 8. permissions boundaries
    String s3All = allow("s3:*", "*");
    out.add(c("boundary narrows").policy(s3All).boundary(allow("s3:Get*", "*")).actions("s3:GetObject", "s3:PutObject"));
    out.add(c("boundary narrows, resource ARN").policy(s3All).boundary(allow("s3:Get*", "arn:aws:s3:::b/*"))
        .actions("s3:GetObject").resources("arn:aws:s3:::b/k", "arn:aws:s3:::c/k"));
    out.add(c("boundary denies").policy(s3All).boundary(doc(stmt("Allow", "*", "*", null),
        stmt("Deny", "s3:DeleteObject", "*", null))).actions("s3:GetObject", "s3:DeleteObject"));
    out.add(c("boundary allows what identity does not").policy(allow("ec2:*", "*")).boundary(s3All)
        .actions("s3:GetObject", "ec2:StartInstances"));
    out.add(c("boundary condition missing").policy(s3All).boundary(doc(stmt("Allow", "s3:*", "*",
        cond("StringEquals", "aws:RequestedRegion", List.of("eu-west-1")))))
        .actions("s3:GetObject").resources("*", "arn:aws:s3:::b/k"));
    out.add(c("boundary condition given").policy(s3All).boundary(doc(stmt("Allow", "s3:*", "*",
        cond("StringEquals", "aws:RequestedRegion", List.of("eu-west-1")))))
        .actions("s3:GetObject").context("aws:RequestedRegion", "string", "eu-west-1"));
    out.add(c("identity deny and boundary allow").policy(doc(stmt("Allow", "s3:*", "*", null),
        stmt("Deny", "s3:PutObject", "*", null))).boundary(s3All).actions("s3:PutObject", "s3:GetObject"));

    // 9. structure: NotAction, NotResource, several policies, layouts that move positions
    out.add(c("NotAction").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":"
        + "\"iam:*\",\"Resource\":\"*\"}]}").actions("iam:CreateUser", "s3:GetObject"));
    out.add(c("NotResource deny").policy(doc(stmt("Allow", "s3:*", "*", null))).policy("{\"Version\":\"2012-10-17\","
        + "\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::safe/*\"}}")
        .actions("s3:PutObject").resources("arn:aws:s3:::safe/k", "arn:aws:s3:::other/k"));
    out.add(c("deny in the second policy wins").policy(s3All).policy(doc(stmt("Deny", "s3:Delete*", "*", null)))
        .actions("s3:DeleteObject", "s3:GetObject"));
    out.add(c("two allows both match").policy(s3All).policy(allow("s3:GetObject", "*")).actions("s3:GetObject"));
    out.add(c("lone statement object").policy("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
        + "\"Action\":\"dynamodb:*\",\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":"
        + "\"2018-08-16T12:00:00Z\"}}}}").actions("dynamodb:CreateBackup")
        .context("aws:CurrentTime", "date", "2019-04-25T11:00:00Z"));
    out.add(c("pretty printed, two statements").policy("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n"
        + "    {\n      \"Sid\": \"A\",\n      \"Effect\": \"Allow\",\n      \"Action\": \"s3:*\",\n"
        + "      \"Resource\": \"*\"\n    },\n    {\n      \"Sid\": \"B\",\n      \"Effect\": \"Deny\",\n"
        + "      \"Action\": \"s3:DeleteBucket\",\n      \"Resource\": \"*\"\n    }\n  ]\n}")
        .actions("s3:GetObject", "s3:DeleteBucket"));
    out.add(c("tabs and CRLF").policy("{\r\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": [\r\n\t\t{\"Effect\": "
        + "\"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"},\r\n\t\t{\"Effect\": \"Allow\", \"Action\": "
        + "\"s3:PutObject\", \"Resource\": \"*\"}\r\n\t]\r\n}").actions("s3:GetObject", "s3:PutObject"));
    out.add(c("statement after a comma on its own line").policy("{\"Version\":\"2012-10-17\",\"Statement\":[\n"
        + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}\n,\n  {\"Effect\":\"Allow\","
        + "\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}").actions("s3:GetObject", "s3:PutObject"));
    out.add(c("non-ASCII Sid").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"é\",\"Effect\":\"Allow\","
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\","
        + "\"Resource\":\"*\"}]}").actions("s3:GetObject", "s3:PutObject"));
    out.add(c("wildcards in policy actions and resources").policy(allow("s3:Get*", "arn:aws:s3:::b?cket/*"))
        .actions("s3:GetObject", "s3:GetObjectAcl", "s3:PutObject")
        .resources("arn:aws:s3:::bucket/a", "arn:aws:s3:::bxcket/b", "arn:aws:s3:::buckets/c"));
    out.add(c("action names compare case-insensitively").policy(allow("S3:getobject", "*")).actions("s3:GetObject"));
    out.add(c("unknown service").policy(allow("madeup:*", "*")).actions("madeup:DoThing", "other:DoThing"));

    // 10. several ResourceArns: one result per action, the aggregate at the top (API_EvaluationResult)
    String mixed = doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::p/allowed", null),
        stmt("Deny", "s3:GetObject", "arn:aws:s3:::p/blocked", null));
    out.add(c("several ARNs: allowed, explicitDeny, implicitDeny").policy(mixed).actions("s3:GetObject", "s3:PutObject")
        .resources("arn:aws:s3:::p/allowed", "arn:aws:s3:::p/blocked", "arn:aws:s3:::p/unspecified"));
    out.add(c("several ARNs: allowed and implicitDeny").policy(allow("s3:GetObject", "arn:aws:s3:::p/a*"))
        .actions("s3:GetObject").resources("arn:aws:s3:::p/a1", "arn:aws:s3:::p/b1"));
    out.add(c("several ARNs: all allowed").policy(allow("s3:GetObject", "arn:aws:s3:::p/*"))
        .actions("s3:GetObject").resources("arn:aws:s3:::p/a1", "arn:aws:s3:::p/b1"));
    out.add(c("several ARNs: missing keys over all").policy(doc(stmt("Allow", "s3:GetObject", "arn:aws:s3:::p/${aws:username}/*",
        cond("IpAddress", "aws:SourceIp", List.of("192.0.2.0/24"))))).actions("s3:GetObject")
        .resources("arn:aws:s3:::p/alice/k", "arn:aws:s3:::p/bob/k"));
    out.add(c("several ARNs: cross-account details").policy(allow("sqs:SendMessage", "*")).caller(ALICE)
        .actions("sqs:SendMessage").resources("arn:aws:sqs:us-east-1:" + ACCT + ":q", "arn:aws:sqs:us-east-1:" + OTHER + ":q"));
    out.add(c("several ARNs: boundary on one").policy(allow("s3:*", "*")).boundary(allow("s3:*", "arn:aws:s3:::p/a1"))
        .actions("s3:GetObject").resources("arn:aws:s3:::p/a1", "arn:aws:s3:::p/b1"));
    out.add(c("several ARNs: types differ").policy(allow("s3:*", "*")).actions("s3:GetObject", "s3:ListBucket")
        .resources("arn:aws:s3:::p", "arn:aws:s3:::p/k"));

    // 11. refused requests: the same InvalidInput message through both
    out.add(c("refused: CallerArn of a role").policy(s3All).caller("arn:aws:iam::" + ACCT + ":role/R")
        .actions("s3:GetObject").refused());
    out.add(c("refused: CallerArn not an ARN").policy(s3All).caller("alice").actions("s3:GetObject").refused());
    out.add(c("refused: ResourcePolicy without CallerArn").policy(s3All).resourcePolicy(String.format(bucketFor, ALICE))
        .actions("s3:GetObject").refused());
    out.add(c("refused: unknown handling option").policy(s3All).actions("ec2:RunInstances")
        .handling("EC2-Classic-InstanceStore").refused());
    out.add(c("refused: ResourceOwner not an account").policy(s3All).owner("arn:aws:iam::123:user/x")
        .actions("s3:GetObject").refused());
    out.add(c("refused: wildcard action").policy(s3All).actions("s3:Get*").refused());
    out.add(c("refused: two boundaries").policy(s3All).boundary(s3All).boundary(s3All).actions("s3:GetObject")
        .refused());
    out.add(c("refused: syntax error").policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allw\","
        + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}").actions("s3:GetObject").refused());
    return out;
  }

  // ---------------------------------------------------------------- the two paths

  /** Through the IAM API: the SDK's response as the AWS CLI's JSON would show it. */
  JsonNode viaApi(Case k) {
    SimulateCustomPolicyRequest.Builder b = SimulateCustomPolicyRequest.builder().policyInputList(k.policies)
        .actionNames(k.actions);
    if (!k.boundaries.isEmpty()) {
      b.permissionsBoundaryPolicyInputList(k.boundaries);
    }
    if (!k.resources.isEmpty()) {
      b.resourceArns(k.resources);
    }
    if (!k.context.isEmpty()) {
      b.contextEntries(k.context.stream().map(e -> ContextEntry.builder().contextKeyName(e.key())
          .contextKeyType(e.type()).contextKeyValues(e.values()).build()).toList());
    }
    b.resourcePolicy(k.resourcePolicy).callerArn(k.callerArn).resourceOwner(k.resourceOwner)
        .resourceHandlingOption(k.handling);
    SimulateCustomPolicyResponse r;
    try {
      r = iam.simulateCustomPolicy(b.build());
    } catch (IamException e) {
      ObjectNode err = Cli.JSON.createObjectNode();
      err.put("error", e.awsErrorDetails().errorCode());
      err.put("message", e.awsErrorDetails().errorMessage());
      return err;
    }
    ObjectNode root = Cli.JSON.createObjectNode();
    ArrayNode results = root.putArray("EvaluationResults");
    for (EvaluationResult e : r.evaluationResults()) {
      ObjectNode m = results.addObject();
      m.put("EvalActionName", e.evalActionName());
      m.put("EvalResourceName", e.evalResourceName());
      m.put("EvalDecision", e.evalDecisionAsString());
      if (e.hasMatchedStatements()) {
        statements(m.putArray("MatchedStatements"), e.matchedStatements());
      }
      if (e.hasMissingContextValues()) {
        e.missingContextValues().forEach(m.putArray("MissingContextValues")::add);
      }
      if (e.hasEvalDecisionDetails()) {
        details(m.putObject("EvalDecisionDetails"), e.evalDecisionDetailsAsStrings());
      }
      if (e.organizationsDecisionDetail() != null) {
        m.putObject("OrganizationsDecisionDetail").put("AllowedByOrganizations",
            e.organizationsDecisionDetail().allowedByOrganizations());
      }
      if (e.permissionsBoundaryDecisionDetail() != null) {
        m.putObject("PermissionsBoundaryDecisionDetail").put("AllowedByPermissionsBoundary",
            e.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
      }
      if (e.hasResourceSpecificResults()) {
        ArrayNode rs = m.putArray("ResourceSpecificResults");
        for (ResourceSpecificResult s : e.resourceSpecificResults()) {
          ObjectNode x = rs.addObject();
          x.put("EvalResourceName", s.evalResourceName());
          x.put("EvalResourceDecision", s.evalResourceDecisionAsString());
          if (s.hasMatchedStatements()) {
            statements(x.putArray("MatchedStatements"), s.matchedStatements());
          }
          if (s.hasMissingContextValues()) {
            s.missingContextValues().forEach(x.putArray("MissingContextValues")::add);
          }
          if (s.hasEvalDecisionDetails()) {
            details(x.putObject("EvalDecisionDetails"), s.evalDecisionDetailsAsStrings());
          }
          if (s.permissionsBoundaryDecisionDetail() != null) {
            x.putObject("PermissionsBoundaryDecisionDetail").put("AllowedByPermissionsBoundary",
                s.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
          }
        }
      }
    }
    // (IsTruncated is the API's page: the AWS CLI, and so this tool offline, pages through every result and
    // prints the results alone)
    assertThat(r.isTruncated()).isFalse();
    return root;
  }

  private static void statements(ArrayNode out, List<Statement> ms) {
    for (Statement s : ms) {
      ObjectNode o = out.addObject();
      o.put("SourcePolicyId", s.sourcePolicyId());
      o.put("SourcePolicyType", s.sourcePolicyTypeAsString());
      if (s.startPosition() != null) {
        o.putObject("StartPosition").put("Line", s.startPosition().line()).put("Column", s.startPosition().column());
        o.putObject("EndPosition").put("Line", s.endPosition().line()).put("Column", s.endPosition().column());
      }
    }
  }

  private static void details(ObjectNode out, Map<String, String> d) {
    d.forEach(out::put);
  }

  /** Through {@code iamlocal simulate-custom-policy --cli-input-json}. */
  static JsonNode viaCli(Case k) {
    ObjectNode in = Cli.JSON.createObjectNode();
    k.policies.forEach(in.putArray("PolicyInputList")::add);
    if (!k.boundaries.isEmpty()) {
      k.boundaries.forEach(in.putArray("PermissionsBoundaryPolicyInputList")::add);
    }
    k.actions.forEach(in.putArray("ActionNames")::add);
    if (!k.resources.isEmpty()) {
      k.resources.forEach(in.putArray("ResourceArns")::add);
    }
    if (k.resourcePolicy != null) {
      in.put("ResourcePolicy", k.resourcePolicy);
    }
    if (k.resourceOwner != null) {
      in.put("ResourceOwner", k.resourceOwner);
    }
    if (k.callerArn != null) {
      in.put("CallerArn", k.callerArn);
    }
    if (!k.context.isEmpty()) {
      ArrayNode cs = in.putArray("ContextEntries");
      for (Entry e : k.context) {
        ObjectNode o = cs.addObject();
        o.put("ContextKeyName", e.key());
        e.values().forEach(o.putArray("ContextKeyValues")::add);
        o.put("ContextKeyType", e.type());
      }
    }
    if (k.handling != null) {
      in.put("ResourceHandlingOption", k.handling);
    }
    Cli.Result r = Cli.run("simulate-custom-policy", "--cli-input-json", in.toString());
    if (r.code() != Main.OK) {
      String prefix = "An error occurred (InvalidInput) when calling the SimulateCustomPolicy operation: ";
      int at = r.err().indexOf(prefix);
      ObjectNode err = Cli.JSON.createObjectNode();
      err.put("error", at < 0 ? "exit " + r.code() : "InvalidInput");
      String rest = at < 0 ? r.err() : r.err().substring(at + prefix.length());
      int hint = rest.indexOf("\n  hint: ");
      err.put("message", (hint < 0 ? rest : rest.substring(0, hint)).strip());
      return err;
    }
    return r.json();
  }

  // ---------------------------------------------------------------- the tests

  @TestFactory
  Stream<DynamicTest> everyCaseGetsTheSameAnswerThroughTheApiAndTheCli() {
    return corpus().stream().map(k -> DynamicTest.dynamicTest(k.name, () -> {
      JsonNode api = viaApi(k);
      JsonNode cli = viaCli(k);
      if (k.error) {
        assertThat(api.path("error").asText()).as("API refuses: %s", api).isEqualTo("InvalidInput");
      } else if (api.has("error")) {
        fail("the API refused " + k.name + ": " + api);
      }
      assertThat(cli).as("%s\nAPI: %s\nCLI: %s", k.name, api, cli).isEqualTo(api);
    }));
  }

  /** The corpus is large and spans what the simulator decides; a shrunken corpus fails here. */
  @Test
  void theCorpusCoversTheSimulatorsRules() {
    List<Case> all = corpus();
    assertThat(all.size()).isGreaterThanOrEqualTo(300);
    assertThat(all.stream().filter(k -> k.handling != null && !k.error)).hasSize(16);
    assertThat(all.stream().filter(k -> k.handling == null && k.resources.size() > 1 && !k.error))
        .hasSizeGreaterThanOrEqualTo(15);
    assertThat(all.stream().filter(k -> k.error)).hasSizeGreaterThanOrEqualTo(8);
    assertThat(all.stream().filter(k -> !k.boundaries.isEmpty())).hasSizeGreaterThanOrEqualTo(10);
    assertThat(all.stream().filter(k -> k.resourcePolicy != null)).hasSizeGreaterThanOrEqualTo(18);
    assertThat(all.stream().flatMap(k -> k.context.stream()).map(Entry::type).distinct())
        .containsExactlyInAnyOrder("string", "stringList", "numeric", "numericList", "boolean", "booleanList", "ip",
            "ipList", "binary", "binaryList", "date", "dateList");
  }

  /** The issue's example decides as AWS does through both (allowed), not only identically. */
  @Test
  void passRoleToAnotherAccountsRoleWithoutACallerIsAllowedThroughBoth() {
    Case k = corpus().stream().filter(x -> x.name.startsWith("PassRole to a role ARN")).findFirst().orElseThrow();
    JsonNode api = viaApi(k);
    assertThat(api.at("/EvaluationResults/0/EvalDecision").asText()).isEqualTo("allowed");
    assertThat(viaCli(k)).isEqualTo(api);
  }
}
