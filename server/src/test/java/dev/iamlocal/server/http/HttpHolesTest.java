package dev.iamlocal.server.http;

import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.server.auth.SigV4Signer;
import dev.iamlocal.server.auth.SigV4Verifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * Holes found by probing the running server over raw HTTP: unbounded chunked bodies (7), control
 * characters echoed into XML (10), {@code UNSIGNED-PAYLOAD} accepted outside S3 (11), and the
 * console answering any {@code Host} (1, DNS rebinding).
 */
class HttpHolesTest extends ServerFixture {

  /** A raw HTTP/1.1 exchange: the status line's code, the headers and the body (as far as read). */
  record Raw(int status, String head, String body) {}

  Raw raw(String requestHead, InputStream body, boolean chunked) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
      // the body from another thread: a server that refuses it answers before reading it all, and
      // the writer, blocked on a full window, ends when the socket closes
      Thread writer = new Thread(() -> {
        byte[] buf = new byte[64 * 1024];
        try {
          if (body != null) {
            for (int n; (n = body.read(buf)) > 0; ) {
              if (chunked) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buf, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
              } else {
                out.write(buf, 0, n);
              }
            }
            if (chunked) {
              out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
          out.flush();
        } catch (IOException e) {
          // the server answered and closed while we were still sending
        }
      }, "raw-body");
      writer.setDaemon(true);
      writer.start();
      // the head, then as much body as it declares (a server may keep the connection open)
      InputStream in = s.getInputStream();
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      int split = -1;
      while (split < 0) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        got.write(b);
        String t = got.toString(StandardCharsets.ISO_8859_1);
        if (t.endsWith("\r\n\r\n")) {
          split = t.length() - 4;
        }
      }
      String head = got.toString(StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
      byte[] rest = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : in.readAllBytes();
      return new Raw(Integer.parseInt(head.substring(9, 12)), head.strip(), new String(rest, StandardCharsets.UTF_8));
    }
  }

  /** An endless stream of {@code a}s, {@code n} bytes long. */
  static InputStream bytes(long n) {
    return new InputStream() {
      long left = n;

      @Override
      public int read() {
        return left-- > 0 ? 'a' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int k = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + k, (byte) 'a');
        left -= k;
        return k;
      }
    };
  }

  String host() {
    return "127.0.0.1:" + server.port();
  }

  /** Access Analyzer speaks REST-JSON: its 413 is JSON with the type in x-amzn-ErrorType, not IAM's XML. */
  @Test
  void anAccessAnalyzerBodyOverTheLimitIsRefusedInItsOwnProtocol() throws IOException {
    Raw r = raw("POST /policy/validation HTTP/1.1\r\nHost: " + host() + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + (2L * 1024 * 1024) + "\r\nConnection: close\r\n\r\n", bytes(2L * 1024 * 1024), true);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).startsWith("{\"message\":").doesNotContain("<ErrorResponse");
    assertThat(r.head().toLowerCase(java.util.Locale.ROOT)).contains("x-amzn-errortype: requestentitytoolarge");
  }

  @Test
  void hole07_chunkedBodyOverTheLimitIsRefusedWithoutBeingRead() throws IOException {
    
    Raw r = raw("POST /console/signin HTTP/1.1\r\nHost: " + host() + "\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
        bytes(64L * 1024 * 1024), true);
    assertThat(r.status()).isEqualTo(413);
    assertThat(r.body()).contains("RequestEntityTooLarge");
    // the API's path too, and a declared length over the limit without sending it
    Raw api = raw("POST / HTTP/1.1\r\nHost: " + host() + "\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
        bytes(BoundedBodies.MAX_BODY + 10L), true);
    assertThat(api.status()).isEqualTo(413);
    // (a client that waits for 100 Continue is answered at once; one that just stops sending is
    // answered too, after Jetty's idle timeout, which a test need not wait for)
    Raw declared = raw("POST /console/signin HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: 400000000\r\n"
        + "Expect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n", null, false);
    assertThat(declared.status()).isEqualTo(413);
  }

  @Test
  void hole07_aChunkedBodyWithinTheLimitStillWorks() throws IOException {
    String form = "Action=GetUser&Version=2010-05-08";
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = signed("POST", body);
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host() + "\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\nConnection: close\r\n");
    h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    Raw r = raw(head.append("\r\n").toString(), new ByteArrayInputStream(body), true);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("<GetUserResult>");
  }

  /** SigV4 headers for a request to {@code /} signed by the root key over {@code body}. */
  Map<String, String> signed(String method, byte[] body) {
    return SigV4Signer.sign(method, host(), "/", null, body, boot.rootKey().accessKeyId(), boot.rootKey().secret(),
        null, "us-east-1", "iam", Instant.now());
  }

  Raw signedPost(String form) throws IOException {
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + body.length
        + "\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nConnection: close\r\n");
    signed("POST", body).forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    return raw(head.append("\r\n").toString(), new ByteArrayInputStream(body), false);
  }

  static Document parseXml(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hole10_controlCharactersNeverReachTheXml() throws Exception {
    for (String name : List.of("a\u0001b", "a\u0000b", "x\u001Fy\uFFFEz")) {
      Raw r = signedPost("Action=CreateUser&Version=2010-05-08&UserName=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
      assertThat(r.status()).as(name).isEqualTo(400);
      Document d = parseXml(r.body()); // throws on a character XML 1.0 forbids
      assertThat(d.getElementsByTagName("Code").item(0).getTextContent()).isEqualTo("ValidationError");
      // IAM prints no value in a validation message, so the name's characters never reach the XML
      assertThat(d.getElementsByTagName("Message").item(0).getTextContent())
          .startsWith("1 validation error detected: Value at 'userName' failed to satisfy constraint");
    }
  }

  @Test
  void hole11_unsignedPayloadIsRefusedOutsideS3() throws Exception {
    // a GetUser signed with UNSIGNED-PAYLOAD, its body then swapped for a CreateUser
    String swapped = "Action=CreateUser&Version=2010-05-08&UserName=smuggled";
    byte[] body = swapped.getBytes(StandardCharsets.UTF_8);
    String amzDate = SigV4Verifier.AMZ_DATE.format(Instant.now());
    Map<String, List<String>> headers = new TreeMap<>();
    headers.put("host", List.of(host()));
    headers.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
    headers.put("x-amz-date", List.of(amzDate));
    List<String> signedHeaders = new ArrayList<>(headers.keySet());
    String canonical = SigV4.canonicalRequest("POST", "/", List.of(), headers, signedHeaders, "UNSIGNED-PAYLOAD");
    String scope = amzDate.substring(0, 8) + "/us-east-1/iam/aws4_request";
    String sig = SigV4.signature(SigV4.signingKey(boot.rootKey().secret(), amzDate.substring(0, 8), "us-east-1", "iam"),
        SigV4.stringToSign(amzDate, scope, canonical));
    String head = "POST / HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + body.length
        + "\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nConnection: close\r\n"
        + "X-Amz-Content-SHA256: UNSIGNED-PAYLOAD\r\nX-Amz-Date: " + amzDate + "\r\nAuthorization: AWS4-HMAC-SHA256"
        + " Credential=" + boot.rootKey().accessKeyId() + "/" + scope + ", SignedHeaders=" + String.join(";", signedHeaders)
        + ", Signature=" + sig + "\r\n\r\n";
    Raw r = raw(head, new ByteArrayInputStream(body), false);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> root.getUser(b -> b.userName("smuggled")))
        .isInstanceOf(NoSuchEntityException.class);
  }

  @Test
  void hole01_consoleRefusesForeignHostNames() throws IOException {
    Raw rebound = raw("GET /console/signin HTTP/1.1\r\nHost: attacker.example:" + server.port()
        + "\r\nConnection: close\r\n\r\n", null, false);
    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.body()).contains("--hostname");
    Raw post = raw("POST /console/signin HTTP/1.1\r\nHost: attacker.example\r\nContent-Length: 0\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n", null, false);
    assertThat(post.status()).isEqualTo(403);
    Raw root = raw("GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n", null, false);
    assertThat(root.status()).isEqualTo(403);
    for (String own : List.of(host(), "localhost:" + server.port(), "[::1]:" + server.port(), "LOCALHOST")) {
      Raw ok = raw("GET /console/signin HTTP/1.1\r\nHost: " + own + "\r\nConnection: close\r\n\r\n", null, false);
      assertThat(ok.status()).as(own).isEqualTo(200);
    }
  }

  @Test
  void hostNamesAllowOnlyOwnNames() {
    HostNames h = new HostNames(List.of("iam.internal"));
    assertThat(h.allows("iam.internal:4566")).isTrue();
    assertThat(h.allows("IAM.Internal.")).isTrue();
    assertThat(h.allows("10.1.2.3")).isTrue();
    assertThat(h.allows("app.localhost:80")).isTrue();
    assertThat(h.allows("iam.internal.attacker.example")).isFalse();
    assertThat(h.allows("127.0.0.1.nip.io")).isFalse();
    assertThat(h.allows("localhost:80:80")).isFalse();
    assertThat(h.allows("[::1]x")).isFalse();
    assertThat(h.allows("")).isFalse();
    assertThat(h.allows(null)).isFalse();
  }

  @Test
  void probeF9_numbersAreAsciiDigitsOnly() throws Exception {
    String trust = URLEncoder.encode(trust("arn:aws:iam::" + acct() + ":root"), StandardCharsets.UTF_8);
    // AWS's Query reader refuses what is no integer as MalformedInput (stackd's recordings, 2026-09-12)
    for (String n : List.of("\uFF13\uFF16\uFF10\uFF10", " 3600", "3600 ", "36_00", "3600.0", "36e2")) {
      Raw r = signedPost("Action=CreateRole&Version=2010-05-08&RoleName=digits&AssumeRolePolicyDocument=" + trust
          + "&MaxSessionDuration=" + URLEncoder.encode(n, StandardCharsets.UTF_8));
      assertThat(r.status()).as(n).isEqualTo(400);
      assertThat(r.body()).as(n).contains("<Code>MalformedInput</Code>");
    }
    // a sign and leading zeros it takes ("+1", "01" as MaxItems)
    Raw ok = signedPost("Action=CreateRole&Version=2010-05-08&RoleName=digits&AssumeRolePolicyDocument=" + trust
        + "&MaxSessionDuration=%2B03600");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void probeF6_everyIamOperationHoldsItsParametersToTheModel() throws Exception {
    String trust = URLEncoder.encode(trust("arn:aws:iam::" + acct() + ":root"), StandardCharsets.UTF_8);
    Raw description = signedPost("Action=CreateRole&Version=2010-05-08&RoleName=long-description"
        + "&AssumeRolePolicyDocument=" + trust + "&Description=" + "d".repeat(200_000));
    assertThat(description.status()).isEqualTo(400);
    assertThat(description.body()).contains("at 'description' failed to satisfy constraint: Member must have length"
        + " less than or equal to 1000");
    Raw prefix = signedPost("Action=ListPolicies&Version=2010-05-08&PathPrefix=/" + "p".repeat(100_000));
    assertThat(prefix.status()).isEqualTo(400);
    assertThat(prefix.body()).contains("at 'pathPrefix' failed to satisfy constraint: Member must have length less"
        + " than or equal to 512");
    // F12: an empty name is the model's length message, not an internal one
    Raw empty = signedPost("Action=ListAccessKeys&Version=2010-05-08&UserName=");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("<Message>2 validation errors detected: Value at 'userName' failed to satisfy"
        + " constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value at 'userName' failed to"
        + " satisfy constraint: Member must have length greater than or equal to 1</Message>");
  }

  @Test
  void probe2_aTricklingBodyIsEndedAndItsThreadFreed() throws Exception {
    // 100 bytes of a declared 1,000, then a byte every 200 ms: far below 1 KiB/s
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: 1000\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n\r\n" + "a".repeat(100))
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = null;
      InputStream in = s.getInputStream();
      for (int i = 0; i < 900 && answer == null; i++) {
        Thread.sleep(200);
        try {
          out.write('a');
          out.flush();
        } catch (IOException e) {
          answer = "closed";
          break;
        }
        if (in.available() > 0) {
          answer = new String(in.readNBytes(in.available()), StandardCharsets.ISO_8859_1);
        }
      }
      // ended long before the 900 bytes could trickle in: a 408, or the connection closed
      assertThat(answer).isNotNull();
      assertThat(answer.equals("closed") || answer.startsWith("HTTP/1.1 408") || answer.startsWith("HTTP/1.1 400"))
          .as(answer).isTrue();
    }
    // the server's connectors close silent connections after IDLE_TIMEOUT_MS
    for (var c : server.jetty().getConnectors()) {
      assertThat(((org.eclipse.jetty.server.AbstractConnector) c).getIdleTimeout()).isEqualTo(IamServer.IDLE_TIMEOUT_MS);
    }
  }

  @Test
  void probe2_aLongTermKeyWithASessionTokenIsAnInvalidToken() throws Exception {
    byte[] body = "Action=GetUser&Version=2010-05-08".getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = SigV4Signer.sign("POST", host(), "/", null, body, boot.rootKey().accessKeyId(),
        boot.rootKey().secret(), "stale-session-token", "us-east-1", "iam", Instant.now());
    StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + body.length
        + "\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nConnection: close\r\n");
    h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    Raw r = raw(head.append("\r\n").toString(), new ByteArrayInputStream(body), false);
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).contains("<Code>InvalidClientTokenId</Code>");
  }

  @Test
  void probe2_stsParametersAreHeldToTheStsModel() throws Exception {
    String role = "arn:aws:iam::" + acct() + ":role/any";
    for (String[] bad : new String[][] {{"ExternalId", "x"}, {"ExternalId", "has space"},
        {"SerialNumber", "aaaaaaaa"}, {"RoleArn", role + "x".repeat(2100)}}) {
      String form = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=probe&RoleArn="
          + URLEncoder.encode(bad[0].equals("RoleArn") ? bad[1] : role, StandardCharsets.UTF_8)
          + (bad[0].equals("RoleArn") ? "" : "&" + bad[0] + "=" + URLEncoder.encode(bad[1], StandardCharsets.UTF_8));
      byte[] body = form.getBytes(StandardCharsets.UTF_8);
      Map<String, String> h = SigV4Signer.sign("POST", host(), "/", null, body, boot.rootKey().accessKeyId(),
          boot.rootKey().secret(), null, "us-east-1", "sts", Instant.now());
      StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: "
          + body.length + "\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nConnection: close\r\n");
      h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      Raw r = raw(head.append("\r\n").toString(), new ByteArrayInputStream(body), false);
      assertThat(r.status()).as(bad[0] + " " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(bad[0]).contains("<Code>ValidationError</Code>")
          .contains("at '" + Character.toLowerCase(bad[0].charAt(0)) + bad[0].substring(1) + "'");
    }
  }
}
