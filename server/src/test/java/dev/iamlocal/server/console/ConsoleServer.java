package dev.iamlocal.server.console;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.ServerOptions;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/** A real server over a fresh SQLite store in {@code dir}, bootstrapped as {@code iamlocal serve} does. */
final class ConsoleServer implements AutoCloseable {

  final IamStore store;
  final Bootstrap boot;
  final IamServer server;

  ConsoleServer(Path dir) throws IOException {
    this(dir, ServerOptions.DEFAULT);
  }

  ConsoleServer(Path dir, ServerOptions options) throws IOException {
    Bootstrap.prepareDirectory(dir);
    store = IamStore.openSqlite(dir.resolve("iamlocal.db"));
    boot = Bootstrap.ensure(store, dir);
    server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC(), options);
  }

  String url(String path) {
    return server.endpoint() + path;
  }

  String account() {
    return boot.account().accountId();
  }

  /** An HTTP client that keeps cookies and does not follow redirects. */
  static HttpClient client() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  static String form(String... kv) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  HttpResponse<String> post(HttpClient c, String path, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return c.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(HttpClient c, String path) throws IOException, InterruptedException {
    return c.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in with the root key; the client keeps the session cookie. Returns the CSRF token. */
  String signInRoot(HttpClient c) throws IOException, InterruptedException {
    HttpResponse<String> r = post(c, "/console/signin", "application/x-www-form-urlencoded",
        form("accessKeyId", boot.rootKey().accessKeyId(), "secretAccessKey", boot.rootKey().secret()));
    if (r.statusCode() != 302) {
      throw new IllegalStateException("sign-in failed: " + r.statusCode() + " " + r.body());
    }
    String page = get(c, "/console/").body();
    int i = page.indexOf("data-csrf=\"");
    return page.substring(i + 11, page.indexOf('"', i + 11));
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
