package dev.iamlocal.server;

import dev.iamlocal.server.console.Console;
import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IamStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint for IAM and STS (one endpoint for every emulated service): verifies SigV4,
 * resolves the caller from the store, and answers in the AWS Query protocol. Requests are routed
 * by the service in the credential scope ({@code iam} or {@code sts}).
 */
public final class IamServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IamServer.class);

  private final Javalin app;
  private final String host;

  private IamServer(Javalin app, String host) {
    this.app = app;
    this.host = host;
  }

  /**
   * Starts serving {@code store} on {@code host:port} ({@code port} 0 picks a free port).
   *
   * @param clock the clock that SigV4 dates are checked against
   */
  public static IamServer start(IamStore store, String host, int port, Clock clock) {
    SigV4Verifier verifier = new SigV4Verifier(store::accessKey, clock);
    IamApi api = new IamApi(store, clock);
    Javalin app = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.http.maxRequestSize = 1_000_000L;
      // Jetty's header cache matches values case-insensitively and would hand us its own spelling
      // ("charset=UTF-8" for "charset=utf-8"), which breaks SigV4: header values must stay as sent.
      cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
    });
    app.post("/", ctx -> handle(ctx, verifier, api, store));
    app.get("/", ctx -> {
      if (Console.isBrowser(ctx)) {
        ctx.redirect(Console.HOME);
      } else {
        handle(ctx, verifier, api, store);
      }
    });
    Console.install(app, store, clock);
    app.start(host, port);
    return new IamServer(app, host);
  }

  /** The port actually bound. */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}. */
  public String endpoint() {
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void handle(Context ctx, SigV4Verifier verifier, IamApi api, IamStore store) {
    String requestId = UUID.randomUUID().toString();
    ctx.header("x-amzn-RequestId", requestId);
    byte[] body = ctx.bodyAsBytes();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(Collections.list(ctx.req().getHeaders(name)));
    }
    String rawQuery = ctx.queryString();
    String service = guessService(headers, rawQuery);
    try {
      SigV4Verifier.Verified v = verifier.verify(new SigV4Verifier.SignedRequest(ctx.method().name(),
          ctx.req().getRequestURI(), rawQuery, headers, body));
      service = v.service();
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : SigV4.parsePairs(rawQuery, false)) {
        params.putIfAbsent(e.getKey(), e.getValue());
      }
      String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (contentType.startsWith("application/x-www-form-urlencoded")) {
        for (Map.Entry<String, String> e : SigV4.parsePairs(new String(body, StandardCharsets.UTF_8), true)) {
          params.putIfAbsent(e.getKey(), e.getValue());
        }
      }
      String action = params.get("Action");
      if (action == null) {
        throw new AwsError(400, "MissingAction", "Missing Action");
      }
      Caller caller = caller(v, store);
      String xml = api.handle(service, action, new IamApi.Params(params), caller, ctx.ip(), requestId);
      ctx.status(200).contentType("text/xml").result(xml);
    } catch (AwsError e) {
      error(ctx, service, e.status, e.senderFault, e.code, e.getMessage(), requestId);
    } catch (IamException e) {
      error(ctx, service, AwsError.statusOf(e.code()), true, e.code(), e.getMessage(), requestId);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      error(ctx, service, 500, false, "ServiceFailure", "Request processing has failed due to an internal error.",
          requestId);
    }
  }

  private static Caller caller(SigV4Verifier.Verified v, IamStore store) {
    AccessKey k = v.key();
    if (k.userId() == null) {
      return new Caller(k.accountId(), "arn:aws:iam::" + k.accountId() + ":root", null, k.accountId(),
          k.accessKeyId(), v.region());
    }
    // Read the user afresh: its name or path may have changed since the key was issued.
    var u = store.userById(k.userId()).orElseThrow(AwsError::invalidClientTokenId);
    return new Caller(k.accountId(), u.arn(), u.name(), u.userId(), k.accessKeyId(), v.region());
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
    ctx.status(status).contentType("text/xml").result(x.toString());
  }
}
