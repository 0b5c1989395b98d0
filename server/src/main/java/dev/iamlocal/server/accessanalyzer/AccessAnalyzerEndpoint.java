package dev.iamlocal.server.accessanalyzer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.server.auth.SigV4Verifier;
import dev.iamlocal.server.authz.Networks;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.http.RequestIds;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.server.protocol.RestJsonCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP glue of IAM Access Analyzer (REST-JSON): every path under the model's URI roots
 * ({@code /policy/…}, {@code /analyzer/…}, …) is routed here, verified with SigV4 for the service
 * {@code access-analyzer}, routed to an operation by method and path ({@link RestJsonCodec#route}),
 * and answered with JSON bodies; errors as the modelled error's members with its name in
 * {@code x-amzn-ErrorType}, as the SDKs read them.
 */
public final class AccessAnalyzerEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(AccessAnalyzerEndpoint.class);
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
      HandlerType.DELETE, HandlerType.PATCH);

  private final Authenticator authenticator;
  private final AccessAnalyzerApi api;
  private final Networks networks;

  private AccessAnalyzerEndpoint(Authenticator authenticator, AccessAnalyzerApi api, Networks networks) {
    this.authenticator = authenticator;
    this.api = api;
    this.networks = networks;
  }

  /** Routes the model's URI roots on {@code app} to Access Analyzer. */
  public static void install(Javalin app, Authenticator authenticator, AccessAnalyzerApi api, Networks networks) {
    AccessAnalyzerEndpoint e = new AccessAnalyzerEndpoint(authenticator, api, networks);
    for (String root : api.codec().pathRoots()) {
      for (HandlerType m : METHODS) {
        app.addHttpHandler(m, "/" + root, e::handle);
        app.addHttpHandler(m, "/" + root + "/<rest>", e::handle);
      }
    }
  }

  private void handle(Context ctx) {
    String requestId = RequestIds.next();
    ctx.header("x-amzn-RequestId", requestId);
    try {
      SigV4Verifier.SignedRequest signed = Exchange.read(ctx);
      Authenticator.Authenticated who = authenticator.authenticate(signed, AccessAnalyzerApi.SERVICES);
      Optional<RestJsonCodec.Route> route = api.codec().route(signed.method(), signed.rawPath());
      if (route.isEmpty()) {
        // the front end's answer to a method and path no operation has
        ctx.header(AwsError.DETAIL_HEADER, "no IAM Access Analyzer operation is " + signed.method() + " "
            + printable(signed.rawPath()));
        error(ctx, 404, "UnknownOperationException", JsonNodes.object());
        return;
      }
      String json = api.handle(route.get(), SigV4.parsePairs(signed.rawQuery(), false), signed.headers(),
          signed.body(), who.caller(), networks.profile(ctx));
      Exchange.send(ctx, api.codec().successStatus(route.get().operation()), RestJsonCodec.CONTENT_TYPE,
          json.getBytes(StandardCharsets.UTF_8));
    } catch (RestJsonCodec.Error e) {
      if (e.detail != null) {
        ctx.header(AwsError.DETAIL_HEADER, printable(e.detail));
      }
      error(ctx, e.status, e.code, e.members);
    } catch (AwsError e) {
      if (e.headerDetail() != null) {
        ctx.header(AwsError.DETAIL_HEADER, e.headerDetail());
      }
      ObjectNode body = JsonNodes.object();
      // the deserializer's errors say "Message", the others "message" (as AWS's JSON services answer)
      body.put(e.code.equals("SerializationException") ? "Message" : "message", e.getMessage());
      error(ctx, e.status, AwsError.jsonCode(e.code), body);
    } catch (dev.iamlocal.store.IamException | dev.iamlocal.arn.Arn.InvalidArnException e) {
      ObjectNode body = JsonNodes.object();
      body.put("message", e.getMessage());
      body.put("reason", "other");
      error(ctx, 400, "ValidationException", body);
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      ObjectNode body = JsonNodes.object();
      body.put("message", "Internal server error.");
      error(ctx, 500, "InternalServerException", body);
    }
  }

  private static void error(Context ctx, int status, String type, ObjectNode members) {
    ctx.header("x-amzn-ErrorType", type);
    Exchange.send(ctx, status, RestJsonCodec.CONTENT_TYPE,
        RestJsonCodec.errorBody(members).getBytes(StandardCharsets.UTF_8));
  }

  /** One line of printable ASCII, at most 1,000 characters (a header value; the text may quote hostile input). */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 1000; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }
}
