package dev.iamlocal.server.authz;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The simulated networks of a server: which {@link Listener} (socket address) a request came in
 * on decides its {@code aws:SourceIp} / {@code aws:SourceVpc} / {@code aws:SourceVpce}. Requests
 * on the main address come from their real peer address.
 */
public final class Networks {

  /** The prefix of the connector names that identify a listener. */
  public static final String PREFIX = "iamlocal-listener-";

  private final List<ServerConnector> connectors = new ArrayList<>();
  private final List<Listener> listeners = new ArrayList<>();
  private volatile Map<String, Listener> byAddress = Map.of();

  /** The connector of the main address (requests from their real peer). */
  public Connector main(Server server, HttpConfiguration http, String host, int port) {
    ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
    c.setHost(host);
    c.setPort(port);
    c.setName("iamlocal-main");
    return c;
  }

  /** Creates the Jetty connector of {@code l} (called while the server is configured). */
  public synchronized Connector connector(Server server, HttpConfiguration http, Listener l) {
    ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
    c.setHost(l.host());
    c.setPort(l.port());
    c.setName(PREFIX + connectors.size());
    connectors.add(c);
    listeners.add(l);
    return c;
  }

  /** Records the bound ports (port 0 picks one at start). */
  public synchronized void bound() {
    Map<String, Listener> m = new HashMap<>();
    for (int i = 0; i < connectors.size(); i++) {
      ServerConnector c = connectors.get(i);
      m.put(key(c.getHost(), c.getLocalPort()), listeners.get(i));
    }
    byAddress = Map.copyOf(m);
  }

  /** The network of a request, from the local address and port it arrived on (never from a header). */
  public NetworkProfile profile(Context ctx) {
    return profile(ctx.req());
  }

  /** As {@link #profile(Context)}, for handlers in front of Javalin. */
  public NetworkProfile profile(jakarta.servlet.http.HttpServletRequest req) {
    Listener l = byAddress.get(key(req.getLocalAddr(), req.getLocalPort()));
    if (l == null && !byAddress.isEmpty()) {
      // a listener bound to a host name: match by port among listeners with a unique port
      for (Map.Entry<String, Listener> e : byAddress.entrySet()) {
        if (e.getKey().endsWith(":" + req.getLocalPort()) && e.getValue().host().equals("localhost")) {
          l = e.getValue();
        }
      }
    }
    return l == null ? NetworkProfile.direct(req.getRemoteAddr()) : l.profile(req.getRemoteAddr());
  }

  private static String key(String host, int port) {
    return ("localhost".equals(host) ? "127.0.0.1" : host) + ":" + port;
  }
}
