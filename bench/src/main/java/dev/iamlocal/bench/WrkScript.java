package dev.iamlocal.bench;

import java.net.http.HttpRequest;

/**
 * One signed request as a Lua script for wrk (Debian's C load generator, far lighter on a shared
 * CPU than a Java client). SigV4 accepts a signature for 15 minutes, so wrk may replay it
 * unchanged while the server still verifies every request in full.
 */
public final class WrkScript {

  private WrkScript() {}

  /** The script sending {@code signed}'s method, headers and {@code body}. */
  public static String of(HttpRequest signed, String body) {
    StringBuilder lua = new StringBuilder("wrk.method = ").append(quote(signed.method())).append('\n');
    lua.append("wrk.body = ").append(quote(body)).append('\n');
    signed.headers().map().forEach((k, v) -> lua.append("wrk.headers[").append(quote(k)).append("] = ")
        .append(quote(v.get(0))).append('\n'));
    return lua.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
