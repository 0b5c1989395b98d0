package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.auth.Authenticator;
import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.iam.IamApi;
import dev.iamlocal.server.authz.Networks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Serves {@code POST /v1/authorize} straight from Jetty, in front of Javalin, and hands every
 * other request to Javalin (Javalin makes this handler's inner handler its own).
 *
 * <p>Why not a Javalin route: an application that uses iamlocal as its policy decision point asks
 * once per request it serves, so this endpoint's cost is the product's. Measured with wrk on the
 * 2-core machine of docs/operations.md, Javalin's routing, context and servlet layers held a
 * static 6 KB file to 16.7 k requests/s where a bare Jetty handler answered 41.6 k, and
 * /v1/authorize behind Javalin ran at the static file's rate. The endpoint only needs the servlet
 * request and response ({@link Exchange}), and catches its own failures ({@link AuthorizeEndpoint}).
 */
public final class DecisionPointHandler extends HandlerWrapper {

  static final String PATH = "/v1/authorize";

  private final Authenticator authenticator;
  private final IamApi api;
  private final Networks networks;

  /** Serves {@code /v1/authorize} with {@code authenticator}, in front of Javalin. */
  public DecisionPointHandler(Authenticator authenticator, IamApi api, Networks networks) {
    this.authenticator = authenticator;
    this.api = api;
    this.networks = networks;
  }

  /**
   * Puts this handler into {@code server} before Javalin attaches its own: inside the handler
   * Javalin's default server already has (its StatisticsHandler, which a graceful stop needs to see
   * every request), or as the server's handler when there is none. Javalin then attaches its
   * handler inside the innermost wrapper, which is this one.
   */
  public void install(Server server) {
    insertInnermost(server, this);
  }

  /** Puts {@code h} inside the innermost handler wrapper of {@code server} (see {@link #install}). */
  public static void insertInnermost(Server server, HandlerWrapper h) {
    if (server.getHandler() instanceof HandlerWrapper outer) {
      HandlerWrapper innermost = outer;
      while (innermost.getHandler() instanceof HandlerWrapper w) {
        innermost = w;
      }
      innermost.setHandler(h);
    } else {
      server.setHandler(h);
    }
  }

  @Override
  public void handle(String target, Request base, HttpServletRequest req, HttpServletResponse res)
      throws java.io.IOException, jakarta.servlet.ServletException {
    // Javalin ignores a trailing slash by default; so does this route
    if ((PATH.equals(target) || PATH_SLASH.equals(target)) && "POST".equals(req.getMethod())) {
      base.setHandled(true);
      AuthorizeEndpoint.handle(req, res, authenticator, api, networks.profile(req));
      return;
    }
    super.handle(target, base, req, res);
  }

  private static final String PATH_SLASH = PATH + "/";
}
