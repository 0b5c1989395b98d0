package dev.iamlocal.server.http;

import dev.iamlocal.server.protocol.ApiModel;
import dev.iamlocal.server.protocol.Xml;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Bounds every request body, whatever reads it and however it is framed. Javalin's
 * {@code maxRequestSize} only compares a declared {@code Content-Length}: a chunked body has none,
 * and one unauthenticated chunked POST to the console's sign-in grew the server by gigabytes. Here a
 * body that declares more than {@link #MAX_BODY} is refused without being kept (read and dropped up to
 * {@link #DRAIN_LIMIT}, so a client still sending gets the answer; beyond that the connection is
 * closed), and a body without a length is read up to one byte past the bound before any handler runs,
 * then handed on from memory (AWS's own clients always send a length, so only unusual clients pay
 * that copy).
 *
 * <p>The refusal is {@code 413} with AWS's error shape for the protocol the request speaks (JSON for
 * {@code application/x-amz-json-*}, REST-JSON's for {@code application/json}, XML otherwise), before authentication: reading a body to check
 * its signature is exactly the cost being bounded.
 */
public final class BoundedBodies extends HandlerWrapper {

  /** The largest body accepted: far above IAM's largest request, and above SageMaker's 1 MiB documents. */
  static final int MAX_BODY = Exchange.MAX_BODY;

  @Override
  public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res)
      throws IOException, jakarta.servlet.ServletException {
    long declared = req.getContentLengthLong();
    if (declared > MAX_BODY) {
      // a body a little too large is read and dropped first, so that the client, still sending,
      // gets the 413 instead of a reset connection; a huge one is refused at once and the
      // connection closed (a client waiting for 100 Continue is answered before it sends anything)
      boolean drained = declared <= DRAIN_LIMIT && !"100-continue".equalsIgnoreCase(req.getHeader("Expect"))
          && drain(req.getInputStream(), declared);
      refuse(base, req, res, !drained);
      return;
    }
    if (declared < 0 && hasBody(req)) {
      byte[] body = req.getInputStream().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        refuse(base, req, res, !drain(req.getInputStream(), DRAIN_LIMIT - body.length));
        return;
      }
      super.handle(target, base, new Buffered(req, body), res);
      return;
    }
    super.handle(target, base, req, res);
  }

  /** A request without a declared length has a body when it is chunked (HTTP/1.1) or streamed (HTTP/2). */
  private static boolean hasBody(HttpServletRequest req) {
    String te = req.getHeader("Transfer-Encoding");
    return te != null || !"HTTP/1.1".equals(req.getProtocol()) && !"HTTP/1.0".equals(req.getProtocol());
  }

  /** The most a refused body is read (and dropped) before the answer: beyond it the connection is closed. */
  static final long DRAIN_LIMIT = 8L * 1024 * 1024;

  /** Reads and drops up to {@code max} bytes; true when the body ended within them. */
  private static boolean drain(java.io.InputStream in, long max) {
    byte[] buf = new byte[64 * 1024];
    long left = max;
    try {
      while (left > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          return true;
        }
        left -= n;
      }
      return in.read() < 0;
    } catch (IOException | RuntimeException e) {
      return false; // the client stopped sending or went away: close
    }
  }

  private static void refuse(Request base, HttpServletRequest req, HttpServletResponse res, boolean close)
      throws IOException {
    base.setHandled(true);
    String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
    String message = "Request body is larger than " + MAX_BODY + " bytes.";
    if (close) {
      // the connection still carries an unread body: close it rather than drain gigabytes
      res.setHeader("Connection", "close");
    }
    if (type.startsWith("application/x-amz-json")) {
      Exchange.send(res, 413, "application/x-amz-json-1.1", ("{\"__type\":\"RequestEntityTooLarge\",\"message\":\""
          + message + "\"}").getBytes(StandardCharsets.UTF_8));
    } else if (type.startsWith("application/json")) {
      // the REST-JSON services (Access Analyzer): the error's type in a header, the message in the body
      res.setHeader("x-amzn-ErrorType", "RequestEntityTooLarge");
      Exchange.send(res, 413, "application/json", ("{\"message\":\"" + message + "\"}")
          .getBytes(StandardCharsets.UTF_8));
    } else {
      String xml = new Xml().open("ErrorResponse", ApiModel.iam().xmlNamespace()).open("Error").el("Type", "Sender")
          .el("Code", "RequestEntityTooLarge").el("Message", message).close().el("RequestId", RequestIds.next())
          .close().toString();
      Exchange.send(res, 413, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The request's charset, UTF-8 when it names none or one this JVM does not know (a hostile name is no error). */
  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** The request with its body read into memory; everything else as received. */
  private static final class Buffered extends HttpServletRequestWrapper {
    private final byte[] body;

    Buffered(HttpServletRequest req, byte[] body) {
      super(req);
      this.body = body;
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("asynchronous reads are not supported");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
    }
  }
}
