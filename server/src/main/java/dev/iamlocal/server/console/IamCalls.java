package dev.iamlocal.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.iamlocal.server.auth.Caller;
import dev.iamlocal.server.authz.IamAuthorization;
import dev.iamlocal.server.iam.IamApi;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.store.IamException;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's IAM calls: each one runs the Query API's own operation ({@link IamApi#call}) for the
 * signed-in principal, over the network the browser's request came in on. The route, the API
 * model's checks, the authorization by the one pipeline, the store's rules and AWS's error texts are
 * the API's; the console has no second path to the store for anything it changes.
 */
final class IamCalls {

  /**
   * An IAM operation's error, as the Query API would answer it.
   *
   * @param status the HTTP status AWS answers with
   */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    Failure(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }
  }

  private final IamApi api;
  private final IamAuthorization authorizer;

  IamCalls(IamApi api, IamAuthorization authorizer) {
    this.api = api;
    this.authorizer = authorizer;
  }

  /**
   * Runs the IAM operation {@code action} with the Query parameters {@code kv} (name, value, …; a
   * null value leaves the parameter out).
   *
   * @return the output tree, or an empty object for an operation without output
   * @throws Failure with AWS's code, status and message when the operation refuses
   */
  ObjectNode call(Context ctx, Sessions.Session s, String action, String... kv) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        params.put(kv[i], kv[i + 1]);
      }
    }
    return call(ctx, s, action, params);
  }

  /** As {@link #call(Context, Sessions.Session, String, String...)} with the parameters as a map. */
  ObjectNode call(Context ctx, Sessions.Session s, String action, Map<String, String> params) {
    Map<String, String> p = new LinkedHashMap<>(params);
    p.put("Action", action);
    p.put("Version", "2010-05-08");
    try {
      Caller caller = Console.caller(authorizer, s);
      ObjectNode out = api.call("iam", action, new IamApi.Params(p), caller, authorizer.network(ctx.req()));
      return out == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : out;
    } catch (AwsError e) {
      throw new Failure(e.status, e.code, e.getMessage());
    } catch (IamException e) {
      throw new Failure(AwsError.statusOf(e.code()), e.code(), e.getMessage());
    } catch (dev.iamlocal.arn.Arn.InvalidArnException e) {
      // as the Query API answers an ARN that is none
      throw new Failure(400, "ValidationError", e.getMessage());
    }
  }

  /**
   * Every element of the list member {@code member} of a paged list operation, following its
   * {@code Marker} as a client does (1,000 at a time).
   */
  List<JsonNode> all(Context ctx, Sessions.Session s, String action, String member, String... kv) {
    List<JsonNode> out = new ArrayList<>();
    String marker = null;
    do {
      String[] args = java.util.Arrays.copyOf(kv, kv.length + 4);
      args[kv.length] = "MaxItems";
      args[kv.length + 1] = "1000";
      args[kv.length + 2] = "Marker";
      args[kv.length + 3] = marker;
      ObjectNode page = call(ctx, s, action, args);
      page.path(member).forEach(out::add);
      marker = page.path("IsTruncated").asBoolean(false) ? page.path("Marker").asText(null) : null;
    } while (marker != null);
    return out;
  }

  /** A policy document as IAM returns it (URL-encoded), as text. */
  static String document(JsonNode encoded) {
    return encoded == null || encoded.isNull() ? "" : URLDecoder.decode(encoded.asText(), StandardCharsets.UTF_8);
  }

  /** A member's text: a timestamp as ISO 8601, absent as the empty string. */
  static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "";
    }
    if (n instanceof POJONode p && p.getPojo() != null) {
      return p.getPojo().toString();
    }
    return n.asText();
  }

  /** IAM's {@code Tags} list as a map, in its order. */
  static Map<String, String> tags(JsonNode list) {
    Map<String, String> out = new LinkedHashMap<>();
    if (list != null) {
      list.forEach(t -> out.put(t.path("Key").asText(), t.path("Value").asText()));
    }
    return out;
  }
}
