package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console request whose body is slow or never comes: CI once saw a GET page read the form body it
 * does not need, meet Jetty's minimum request data rate (408) and answer 500. A GET page reads no body,
 * and a body too slow to read is the client's 408, never a 500.
 */
class ConsoleSlowBodyTest {

  private static String cookies(HttpClient c, URI uri) {
    CookieManager m = (CookieManager) c.cookieHandler().orElseThrow();
    return m.getCookieStore().get(uri).stream().map(HttpCookie::toString).collect(Collectors.joining("; "));
  }

  /** Sends the head of a request, then {@code bodyBytes} one every {@code pauseMillis}, and returns the status line. */
  private static String send(URI endpoint, String head, int bodyBytes, long pauseMillis) throws Exception {
    try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      for (int i = 0; i < bodyBytes && in.available() == 0; i++) {
        Thread.sleep(pauseMillis);
        try {
          out.write('a');
          out.flush();
        } catch (java.io.IOException closed) {
          break; // the server answered and closed
        }
      }
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      return line.toString().trim();
    }
  }

  @Test
  void aGetPageReadsNoBodyAndASlowBodyIsTheClients408(@TempDir Path dir) throws Exception {
    try (ConsoleServer s = new ConsoleServer(dir)) {
      HttpClient c = ConsoleServer.client();
      s.signInRoot(c);
      URI endpoint = URI.create(s.url("/"));
      String cookie = cookies(c, endpoint);
      String host = endpoint.getHost() + ":" + endpoint.getPort();
      // a GET announcing a body it never sends: the page does not wait for it
      String get = "GET /console/policy?arn=arn:aws:iam::aws:policy/ReadOnlyAccess HTTP/1.1\r\nHost: " + host
          + "\r\nCookie: " + cookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\n";
      assertThat(send(endpoint, get, 0, 0)).startsWith("HTTP/1.1 200");
      // a POST whose body trickles in below Jetty's minimum rate: 408, not 500
      String post = "POST /console/policies HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
          + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\n";
      String status = send(endpoint, post, 8, 1_500);
      assertThat(status).doesNotContain(" 500").matches("HTTP/1\\.1 4\\d\\d.*");
    }
  }
}
