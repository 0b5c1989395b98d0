package dev.iamlocal.server;

import dev.iamlocal.server.accessanalyzer.AccessAnalyzerApi;
import dev.iamlocal.server.accessanalyzer.AccessAnalyzerEndpoint;
import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.http.BoundedBodies;
import dev.iamlocal.server.decisionlog.DecisionLog;
import dev.iamlocal.server.decisionpoint.DecisionPointHandler;
import dev.iamlocal.server.decisionlog.DecisionsEndpoint;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.http.HostNames;
import dev.iamlocal.server.iam.IamApi;
import dev.iamlocal.server.authz.IamAuthorization;
import dev.iamlocal.server.auth.LastUsedRecorder;
import dev.iamlocal.server.authz.Listener;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.authz.Networks;
import dev.iamlocal.server.http.RequestIds;
import dev.iamlocal.server.sagemaker.SageMakerApi;
import dev.iamlocal.server.sagemaker.SageMakerEndpoint;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.server.auth.SigV4Verifier;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.protocol.Xml;
import dev.iamlocal.server.console.Console;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.SageMakerStore;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint for IAM and STS (one endpoint for every emulated service): verifies SigV4,
 * resolves the caller from the store, and answers in the AWS Query protocol. Requests are routed
 * by the service in the credential scope ({@code iam} or {@code sts}).
 */
