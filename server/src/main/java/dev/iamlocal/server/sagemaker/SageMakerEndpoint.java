package dev.iamlocal.server.sagemaker;

import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.authz.NetworkProfile;
import dev.iamlocal.server.auth.SigV4Verifier;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP glue of the SageMaker service (AWS JSON 1.1): verifies SigV4, resolves the caller, and
 * answers with JSON bodies, errors as {@code {"__type": …, "message": …}} plus the
 * {@code x-amzn-ErrorType} header, as the SDKs read them.
 */
public final class SageMakerEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(SageMakerEndpoint.class);
  static final String TARGET_PREFIX = "SageMaker.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  /** The service its requests must be signed for. */
  public static final List<String> SERVICES = List.of("sagemaker");
  /** Where presigned URLs are opened (GET, unsigned). */
  public static final String PRESIGNED_PATH = PresignedUrls.PATH;

  private SageMakerEndpoint() {}

  /**
   * True for a request of the AWS JSON protocol (it names its operation in {@code X-Amz-Target}), which
   * SageMaker is the one service here to speak: it then goes to {@link #handle}. A target that is not
   * SageMaker's ({@code sagemaker.ListModels}, another service's) is an unknown operation there, as
   * AWS's JSON endpoints answer it, not a Query request missing its Action.
   */
  public static boolean accepts(Map<String, List<String>> headers) {
    List<String> target = headers.get("x-amz-target");
    if (target == null || target.isEmpty()) {
      return false;
    }
    // a form body is the Query protocol's whatever headers come with it (no AWS SDK sends a target with
    // one): IAM and STS answer it as before
    List<String> type = headers.get("content-type");
    return type == null || type.isEmpty()
        || !type.get(0).strip().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  /** Answers one SageMaker request, already read as {@code signed}. */
  public static void handle(Context ctx, SigV4Verifier.SignedRequest signed, Authenticator authenticator, SageMakerApi api,
      NetworkProfile net, String requestId) {
    String target = signed.headers().get("x-amz-target").get(0);
    // only "SageMaker.Op" names an operation: another service's target, SageMaker's in another case, and a bare
    // operation name ("ListModels", which would otherwise run as one) are unknown operations
    String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    try {
      String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
      if (!contentType.startsWith(CONTENT_TYPE)) {
        throw new AwsError(400, "UnknownOperationException", "Content type must be " + CONTENT_TYPE);
      }
      Authenticator.Authenticated who = authenticator.authenticate(signed, SERVICES);
      if (operation == null) {
        throw new AwsError(400, "UnknownOperationException", "Unknown operation " + target);
      }
      String json = api.handle(operation, signed.body(), who.caller(), net, baseUrl(ctx));
      Exchange.send(ctx, 200, CONTENT_TYPE, json.getBytes(StandardCharsets.UTF_8));
    } catch (AwsError e) {
      if (e.headerDetail() != null) {
        ctx.header(AwsError.DETAIL_HEADER, e.headerDetail());
      }
      error(ctx, e.status, AwsError.jsonCode(e.code), e.getMessage());
    } catch (dev.iamlocal.store.IamException e) {
      error(ctx, 400, "ValidationException", e.getMessage());
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      error(ctx, 400, "ValidationException", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("request {} failed", requestId, e);
      error(ctx, 500, "InternalFailure", "An internal error occurred.");
    }
  }

  /** A Host header value: a name, IPv4 or bracketed IPv6 address, and an optional port; nothing else. */
  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?");

  /**
   * The server's address as this request reached it ({@code scheme://host[:port]}), for the presigned
   * URLs it hands out; a Host header of any other form (it is the client's input) falls back to the
   * address the connection was accepted on.
   */
  static String baseUrl(Context ctx) {
    String host = ctx.header("Host");
    if (host == null || !HOST.matcher(host).matches()) {
      String local = ctx.req().getLocalAddr();
      host = (local.contains(":") ? "[" + local + "]" : local) + ":" + ctx.req().getLocalPort();
    }
    return ("https".equals(ctx.scheme()) ? "https" : "http") + "://" + host;
  }

  /**
   * Answers a browser opening a presigned URL ({@code GET} {@value PresignedUrls#PATH}, unsigned: the
   * token is the credential): the page, or 403 with the reason in {@code x-iamlocal-detail}.
   */
  public static void openPresigned(Context ctx, SageMakerApi api, NetworkProfile net) {
    String token = ctx.queryParam("authToken");
    if (token == null) {
      token = ctx.queryParam("token");
    }
    SageMakerApi.Opened o;
    try {
      o = api.openPresigned(token, net);
    } catch (RuntimeException e) {
      // fail closed: whatever went wrong, the URL does not open
      LOG.error("opening a presigned URL failed", e);
      o = new SageMakerApi.Opened(403, "<!DOCTYPE html>\n<html><body><h1>403 Forbidden</h1></body></html>\n",
          "the URL could not be checked");
    }
    // one printable line, as every x-iamlocal-detail (the reason may quote stored names)
    ctx.header("x-iamlocal-detail", new AwsError(o.status(), "Forbidden", "").withDetail(o.detail()).headerDetail());
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
    Exchange.send(ctx, o.status(), "text/html; charset=utf-8", o.html().getBytes(StandardCharsets.UTF_8));
  }


  private static void error(Context ctx, int status, String type, String message) {
    // the deserializer's errors say "Message", the others "message" (as AWS's JSON services answer)
    String key = type.equals("SerializationException") ? "Message" : "message";
    String body = "{\"__type\":" + quote(type) + ",\"" + key + "\":" + quote(message) + "}";
    ctx.header("x-amzn-ErrorType", type);
    Exchange.send(ctx, status, CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code s} as a JSON string; no message is {@code null}, as AWS writes it. */
  private static String quote(String s) {
    return s == null ? "null" : new com.fasterxml.jackson.databind.node.TextNode(s).toString();
  }
}
