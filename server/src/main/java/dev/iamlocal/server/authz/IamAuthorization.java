package dev.iamlocal.server.authz;

import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.store.StsSession;
import java.time.Instant;
import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.store.IamStore;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization pipeline ({@link AuthorizationPipeline}) for parts of the server outside this
 * package (the web console): a signed-in principal's calls are decided, logged and worded exactly
 * as the Query API's, with the network of the listener the request came in on; and the access
 * matrix's questions are answered as {@code POST /v1/authorize} answers them.
 */
public final class IamAuthorization {

  private final AuthorizationPipeline pipeline;
  /** The server's listeners; null when requests come straight from their peer (unit use). */
  private final Networks networks;

  /** A pipeline of its own over {@code subjects}, logging to {@code log}, with no listeners. */
  public IamAuthorization(Subjects subjects, DecisionSink log, Clock clock) {
    this(new AuthorizationPipeline(subjects, log, clock), null);
  }

  /** The server's pipeline, with its listeners' networks. */
  public IamAuthorization(AuthorizationPipeline pipeline, Networks networks) {
    this.pipeline = pipeline;
    this.networks = networks;
  }

  /** Authorization over {@code store} with no decision log and no listeners (tests, tools). */
  public static IamAuthorization of(IamStore store, Clock clock) {
    return new IamAuthorization(new Subjects(store), null, clock);
  }

  /**
   * Whether the principal signed in to the console may perform {@code action} on {@code resource},
   * for a request that arrived as {@code req} (its listener gives the network keys).
   *
   * @param userName the IAM user, or null for the account's root user (allowed everything, logged)
   * @param extra request keys; {@code aws:TagKeys} holds its values separated by newlines
   * @return empty when allowed, otherwise AWS's AccessDenied message
   */
  public Optional<String> denial(HttpServletRequest req, String accountId, String userName, String action,
      String resource, Map<String, String> extra) {
    return denial(accountId, userName, null, network(req), action, resource, extra);
  }

  /**
   * As {@link #denial(HttpServletRequest, String, String, String, String, Map)}, for a request
   * directly from {@code sourceIp}.
   *
   * @param region the region of the request (null: us-east-1)
   * @param sourceIp the caller's address for {@code aws:SourceIp}, or null
   */
  public Optional<String> denial(String accountId, String userName, String region, String sourceIp, String action,
      String resource, Map<String, String> extra) {
    return denial(accountId, userName, region, NetworkProfile.direct(sourceIp), action, resource, extra);
  }

  private Optional<String> denial(String accountId, String userName, String region, NetworkProfile net,
      String action, String resource, Map<String, String> extra) {
    Caller caller = caller(accountId, userName, region);
    AuthorizationPipeline.Evaluation e = pipeline.call(caller, net, action, resource, AuthorizationPipeline.context(extra),
        null);
    return e.allowed() ? Optional.empty() : Optional.of(e.deniedMessage());
  }

  /**
   * The caller a console session acts as: the account's root user ({@code userName} null) or the
   * IAM user, as the Query API's authentication makes it, read at the store's current version.
   *
   * @param region the region of the request (null: us-east-1)
   * @throws dev.iamlocal.store.IamException.NoSuchEntity when the user no longer exists
   */
  public Caller caller(String accountId, String userName, String region) {
    Subjects subjects = pipeline.subjects();
    long version = subjects.version();
    if (userName == null) {
      return new Caller(accountId, "arn:aws:iam::" + accountId + ":root", null, accountId, null, region, version);
    }
    Subjects.Subject user = subjects.compiledOfUser(accountId, userName).subject();
    return new Caller(accountId, user.principal().arn(), userName, user.uniqueId(), null, region, version);
  }

  /**
   * The caller of a console session opened with an MFA code: the IAM user, with credentials that
   * carry the MFA (as the AWS console's session credentials do after the MFA step), so that the
   * pipeline puts {@code aws:MultiFactorAuthPresent} true and {@code aws:MultiFactorAuthAge} on every
   * call. The credentials exist in this process only; {@code sessionKey} names them in the
   * pipeline's caches and must be unique to the console session.
   */
  public Caller mfaCaller(String accountId, String userName, String region, String sessionKey, Instant mfaAt,
      Instant expires) {
    Caller user = caller(accountId, userName, region);
    StsSession s = new StsSession("console-" + sessionKey, accountId, null, null, user.userId(), user.arn(), userName,
        null, List.of(), Map.of(), null, mfaAt, expires, List.of(), StsSession.Kind.USER, mfaAt);
    return new Caller(accountId, user.arn(), userName, user.userId(), null, user.region(), s, user.storeVersion());
  }

