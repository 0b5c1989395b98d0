package dev.iamlocal.server.http;

import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.auth.SigV4Verifier;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading a signed API request off the wire and writing its answer, straight through the servlet
 * API. Javalin's {@code bodyAsBytes()} and {@code result(…)} copy every body through freshly
 * allocated 8 KiB buffers and streams; on the API's hot paths that was half of all the garbage a
 * request made. The console keeps using Javalin's conveniences.
 */
public final class Exchange {

  /** The largest request body accepted (IAM's own limit on a request is far below). */
  public static final int MAX_BODY = 1_000_000;

  private Exchange() {}

  /**
   * The request as SigV4 sees it: method, raw path and query, headers by lower-case name, body.
   *
   * @throws AwsError 413 when the body is larger than {@link #MAX_BODY}
   */
  public static SigV4Verifier.SignedRequest read(Context ctx) {
    return read(ctx.req());
  }

  /** As {@link #read(Context)}, for handlers in front of Javalin. */
  public static SigV4Verifier.SignedRequest read(HttpServletRequest req) {
    org.eclipse.jetty.server.Request jetty = org.eclipse.jetty.server.Request.getBaseRequest(req);
    Map<String, List<String>> headers = jetty != null && jetty.getHttpFields() != null
        ? headers(jetty.getHttpFields()) : headers(req);
    return new SigV4Verifier.SignedRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(), headers,
        body(req));
  }

  /**
   * The headers by lower-case name, each name's values in the order received, read off Jetty's own
   * fields: the servlet API's enumerations, a set of names and a lower-case copy of each cost a
   * request as much as the rest of reading it. A name sent in two spellings ({@code X-A},
   * {@code x-a}) has its values once each, as SigV4 signs them.
   */
  private static Map<String, List<String>> headers(org.eclipse.jetty.http.HttpFields fields) {
    Map<String, List<String>> headers = new HashMap<>();
    for (org.eclipse.jetty.http.HttpField f : fields) {
      // a known header's lower-case name is a constant
      String name = f.getHeader() != null ? f.getHeader().lowerCaseName() : f.getName().toLowerCase(Locale.ROOT);
      List<String> had = headers.putIfAbsent(name, java.util.Collections.singletonList(f.getValue()));
      if (had != null) {
        List<String> all = new ArrayList<>(had);
        all.add(f.getValue());
        headers.put(name, all);
      }
    }
    return headers;
  }

  /** The headers by lower-case name, through the servlet API (a request that is not Jetty's). */
  private static Map<String, List<String>> headers(HttpServletRequest req) {
    Map<String, List<String>> headers = new HashMap<>();
    for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      List<String> values = headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1));
      for (Enumeration<String> v = req.getHeaders(name); v.hasMoreElements(); ) {
        values.add(v.nextElement());
      }
    }
    return headers;
  }

  private static byte[] body(HttpServletRequest req) {
    long declared = req.getContentLengthLong();
    if (declared > MAX_BODY) {
      throw tooLarge();
    }
    try (InputStream in = req.getInputStream()) {
      byte[] body = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw tooLarge();
      }
      return body;
    } catch (IOException | org.eclipse.jetty.http.BadMessageException e) {
      // a client that stopped sending (Jetty's idle timeout, its minimum data rate) or went away:
      // the client's fault, answered as such, and not worth a stack trace in the log
      throw new AwsError(400, "RequestTimeout", "Your socket connection to the server was not read from or written"
          + " to within the timeout period.");
    }
  }

  private static AwsError tooLarge() {
    return new AwsError(413, "RequestEntityTooLarge", "Request body is larger than " + MAX_BODY + " bytes.");
  }

  /** Sends {@code body} as the whole response. */
  public static void send(Context ctx, int status, String contentType, byte[] body) {
    send(ctx.res(), status, contentType, body);
  }

  /** As {@link #send(Context, int, String, byte[])}, for handlers in front of Javalin. */
  public static void send(HttpServletResponse res, int status, String contentType, byte[] body) {
    res.setStatus(status);
    res.setContentType(contentType);
    res.setContentLength(body.length);
    try {
      OutputStream out = res.getOutputStream();
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An integer as the wire writes one: an optional minus and ASCII digits, nothing else.
   * {@link Integer#parseInt} alone also reads other scripts' digits ("９００" is 900).
   */
  public static int asciiInt(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '-' && i == 0 && v.length() > 1)) {
        throw new NumberFormatException("not an integer: " + v);
      }
    }
    return Integer.parseInt(v);
  }
}
