package dev.iamlocal.server.accessanalyzer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.policy.PolicyParseException;
import dev.iamlocal.policy.Position;
import dev.iamlocal.reasoning.Access;
import dev.iamlocal.reasoning.AccessCheckPolicyType;
import dev.iamlocal.reasoning.CheckResult;
import dev.iamlocal.reasoning.Prover;
import dev.iamlocal.reasoning.ProverDisagreement;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.protocol.RestJsonCodec;
import dev.iamlocal.validation.Finding;
import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.ValidationOptions;
import dev.iamlocal.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAM Access Analyzer's policy operations: the three custom policy checks ({@code CheckNoNewAccess},
 * {@code CheckAccessNotGranted}, {@code CheckNoPublicAccess}), answered by the prover
 * ({@link Prover}), and {@code ValidatePolicy}, answered by the validator. Every call is authorized
 * by the server's one pipeline as {@code access-analyzer:<Operation>} on
 * {@code arn:aws:access-analyzer:REGION:ACCOUNT:*} ({@link #resource}). The rest of the model's operations (analyzers,
 * findings, archive rules, access previews, policy generation) act on analyzers iamlocal does not
 * keep: {@link AwsError#notImplemented}.
 */
public final class AccessAnalyzerApi {

  private static final Logger LOG = LoggerFactory.getLogger(AccessAnalyzerApi.class);
  /** The service its requests are signed for ({@code signingName} of the model). */
  public static final List<String> SERVICES = List.of("access-analyzer");
  /** Findings per ValidatePolicy page when the request names no {@code maxResults}. */
  static final int DEFAULT_PAGE = 100;

  private final RestJsonCodec codec = new RestJsonCodec(ApiModel.accessAnalyzer());
  private final AuthorizationPipeline pipeline;
  private final Prover prover;
  private final Map<String, Function<ObjectNode, ObjectNode>> operations = Map.of(
      "CheckNoNewAccess", this::checkNoNewAccess,
      "CheckAccessNotGranted", this::checkAccessNotGranted,
      "CheckNoPublicAccess", this::checkNoPublicAccess,
      "ValidatePolicy", this::validatePolicy);

  /**
   * The checks and validations running at once. Each may use its budget (2 s of CPU, about 96 MiB);
   * without a bound, a handful of hostile documents sent together held every core and much of the
   * heap. One per core; a request that finds none free within {@link #WAIT_MS} is throttled, as
   * AWS throttles this API (429 ThrottlingException, retryable).
   */
  private final java.util.concurrent.Semaphore running;
  static final long WAIT_MS = 3_000;

  /** Authorizing through {@code pipeline} (the server's one). */
  public AccessAnalyzerApi(AuthorizationPipeline pipeline) {
    this(pipeline, Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #AccessAnalyzerApi(AuthorizationPipeline)}, with {@code concurrent} checks at once (tests). */
  AccessAnalyzerApi(AuthorizationPipeline pipeline, int concurrent) {
    this.pipeline = pipeline;
    this.prover = Prover.bundled();
    this.running = new java.util.concurrent.Semaphore(Math.max(0, concurrent), true);
  }

  /** Runs {@code work} holding one of the {@link #running} permits, or throttles the request. */
  private ObjectNode bounded(java.util.function.Supplier<ObjectNode> work) {
    boolean acquired;
    try {
      acquired = running.tryAcquire(WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw codec.error("ThrottlingException", JsonNodes.object().put("message", "Rate exceeded"),
          "every policy check slot of this server is busy; retry");
    }
    try {
      return work.get();
    } finally {
      running.release();
    }
  }

  /** The names of the operations answered (the rest of the model answers NotImplemented). */
  public java.util.Set<String> operations() {
    return operations.keySet();
  }

  /** The codec of the service's protocol (routing, reading, writing, errors). */
  public RestJsonCodec codec() {
    return codec;
  }

  /**
   * Runs the operation {@code route} reached for {@code caller}: reads its input against the model,
   * authorizes it, answers the response body.
   *
   * @throws RestJsonCodec.Error a modelled error (validation, access denied, invalid parameter)
   * @throws AwsError an error of the protocol (serialization, not implemented)
   */
  public String handle(RestJsonCodec.Route route, List<Map.Entry<String, String>> query,
      Map<String, List<String>> headers, byte[] body, Caller caller, NetworkProfile net) {
    String op = route.operation();
    Function<ObjectNode, ObjectNode> impl = operations.get(op);
    if (impl == null) {
      throw AwsError.notImplemented("IAM Access Analyzer", op);
    }
    ObjectNode in = codec.read(route, query, headers, body);
    AuthorizationPipeline.Evaluation e = pipeline.call(caller, net, "access-analyzer:" + op, resource(caller),
        RequestContext.empty(), null);
    if (!e.allowed()) {
      throw codec.error("AccessDeniedException", e.deniedMessage());
    }
    return codec.write(op, impl.apply(in));
  }

  /**
   * The resource AWS authorizes these operations on: the service reference names no resource type
   * for them, and AWS's AccessDenied names {@code arn:aws:access-analyzer:REGION:ACCOUNT:*} ("is not
   * authorized to perform: access-analyzer:ValidatePolicy on resource:
   * arn:aws:access-analyzer:us-east-1:123456789012:*"), which {@code "Resource": "*"} matches.
   */
  static String resource(Caller caller) {
    return "arn:aws:access-analyzer:" + (caller.region() == null ? "us-east-1" : caller.region()) + ":"
        + caller.accountId() + ":*";
  }

  // ---------------------------------------------------------------- the checks

  private ObjectNode checkNoNewAccess(ObjectNode in) {
    AccessCheckPolicyType type = AccessCheckPolicyType.parse(in.path("policyType").asText());
    return check(() -> prover.checkNoNewAccess(in.path("newPolicyDocument").asText(),
        in.path("existingPolicyDocument").asText(), type));
  }

  private ObjectNode checkAccessNotGranted(ObjectNode in) {
    AccessCheckPolicyType type = AccessCheckPolicyType.parse(in.path("policyType").asText());
    List<Access> access = new ArrayList<>();
    for (JsonNode a : in.path("access")) {
      List<String> actions = texts(a.path("actions"));
      List<String> resources = texts(a.path("resources"));
      if (actions.isEmpty() && resources.isEmpty()) {
        throw invalidParameter("An access entry must list actions, resources or both.",
            "an entry of access names neither actions nor resources");
      }
      access.add(new Access(actions, resources));
    }
    if (access.isEmpty()) {
      throw invalidParameter("The access list must contain one access entry.", "access is an empty list");
    }
    return check(() -> prover.checkAccessNotGranted(in.path("policyDocument").asText(), access, type));
  }

  private ObjectNode checkNoPublicAccess(ObjectNode in) {
    return check(() -> prover.checkNoPublicAccess(in.path("policyDocument").asText(),
        in.path("resourceType").asText()));
  }

  private static List<String> texts(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(x -> {
      if (!x.isNull()) {
        out.add(x.asText());
      }
    });
    return out;
  }

  /**
   * Runs a check and answers AWS's response shape. A policy that is not a policy (or not one of its
   * type) is {@code InvalidParameterException}; the prover and the evaluator disagreeing is a bug,
   * answered as {@code InternalServerException} (never a PASS or a FAIL).
   */
  private ObjectNode check(java.util.function.Supplier<CheckResult> run) {
    return bounded(() -> unbounded(run));
  }

  private ObjectNode unbounded(java.util.function.Supplier<CheckResult> run) {
    CheckResult r;
    try {
      r = run.get();
    } catch (PolicyParseException e) {
      throw invalidParameter("Invalid policy document.", "the policy document is not a valid policy: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw invalidParameter("Invalid policy document.", e.getMessage());
    } catch (ProverDisagreement e) {
      LOG.error("the prover and the evaluator disagree", e);
      throw codec.error("InternalServerException", "Internal server error.");
    }
    ObjectNode out = JsonNodes.object();
    out.put("result", r.result());
    out.put("message", r.message());
    if (!r.reasons().isEmpty()) {
      ArrayNode reasons = out.putArray("reasons");
      for (CheckResult.Reason reason : r.reasons()) {
        ObjectNode o = reasons.addObject();
        o.put("description", reason.description());
        o.put("statementIndex", reason.statementIndex());
        if (reason.statementId() != null) {
          o.put("statementId", reason.statementId());
        }
      }
    }
    return out;
  }

  private RestJsonCodec.Error invalidParameter(String message, String detail) {
    ObjectNode m = JsonNodes.object();
    m.put("message", message);
    return codec.error("InvalidParameterException", m, detail);
  }

  // ---------------------------------------------------------------- ValidatePolicy

  /**
   * The validator's findings in Access Analyzer's shape ({@code findingType}, {@code issueCode},
   * {@code findingDetails}, {@code learnMoreLink}, {@code locations} with {@code path} and
   * {@code span}; {@code line} counts from 1, {@code column} and {@code offset} from 0), paged by
   * {@code maxResults}/{@code nextToken}. The findings are in English whatever the {@code locale}.
   */
  private ObjectNode validatePolicy(ObjectNode in) {
    return bounded(() -> validatePolicyNow(in));
  }

  private ObjectNode validatePolicyNow(ObjectNode in) {
    String policyType = in.path("policyType").asText();
    String resourceType = in.path("validatePolicyResourceType").asText(null);
    PolicyKind kind = switch (policyType) {
      case "IDENTITY_POLICY" -> PolicyKind.IDENTITY;
      case "SERVICE_CONTROL_POLICY" -> PolicyKind.SERVICE_CONTROL;
      case "RESOURCE_CONTROL_POLICY" -> PolicyKind.RESOURCE_CONTROL;
      default -> "AWS::IAM::AssumeRolePolicyDocument".equals(resourceType) ? PolicyKind.TRUST : PolicyKind.RESOURCE;
    };
    ValidationOptions options = resourceType == null || kind != PolicyKind.RESOURCE ? ValidationOptions.defaults()
        : ValidationOptions.defaults().withResourceType(resourceType);
    List<Finding> findings = Validator.validate(in.path("policyDocument").asText(), kind, options);
    int max = in.has("maxResults") ? in.get("maxResults").asInt() : DEFAULT_PAGE;
    if (max < 1) {
      // the model sets no range; a page of nothing could never advance
      ObjectNode err = JsonNodes.object();
      err.put("message", "maxResults must be at least 1.");
      err.put("reason", "other");
      throw codec.error("ValidationException", err, "maxResults is " + max);
    }
    int from = 0;
    if (in.has("nextToken")) {
      String token = in.get("nextToken").asText();
      from = token.matches("[0-9]{1,9}") ? Integer.parseInt(token) : -1;
      if (from < 0 || from > findings.size()) {
        ObjectNode err = JsonNodes.object();
        err.put("message", "Invalid pagination token.");
        err.put("reason", "other");
        throw codec.error("ValidationException", err, "nextToken is not one this server handed out");
      }
    }
    int to = (int) Math.min(findings.size(), (long) from + max);
    ObjectNode out = JsonNodes.object();
    ArrayNode list = out.putArray("findings");
    for (Finding f : findings.subList(from, to)) {
      ObjectNode o = list.addObject();
      o.put("findingDetails", f.message());
      o.put("findingType", f.severity().json());
      o.put("issueCode", f.issueCode());
      o.put("learnMoreLink", f.learnMoreLink());
      ObjectNode loc = o.putArray("locations").addObject();
      ArrayNode path = loc.putArray("path");
      for (Object e : f.path().elements()) {
        if (e instanceof Integer i) {
          path.addObject().put("index", i);
        } else {
          path.addObject().put("key", String.valueOf(e));
        }
      }
      ObjectNode span = loc.putObject("span");
      position(span.putObject("start"), f.span().start());
      position(span.putObject("end"), f.span().end());
    }
    if (to < findings.size()) {
      out.put("nextToken", Integer.toString(to));
    }
    return out;
  }

  private static void position(ObjectNode o, Position p) {
    o.put("line", Math.max(p.line(), 1));
    o.put("column", Math.max(p.column() - 1, 0));
    o.put("offset", Math.max(p.offset(), 0));
  }
}