public final class IamServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IamServer.class);
  /** The slowest average rate at which a request body may arrive, in bytes per second. */
  static final long MIN_REQUEST_DATA_RATE = 1024;
  /** How long a connection may send nothing. */
  public static final long IDLE_TIMEOUT_MS = 10_000;
  /** The services of the Query endpoint, routed by the credential scope (unscoped errors name IAM). */
  public static final List<String> QUERY_SERVICES = List.of("iam", "sts");

  private final Javalin app;
  private final String host;
  private final DecisionLog decisions;
  private final LastUsedRecorder lastUsed;
  private final AuthorizationPipeline pipeline;

  private IamServer(Javalin app, String host, DecisionLog decisions, LastUsedRecorder lastUsed,
      AuthorizationPipeline pipeline) {
    this.pipeline = pipeline;
    this.app = app;
    this.host = host;
    this.decisions = decisions;
    this.lastUsed = lastUsed;
  }

  /**
   * Starts serving {@code store} on {@code host:port} ({@code port} 0 picks a free port).
   *
   * @param clock the clock that SigV4 dates are checked against
   */
  public static IamServer start(IamStore store, String host, int port, Clock clock) {
    return start(store, host, port, clock, ServerOptions.DEFAULT);
  }

  /** As {@link #start(IamStore, String, int, Clock)}, with extra listeners and SageMaker settings. */
  public static IamServer start(IamStore store, String host, int port, Clock clock, ServerOptions options) {
    DecisionLog decisions = new DecisionLog(new DecisionStore(store), clock, options.decisionLogMax(),
        options.decisionLog());
    LastUsedRecorder lastUsed = new LastUsedRecorder(store);
    Subjects subjects = new Subjects(store);
    Authenticator authenticator = new Authenticator(subjects, lastUsed, clock);
    IamApi api = new IamApi(store, clock, lastUsed, decisions, subjects);
    // one authorization pipeline for every surface: the Query API's, SageMaker's, the console's, /v1/authorize's
    AuthorizationPipeline pipeline = api.support().pipeline;
    SageMakerApi sageMaker = new SageMakerApi(store, pipeline, new SageMakerStore(store), options.sageMakerSettle());
    Networks networks = new Networks();
    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.http.maxRequestSize = 1_000_000L;
      // Jetty's header cache matches values case-insensitively and would hand us its own spelling
      // ("charset=UTF-8" for "charset=utf-8"), which breaks SigV4: header values must stay as sent.
      cfg.jetty.modifyHttpConfiguration(http -> {
        http.setHeaderCacheCaseSensitive(true);
        // A request thread reads its body before the signature can be checked: a client trickling
        // its body (a byte a second) held one thread each, and 250 of them stopped the server. A
        // body must arrive at 1 KiB/s on average; a slower one ends with 408 and frees its thread.
        http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
      });
      // and a connection that sends nothing is closed after 10 s instead of 30
      cfg.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
          for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
            if (c instanceof org.eclipse.jetty.server.AbstractConnector a) {
              a.setIdleTimeout(IDLE_TIMEOUT_MS);
            }
          }
        }
      }));
      // POST /v1/authorize is served by Jetty directly; Javalin gets everything else
      cfg.jetty.modifyServer(server -> {
        // every body bounded before anything reads it, /v1/authorize included
        DecisionPointHandler.insertInnermost(server, new BoundedBodies());
        new DecisionPointHandler(authenticator, api, networks).install(server);
      });
      if (!options.listeners().isEmpty()) {
        // with connectors of its own Javalin adds no default one: declare the main address first
        cfg.jetty.addConnector((server, http) -> networks.main(server, http, host, port));
      }
      for (Listener l : options.listeners()) {
        cfg.jetty.addConnector((server, http) -> networks.connector(server, http, l));
      }
    });
    HostNames hostNames = new HostNames(options.hostnames());
    app.before(ctx -> {
      // the console is the one surface a browser reaches without a signature: only under our own names
      if (isBrowserSurface(ctx) && !hostNames.allows(ctx.header("Host"))) {
        ctx.status(403).contentType("text/plain; charset=utf-8").result("Host '" + ctx.header("Host")
            + "' is not a name of this server: the console answers for IP addresses, localhost and the names given"
            + " with 'iamlocal serve --hostname NAME'.\n");
        ctx.skipRemainingHandlers();
      }
    });
    app.post("/", ctx -> handle(ctx, authenticator, api, sageMaker, networks.profile(ctx)));
    app.get("/", ctx -> {
      if (Console.isBrowser(ctx)) {
        ctx.redirect(Console.HOME);
      } else {
        handle(ctx, authenticator, api, sageMaker, networks.profile(ctx));
      }
    });
    app.get(dev.iamlocal.server.federation.OidcIssuer.PATH + "<issuer>",
        ctx -> dev.iamlocal.server.federation.FederationDocuments.handle(ctx, store, clock));
    AccessAnalyzerEndpoint.install(app, authenticator, new AccessAnalyzerApi(pipeline), networks);
    app.get(SageMakerEndpoint.PRESIGNED_PATH, ctx -> SageMakerEndpoint.openPresigned(ctx, sageMaker, networks.profile(ctx)));
    app.get("/v1/decisions", ctx -> DecisionsEndpoint.handle(ctx, authenticator, api.support().pipeline, decisions, networks.profile(ctx)));
    Console.install(app, store, new IamAuthorization(pipeline, networks), decisions, clock, api);
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      // e.g. the port is taken: stop the log's and last-used writers, or they outlive the failure
      app.stop();
      decisions.close();
      lastUsed.close();
      throw e;
    }
    networks.bound();
    return new IamServer(app, host, decisions, lastUsed, pipeline);
  }

  /** The Jetty server underneath (for tests of its handler chain). */
  public org.eclipse.jetty.server.Server jetty() {
    return app.jettyServer().server();
  }

  /** The ports actually bound by the extra listeners, in the order given. */
  public List<Integer> listenerPorts() {
    List<Integer> ports = new ArrayList<>();
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c.getName() != null && c.getName().startsWith(Networks.PREFIX)) {
        ports.add(((org.eclipse.jetty.server.ServerConnector) c).getLocalPort());
      }
    }
    return ports;
  }

  /** The authorization pipeline every surface of this server calls (tests observe it). */
  public AuthorizationPipeline pipeline() {
    return pipeline;
  }

  /** The decision log of this server (flush it before reading the table directly). */
  public DecisionLog decisions() {
    return decisions;
  }

  /** The port actually bound. */
  public int port() {
    // Javalin's port() is the first connector's, which may be an extra listener
    for (var c : app.jettyServer().server().getConnectors()) {
      if (c instanceof org.eclipse.jetty.server.ServerConnector sc
          && (sc.getName() == null || !sc.getName().startsWith(Networks.PREFIX))) {
        return sc.getLocalPort();
      }
    }
    return app.port();
  }

  /** {@code http://host:port}. */
  public String endpoint() {
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    app.stop();
    decisions.close();
    lastUsed.close();
  }

  private static void handle(Context ctx, Authenticator authenticator, IamApi api, SageMakerApi sageMaker,
      NetworkProfile net) {
    String requestId = RequestIds.next();
    ctx.header("x-amzn-RequestId", requestId);
    SigV4Verifier.SignedRequest request;
    try {
      request = Exchange.read(ctx);
    } catch (AwsError e) {
      error(ctx, "iam", e.status, true, e.code, e.getMessage(), requestId);
      return;
    }
    Map<String, List<String>> headers = request.headers();
    String rawQuery = request.rawQuery();
    if (SageMakerEndpoint.accepts(headers)) {
      SageMakerEndpoint.handle(ctx, request, authenticator, sageMaker, net, requestId);
      return;
    }
    String service = guessService(headers, rawQuery);
    try {
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : SigV4.parsePairs(rawQuery, false)) {
        params.putIfAbsent(e.getKey(), e.getValue());
      }
      String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (contentType.startsWith("application/x-www-form-urlencoded")) {
        for (Map.Entry<String, String> e : SigV4.parsePairs(new String(request.body(), StandardCharsets.UTF_8), true)) {
          params.putIfAbsent(e.getKey(), e.getValue());
        }
      }
      Caller caller = null;
      if (isUnsigned(headers, params) && IamApi.UNSIGNED_STS.contains(params.get("Action"))) {
        // AssumeRoleWithWebIdentity and AssumeRoleWithSAML: the SDKs send them unsigned and STS
        // answers them so; the token or assertion they carry is their caller
        service = "sts";
      } else {
        Authenticator.Authenticated who = authenticator.authenticate(request, QUERY_SERVICES);
        service = who.verified().service();
        caller = who.caller();
      }
      String action = params.get("Action");
      if (action == null) {
        throw new AwsError(400, "MissingAction", "Missing Action");
      }
      String xml = api.handle(service, action, new IamApi.Params(params), caller, net, requestId);
      Exchange.send(ctx, 200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    } catch (AwsError e) {
      if (e.headerDetail() != null) {
        ctx.header(AwsError.DETAIL_HEADER, e.headerDetail());
      }
      error(ctx, service, e.status, e.senderFault, e.code, e.getMessage(), requestId);
    } catch (IamException e) {
      error(ctx, service, AwsError.statusOf(e.code()), true, e.code(), e.getMessage(), requestId);
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      // an ARN part from the request that an ARN cannot hold: a client error, never a 500 or an allow
      error(ctx, service, 400, true, "ValidationError", e.getMessage(), requestId);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      error(ctx, service, 500, false, "ServiceFailure", "Request processing has failed due to an internal error.",
          requestId);
    }
  }

  /** A request that carries no SigV4 signature at all (neither header nor query string), nor a session token. */
  private static boolean isUnsigned(Map<String, List<String>> headers, Map<String, String> params) {
    return !headers.containsKey("authorization") && !headers.containsKey("x-amz-security-token")
        && !params.containsKey("X-Amz-Algorithm") && !params.containsKey("X-Amz-Signature")
        && !params.containsKey("X-Amz-Credential");
  }

  /** The console, and the redirect of a browser's {@code GET /} to it. */
  private static boolean isBrowserSurface(Context ctx) {
    String path = ctx.path();
    return path.equals("/console") || path.startsWith("/console/")
        || path.equals("/") && "GET".equals(ctx.method().name()) && Console.isBrowser(ctx);
  }

  /** The service named in the credential scope, read before verification only to pick the error's namespace. */
  private static String guessService(Map<String, List<String>> headers, String rawQuery) {
    List<String> auth = headers.get("authorization");
    String text = auth != null && !auth.isEmpty() ? auth.get(0) : rawQuery == null ? "" : SigV4.percentDecode(rawQuery, false);
    return text.contains("/sts/aws4_request") ? "sts" : "iam";
  }

  private static void error(Context ctx, String service, int status, boolean sender, String code, String message,
      String requestId) {
    Xml x = new Xml().open("ErrorResponse", "sts".equals(service) ? IamApi.STS_NS : IamApi.IAM_NS)
        .open("Error").el("Type", sender ? "Sender" : "Receiver").el("Code", code).el("Message", message).close()
        .el("RequestId", requestId).close();
    Exchange.send(ctx, status, "text/xml", x.toString().getBytes(StandardCharsets.UTF_8));
  }
}