  /** As {@link #denial(HttpServletRequest, String, String, String, String, Map)} for a given caller. */
  public Optional<String> denial(HttpServletRequest req, Caller caller, String action, String resource,
      Map<String, String> extra) {
    AuthorizationPipeline.Evaluation e = pipeline.call(caller, network(req), action, resource,
        AuthorizationPipeline.context(extra), null);
    return e.allowed() ? Optional.empty() : Optional.of(e.deniedMessage());
  }

  /** The network a request arrived over: its listener's ({@link Networks}), else a direct connection. */
  public NetworkProfile network(HttpServletRequest req) {
    return networks == null ? NetworkProfile.direct(req.getRemoteAddr()) : networks.profile(req);
  }

  /**
   * The engine's statement-by-statement explanation of a logged call of an IAM user or a role
   * session, asked again as {@link AuthorizationPipeline#ask} asks (nothing logged) with the
   * principal's policies as they are now and the request context as the log recorded it.
   *
   * @return empty for the root user, another kind of principal, or one that no longer exists
   */
  public Optional<dev.iamlocal.evaluation.Explanation> explainLogged(String accountId, String principalArn,
      String action, String resource, RequestContext context) {
    String prefix = "arn:aws:iam::" + accountId + ":user/";
    String session = "arn:aws:sts::" + accountId + ":assumed-role/";
    String kind;
    String name;
    if (principalArn.startsWith(prefix)) {
      kind = "user";
      name = principalArn.substring(principalArn.lastIndexOf('/') + 1);
    } else if (principalArn.startsWith(session) && principalArn.indexOf('/', session.length()) > 0) {
      kind = "role";
      name = principalArn.substring(session.length(), principalArn.indexOf('/', session.length()));
    } else {
      return Optional.empty();
    }
    Subjects subjects = pipeline.subjects();
    long version = subjects.version();
    Subjects.Compiled compiled;
    try {
      compiled = subjects.compiledOfStored(version, accountId, kind, name);
    } catch (dev.iamlocal.store.IamException.NoSuchEntity e) {
      return Optional.empty();
    }
    return Optional.ofNullable(pipeline.ask(compiled, version, action, resource, null, context, null, true)
        .explanation());
  }

  /**
   * The access matrix's row of a stored principal: the decision for each of {@code actions} on
   * {@code *}, asked as {@code POST /v1/authorize} asks it (the principal's policies, boundary and
   * tags; no network; not logged).
   *
   * @param key {@code user/NAME}, {@code role/NAME} or {@code group/NAME} (a group's own policies)
   * @throws dev.iamlocal.store.IamException.NoSuchEntity when there is no such principal
   * @throws IllegalArgumentException for another kind
   */
  public List<Outcome> outcomes(String accountId, String key, List<String> actions) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("expected user/NAME, role/NAME or group/NAME: " + key);
    }
    Subjects subjects = pipeline.subjects();
    long version = subjects.version();
    Subjects.Compiled compiled = subjects.compiledOfStored(version, accountId, key.substring(0, slash),
        key.substring(slash + 1));
    List<Outcome> out = new ArrayList<>(actions.size());
    for (AuthorizationPipeline.Evaluation e : pipeline.askEach(compiled, version, actions, "*",
        RequestContext.empty(), null)) {
      out.add(e.decision().outcome());
    }
    return out;
  }

  /**
   * A stored principal as the engine sees it (identity policies, boundary, tags), for the symbolic
   * access matrix, which reasons over the same policies as the matrix's decisions.
   *
   * @param key {@code user/NAME}, {@code role/NAME} or {@code group/NAME}
   * @throws dev.iamlocal.store.IamException.NoSuchEntity when there is no such principal
   */
  public Subjects.Subject subject(String accountId, String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("expected user/NAME, role/NAME or group/NAME: " + key);
    }
    Subjects subjects = pipeline.subjects();
    return subjects.compiledOfStored(subjects.version(), accountId, key.substring(0, slash), key.substring(slash + 1))
        .subject();
  }
}
