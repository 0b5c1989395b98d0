package dev.iamlocal.server.authz;

import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.arn.Arn;
import dev.iamlocal.evaluation.Decision;
import dev.iamlocal.evaluation.Evaluator;
import dev.iamlocal.evaluation.Explanation;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.evaluation.PolicySet;
import dev.iamlocal.request.AuthorizationRequest;
import dev.iamlocal.request.Principal;
import dev.iamlocal.request.RequestContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way the server authorizes: every surface (the IAM and STS Query API, SageMaker, the
 * console, its access matrix, {@code POST /v1/authorize}, {@code GET /v1/decisions}) hands its call
 * here, and each step is taken once, in one order:
 *
 * <ol>
 *   <li><b>who</b>: the caller as authenticated (a user, the root user, a role session; the console's
 *       signed-in user), or for a question ({@link #ask}) the stored principal asked about, with its
 *       compiled policies and principal tags ({@link Subjects});
 *   <li><b>the request context</b>: the service's own keys as given; the tags of the IAM user, role or
 *       managed policy acted on ({@code aws:ResourceTag/*}, {@code iam:ResourceTag/*}) unless given;
 *       the listener's network ({@link NetworkProfile#putInto}), which replaces whatever the request
 *       carried under those names; then the global keys AWS derives from the principal and the moment
 *       ({@code aws:PrincipalArn}, {@code aws:PrincipalTag/*}, {@code aws:CurrentTime}, …);
 *   <li><b>the resource account</b>: the account of the resource's ARN, read by the one ARN parser
 *       ({@link Arn#parse}), and the caller's where the ARN names none ({@code *}, an S3 bucket, an AWS
 *       managed policy);
 *   <li><b>the engine</b> ({@link Evaluator}); the root user is not evaluated (allowed everything, and
 *       its context is the call's own keys, resource tags and network, without derived keys);
 *   <li><b>the decision log</b>: every call, the root user's included, as CloudTrail records the root
 *       user's calls like any other's;
 *   <li><b>AWS's AccessDenied text</b> for a denial ({@link Evaluation#deniedMessage()}), which each
 *       surface puts in its own protocol's error (403 {@code AccessDenied}, 400
 *       {@code AccessDeniedException}, the console's page).
 * </ol>
 *
 * <p>The network keys follow AWS's global condition key reference: {@code aws:SourceIp} is present
 * unless the request came through a VPC endpoint; {@code aws:SourceVpc}, {@code aws:SourceVpce} and
 * {@code aws:VpcSourceIp} only then. They are the listener's for every surface: no request parameter
 * or body can set them. A question ({@link #ask}: {@code /v1/authorize}, the access matrix)
 * describes a call that did not come through this server, so its network is what the question
 * says and nothing else (docs/authorize-api.md), and it is not a call to log.
 */
public final class AuthorizationPipeline {

  /**
   * What the engine saw and answered for one authorization.
   *
   * @param principalArn the ARN the decision is about (the caller's, a session's, the asked principal's)
   * @param context the full request context the engine evaluated (what the decision log records)
   * @param explanation the per-statement explanation when one was asked for, else null
   * @param logged whether this decision was handed to the decision log (calls are; questions not)
   */
  public record Evaluation(String principalArn, String action, String resource, String resourceAccount,
      RequestContext context, Decision decision, Explanation explanation, boolean logged) {

    /** Whether the engine (or the root rule) allowed the call. */
    public boolean allowed() {
      return decision.allowed();
    }

    /** AWS's AccessDenied message for this decision (call it for a denial). */
    public String deniedMessage() {
      return AccessDeniedMessage.of(principalArn, action, resource, decision);
    }
  }

  /** Sees every evaluation after it is made (the pipeline's table test captures contexts with it). */
  @FunctionalInterface
  interface Observer {
    void evaluated(Evaluation e);
  }

  private static final Observer NONE = e -> {};

  private final Subjects subjects;
  /** Null when not recording (unit use). */
  private final DecisionSink log;
  private final Clock clock;
  private volatile Observer observer = NONE;

  /** A pipeline over {@code subjects} that records calls in {@code log} (null: not recorded). */
  public AuthorizationPipeline(Subjects subjects, DecisionSink log, Clock clock) {
    this.subjects = subjects;
    this.log = log;
    this.clock = clock;
  }

  /** The principals and their compiled policies this pipeline evaluates. */
  public Subjects subjects() {
    return subjects;
  }

  /** The clock of {@code aws:CurrentTime} and friends. */
  public Clock clock() {
    return clock;
  }

  /** Sets the observer of every evaluation ({@code null}: none). */
  void observe(Observer o) {
    this.observer = o == null ? NONE : o;
  }

  /**
   * Authorizes a call of {@code caller}, arrived over {@code net}: {@code action} on
   * {@code resource}, with the service's keys in {@code given} and, for a resource that has one (a
   * role's trust policy for {@code sts:AssumeRole}), the resource-based policy. Logged. The caller
   * decides what a denial is: see {@link Evaluation#deniedMessage()}.
   */
  /** The root user's permissions in its own account, as a policy: everything. */
  private static final Policy ROOT_IDENTITY = Policy.parse("the root user's own account",
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");

  public Evaluation call(Caller caller, NetworkProfile net, String action, String resource, RequestContext given,
      Policy resourcePolicy) {
    String resourceAccount = resourceAccount(resource, caller.accountId());
    RequestContext.Builder b = given.toBuilder();
    // the resource's tags are read for resources of the caller's own account only: another
    // account's tags are not the caller's to see, and the caller's copy of the log row keeps the context
    subjects.putResourceTags(b, caller.storeVersion(), caller.accountId(), action, resource);
    net.putInto(b);
    putCredentialKeys(b, caller);
    Optional<Subjects.Compiled> compiled = subjects.compiledOfCaller(caller);
    RequestContext full;
    Decision d;
    if (compiled.isEmpty()) {
      // The root user: not evaluated, allowed everything. Its record holds what the call brought
      // (the service's keys, the resource's tags, the network), not the keys the engine would
      // derive from a principal: no engine derived them, and every record's size is the decision
      // log's cost per call (docs/operations.md), which /v1/authorize's own check pays.
      full = b.build();
      if (resourceAccount.equals(caller.accountId()) || !action.equalsIgnoreCase("iam:PassRole")) {
        // (another account's IAM entity named by ARN is not found in the caller's account by the
        // operation itself: NoSuchEntity, as AccountIsolationSdkTest pins)
        d = Subjects.ROOT_ALLOWED;
      } else {
        // The root user is its own account, not another's: no account passes another's role to a
        // service (a role has no resource-based policy that could grant iam:PassRole), so the root
        // user is refused as any principal of its account is, whatever it may do at home.
        PolicySet.Builder set = PolicySet.builder().identity(ROOT_IDENTITY);
        if (resourcePolicy != null) {
          set.resourcePolicy(resourcePolicy);
        }
        // the keys that name the caller, which the other account's policy may ask for
        Principal root = Principal.parse(caller.arn());
        full = dev.iamlocal.request.GlobalKeys.fill(full, root, caller.accountId(), java.util.Map.of(), caller.region(),
            clock);
        d = Evaluator.authorize(set.build(), request(root, action, resource, resourceAccount, full));
      }
    } else {
      Subjects.Subject sub = compiled.get().subject();
      PolicySet set = resourcePolicy == null ? compiled.get().policies()
          : sub.policySet().resourcePolicy(resourcePolicy).build();
      full = sub.fill(b.build(), caller.region(), clock);
      d = Evaluator.authorize(set, request(sub.principal(), action, resource, resourceAccount, full));
    }
    if (log != null) {
      log.record(caller.arn(), action, resource, d, full);
    }
    Evaluation e = new Evaluation(caller.arn(), action, resource, resourceAccount, full, d, null, log != null);
    observer.evaluated(e);
    return e;
  }

  /**
   * Authorizes a call that no AWS principal signed: {@code sts:AssumeRoleWithWebIdentity} or
   * {@code sts:AssumeRoleWithSAML}, whose caller is the verified web identity or SAML assertion.
   * The engine evaluates it as AWS does, with the role's trust policy as the only policy: the
   * principal has no identity policies, and a {@code Federated} principal matches
   * {@code aws:FederatedProvider}, which {@code given} carries with the provider's claim keys. The
   * context is completed as for any call (the listener's network, the moment, the requested region),
   * with {@code aws:PrincipalType} {@code WebIdentityUser} or {@code SAMLUser} as {@code given} sets it.
   * Logged under {@code federated} (the provider ARN), in the provider's account.
   */
  public Evaluation federated(String federated, NetworkProfile net, String action, String resource,
      RequestContext given, Policy trust) {
    RequestContext.Builder b = given.toBuilder();
    net.putInto(b);
    RequestContext full = dev.iamlocal.request.GlobalKeys.fill(b.build(), Principal.ANONYMOUS, null, null, null,
        clock);
    String resourceAccount = resourceAccount(resource, resourceAccountOf(federated));
    Decision d = Evaluator.authorize(PolicySet.builder().resourcePolicy(trust).build(),
        request(Principal.ANONYMOUS, action, resource, resourceAccount, full));
    if (log != null) {
      log.record(federated, action, resource, d, full);
    }
    Evaluation e = new Evaluation(federated, action, resource, resourceAccount, full, d, null, log != null);
    observer.evaluated(e);
    return e;
  }

  /**
   * Authorizes a request an AWS service makes as itself, on a caller's behalf: {@code service}
   * (a service principal such as {@code sagemaker.amazonaws.com}) assuming a role the caller passed
   * to it. The engine evaluates it as AWS does for a service principal: it has no identity
   * policies, so only {@code policies}' resource-based policy (the role's trust policy) can grant,
   * and its Deny statements, {@code NotPrincipal} and conditions apply. The context is
   * {@code given} (the keys the service sets: {@code aws:SourceAccount}, {@code aws:SourceArn}) with
   * the global keys of a service principal and the moment; no network keys, as the request comes
   * from the service, not the caller's network. Not logged: it is no caller's call (the caller's own
   * call, which passed the role, is).
   *
   * @param policies the resource's policy compiled as a set (cached by the caller: this runs per call)
   * @param region {@code aws:RequestedRegion}, null for us-east-1
   */
  public Evaluation service(Principal service, String action, String resource, RequestContext given,
      PolicySet policies, String region) {
    RequestContext full = dev.iamlocal.request.GlobalKeys.fill(given, service, null, null, region, clock);
    String resourceAccount = resourceAccount(resource, null);
    Decision d = Evaluator.authorize(policies, request(service, action, resource, resourceAccount, full));
    Evaluation e = new Evaluation(service.arn(), action, resource, resourceAccount, full, d, null, false);
    observer.evaluated(e);
    return e;
  }

  private static String resourceAccountOf(String arn) {
    String[] p = arn.split(":", 6);
    return p.length == 6 ? p[4] : null;
  }

  /**
   * Logs {@code refusal}, decided before the engine could be asked (an {@code sts:AssumeRole} of a
   * role that does not exist), with the context {@link #call} would have built, so that the log
   * cannot tell it from the engine's refusal of an existing resource. Not evaluated.
   */
  public Evaluation refuse(Caller caller, NetworkProfile net, String action, String resource, RequestContext given,
      Decision refusal) {
    String resourceAccount = resourceAccount(resource, caller.accountId());
    RequestContext.Builder b = given.toBuilder();
    net.putInto(b);
    putCredentialKeys(b, caller);
    Optional<Subjects.Compiled> compiled = subjects.compiledOfCaller(caller);
    RequestContext full = compiled.isEmpty() ? b.build()
        : compiled.get().subject().fill(b.build(), caller.region(), clock);
    if (log != null) {
      log.record(caller.arn(), action, resource, refusal, full);
    }
    Evaluation e = new Evaluation(caller.arn(), action, resource, resourceAccount, full, refusal, null, log != null);
    observer.evaluated(e);
    return e;
  }

  /**
   * The keys the caller's credentials decide (IAM User Guide, global condition keys), over whatever
   * the request carried under their names: with temporary credentials {@code aws:TokenIssueTime}
   * (when they were issued) and {@code aws:MultiFactorAuthPresent} (whether with MFA), and with MFA
   * {@code aws:MultiFactorAuthAge}, the seconds since the code was checked; with long-term
   * credentials none of them (AWS's rule: the MFA keys are absent, not false, for access keys).
   */
  private void putCredentialKeys(RequestContext.Builder b, Caller caller) {
    if (!caller.isSession()) {
      return;
    }
    var s = caller.session();
    b.put("aws:TokenIssueTime", java.time.format.DateTimeFormatter.ISO_INSTANT.format(
        s.createDate().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    b.put("aws:MultiFactorAuthPresent", Boolean.toString(s.mfaAuthenticatedAt() != null));
    if (s.mfaAuthenticatedAt() != null) {
      long age = java.time.Duration.between(s.mfaAuthenticatedAt(), clock.instant()).getSeconds();
      b.put("aws:MultiFactorAuthAge", Long.toString(Math.max(0, age)));
    }
  }

  /**
   * Answers a question about a stored principal ({@code /v1/authorize}, the console's access
   * matrix): the same context building as {@link #call} but with no listener's network (the
   * question's {@code given} says where the call comes from, if anywhere) and nothing logged.
   *
   * @param storeVersion the store version the request read on arrival (for resource tags)
   * @param resourceAccount the resource's account when the question names one, else null (the ARN's,
   *     else the principal's)
   * @param region {@code aws:RequestedRegion}, null for us-east-1
   * @param explain whether to explain every statement (slower)
   */
  public Evaluation ask(Subjects.Compiled compiled, long storeVersion, String action, String resource,
      String resourceAccount, RequestContext given, String region, boolean explain) {
    Subjects.Subject sub = compiled.subject();
    String account = sub.principal().accountId();
    RequestContext.Builder b = given.toBuilder();
    subjects.putResourceTags(b, storeVersion, account, action, resource);
    RequestContext full = sub.fill(b.build(), region, clock);
    String owner = resourceAccount != null ? resourceAccount : resourceAccount(resource, account);
    AuthorizationRequest req = request(sub.principal(), action, resource, owner, full);
    Explanation ex = explain ? Evaluator.explain(compiled.policies(), req) : null;
    Decision d = ex != null ? ex.decision() : Evaluator.authorize(compiled.policies(), req);
    Evaluation e = new Evaluation(sub.principal().arn(), action, resource, owner, full, d, ex, false);
    observer.evaluated(e);
    return e;
  }

  /**
   * {@link #ask} of each of {@code actions} on one resource, without explanations: a row of the
   * access matrix. The context depends on the action only through the tags and boundary of an IAM
   * entity acted on ({@link Subjects#putResourceTags}); for any other resource it is built once for
   * the row, the same context {@link #ask} builds for each action.
   */
  List<Evaluation> askEach(Subjects.Compiled compiled, long storeVersion, List<String> actions, String resource,
      RequestContext given, String region) {
    if (resource.startsWith("arn:aws:iam:")) {
      List<Evaluation> out = new ArrayList<>(actions.size());
      for (String action : actions) {
        out.add(ask(compiled, storeVersion, action, resource, null, given, region, false));
      }
      return out;
    }
    Subjects.Subject sub = compiled.subject();
    RequestContext full = sub.fill(given, region, clock);
    String owner = resourceAccount(resource, sub.principal().accountId());
    List<Evaluation> out = new ArrayList<>(actions.size());
    for (String action : actions) {
      Decision d = Evaluator.authorize(compiled.policies(), request(sub.principal(), action, resource, owner, full));
      Evaluation e = new Evaluation(sub.principal().arn(), action, resource, owner, full, d, null, false);
      observer.evaluated(e);
      out.add(e);
    }
    return out;
  }

  private static AuthorizationRequest request(Principal p, String action, String resource, String resourceAccount,
      RequestContext context) {
    return AuthorizationRequest.builder().principal(p).action(action).resource(resource)
        .resourceAccount(resourceAccount).context(context).build();
  }

  /** A context of the keys in {@code extra}; {@code aws:TagKeys} holds its values separated by newlines. */
  public static RequestContext context(java.util.Map<String, String> extra) {
    if (extra.isEmpty()) {
      return RequestContext.empty();
    }
    RequestContext.Builder given = RequestContext.builder();
    extra.forEach((k, v) -> {
      if (k.equals("aws:TagKeys")) {
        given.putList(k, List.of(v.split("\n", -1)));
      } else {
        given.put(k, v);
      }
    });
    return given.build();
  }

  /**
   * The account that owns {@code resource}: its ARN's account when that is an account id, else
   * {@code fallback} (the principal's: {@code *}, an S3 ARN, an AWS managed policy's {@code aws}).
   *
   * @throws Arn.InvalidArnException for text that starts as an ARN and is none (a client error)
   */
  public static String resourceAccount(String resource, String fallback) {
    if (!resource.startsWith("arn:")) {
      return fallback;
    }
    String account = Arn.parse(resource).account();
    return account.length() == 12 ? account : fallback;
  }
}
