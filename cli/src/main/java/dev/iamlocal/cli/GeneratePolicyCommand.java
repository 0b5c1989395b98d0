package dev.iamlocal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal generate-policy}: from the decision log, the least-privilege identity policy that
 * would have allowed exactly the calls a principal attempted (allowed and denied ones), validated
 * by the {@link Validator} (findings on standard error). What AWS offers through CloudTrail and
 * Access Analyzer policy generation, offline.
 */
@Command(name = "generate-policy", mixinStandardHelpOptions = true,
    description = "Write the least-privilege identity policy that allows exactly the calls a principal made"
        + " (from the decision log), and validate it.")
final class GeneratePolicyCommand implements UsesCatalog, Callable<Integer> {

  @Option(names = "--principal", required = true, description = "The caller ARN, e.g. arn:aws:iam::123456789012:user/alice.")
  String principal;

  @Mixin
  DecisionLogSource source;

  @Option(names = "--since", description = "Only calls at or after this ISO-8601 instant.")
  Instant since;

  @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
      description = "Write the policy to this file instead of standard output.")
  Path output;

  @Option(names = "--output", paramLabel = "json", defaultValue = "json",
      description = "json, the only format (a policy is JSON); accepted as every verb accepts it. To write a file,"
          + " use -o/--output-file.")
  String format;

  @Mixin
  QuietOption quiet;

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest page the HTTP endpoint serves. */
  private static final int PAGE = 10_000;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("json")) {
      // --output used to name the file; say so rather than write a file called "text"
      System.err.println("iamlocal generate-policy: --output takes a format, and a policy is JSON: use --output json"
          + " or leave it out; to write the policy to a file, use -o/--output-file " + format);
      return Main.INVALID_INPUT;
    }
    Set<PolicyGenerator.Call> calls = new LinkedHashSet<>();
    int[] counts = new int[2];
    if (source.remote()) {
      Integer failed = fromEndpoint(calls, counts);
      if (failed != null) {
        return failed;
      }
    } else {
      IamStore opened = source.open("generate-policy");
      if (opened == null) {
        return Main.INVALID_INPUT;
      }
      try (IamStore store = opened) {
        for (DecisionRecord r : new DecisionStore(store).query(DecisionStore.Query.everyAccount(principal, null, null, since,
            null, Integer.MAX_VALUE))) {
          add(calls, counts, r.action(), r.resource(), r.decision());
        }
      }
    }
    if (calls.isEmpty()) {
      System.err.println("iamlocal generate-policy: the decision log has no call by " + principal
          + (since == null ? "" : " since " + since) + "; principal ARNs are exact, e.g. arn:aws:iam::123456789012:user/alice"
          + " (see 'iamlocal log')");
      return Main.INVALID_INPUT;
    }
    String policy = PolicyGenerator.generate(calls, ServiceCatalog.bundled());
    if (output != null) {
      Files.writeString(output, policy, StandardCharsets.UTF_8);
    } else {
      System.out.print(policy);
      System.out.flush();
    }
    if (!quiet.on()) {
      System.err.println("iamlocal generate-policy: " + (counts[0] + counts[1]) + " decisions (" + counts[0]
          + " allowed, " + counts[1] + " denied), " + calls.size() + " distinct calls");
    }
    List<Finding> findings = Validator.validate(policy, PolicyKind.IDENTITY, ValidationOptions.defaults());
    for (Finding f : findings) {
      System.err.println((output == null ? "<policy>" : output.toString()) + ":" + f
          + (f.hint().isEmpty() ? "" : "\n    hint: " + f.hint()));
    }
    if (findings.isEmpty() && !quiet.on()) {
      System.err.println("iamlocal generate-policy: the policy validates with no findings");
    }
    return Main.OK;
  }

  private static void add(Set<PolicyGenerator.Call> calls, int[] counts, String action, String resource,
      String decision) {
    calls.add(new PolicyGenerator.Call(action, resource));
    counts["allowed".equals(decision) ? 0 : 1]++;
  }

  /** Reads the principal's decisions over HTTP; returns an exit status on failure, null on success. */
  private Integer fromEndpoint(Set<PolicyGenerator.Call> calls, int[] counts) throws IOException, InterruptedException {
    SignedGet http = source.client("generate-policy");
    if (http == null) {
      return Main.INVALID_INPUT;
    }
    List<String> q = new ArrayList<>();
    q.add("principal=" + URLEncoder.encode(principal, StandardCharsets.UTF_8));
    if (since != null) {
      q.add("since=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8));
    }
    q.add("limit=" + PAGE);
    HttpResponse<String> resp = http.get(source.endpoint, "/v1/decisions?" + String.join("&", q));
    if (resp.statusCode() != 200) {
      System.err.println("iamlocal generate-policy: " + source.endpoint + " answered " + resp.statusCode() + ": " + resp.body());
      return Main.INVALID_INPUT;
    }
    JsonNode decisions = JSON.readTree(resp.body()).get("decisions");
    if (decisions.size() >= PAGE) {
      // the endpoint answers the newest PAGE records: older calls would be silently left out
      System.err.println("iamlocal generate-policy: " + principal + " has " + PAGE + " or more decisions, more than"
          + " one answer of " + source.endpoint + " holds; narrow with --since, or read the database (--data-dir or --db)");
      return Main.INVALID_INPUT;
    }
    for (JsonNode d : decisions) {
      add(calls, counts, d.get("action").asText(), d.get("resource").asText(), d.get("decision").asText());
    }
    return null;
  }
}
