package dev.iamlocal.cli;

import dev.iamlocal.server.authz.Listener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The addresses {@code iamlocal serve} will listen on, bound before it writes anything, so that a
 * busy port is reported in one line and leaves no data directory or root key behind.
 *
 * <p>Sockets are bound with {@code SO_REUSEADDR}, as Jetty binds them, so a port that Jetty could
 * take (one left in TIME_WAIT by an earlier server) is not refused here. A port of 0 (any free
 * port) needs no check.
 */
final class PortReservation implements AutoCloseable {

  /** Jetty's message when a connector cannot bind: "Failed to bind to /127.0.0.1:4566". */
  private static final Pattern JETTY_BIND = Pattern.compile("Failed to bind to .*:(\\d+)$");

  private final List<ServerSocket> sockets;
  private final String problem;

  private PortReservation(List<ServerSocket> sockets, String problem) {
    this.sockets = sockets;
    this.problem = problem;
  }

  /**
   * Binds {@code host:port} and the extra listeners' addresses. Never throws: a failure is
   * {@link #problem()}, and whatever was bound is released at once.
   */
  static PortReservation reserve(String host, int port, List<Listener> listeners) {
    List<ServerSocket> bound = new ArrayList<>();
    String problem = bind(host, port, null, bound);
    for (int i = 0; problem == null && i < listeners.size(); i++) {
      Listener l = listeners.get(i);
      problem = bind(l.host(), l.port(), l, bound);
    }
    PortReservation r = new PortReservation(bound, problem);
    if (problem != null) {
      r.close();
    }
    return r;
  }

  /** Why an address cannot be listened on (one line, with what to do), or null when all are bound. */
  String problem() {
    return problem;
  }

  /** Releases the ports, for the server to bind them. */
  @Override
  public void close() {
    for (ServerSocket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // a socket that cannot be closed is already unusable; nothing to release
      }
    }
    sockets.clear();
  }

  private static String bind(String host, int port, Listener listener, List<ServerSocket> bound) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return (listener == null ? "--host " : "--listener ") + host + ": unknown host; give an IP address such as"
          + " 127.0.0.1 or a name this machine resolves";
    }
    if (port == 0) {
      return null;
    }
    ServerSocket s = null;
    try {
      s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port));
      bound.add(s);
      return null;
    } catch (IOException e) {
      closeQuietly(s);
      return describe(e, host, port, listener);
    }
  }

  private static void closeQuietly(ServerSocket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // never bound: nothing to release
      }
    }
  }

  /**
   * The one-line report of a failure to bind that happened in the server after the reservation
   * was released (another process took the port in between), or null when {@code e} is not one.
   */
  static String bindProblem(Throwable e, String host, int port, List<Listener> listeners) {
    BindException bind = null;
    String jetty = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        bind = b;
      }
      if (t.getMessage() != null && JETTY_BIND.matcher(t.getMessage()).find()) {
        jetty = t.getMessage();
      }
    }
    if (bind == null) {
      return null;
    }
    int failed = port;
    if (jetty != null) {
      Matcher m = JETTY_BIND.matcher(jetty);
      if (m.find()) {
        failed = Integer.parseInt(m.group(1));
      }
    }
    for (Listener l : listeners) {
      if (failed != port && l.port() == failed) {
        return describe(bind, l.host(), l.port(), l);
      }
    }
    return describe(bind, host, failed, null);
  }

  private static String describe(IOException e, String host, int port, Listener listener) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    String which = listener == null ? "with --port" : "for the --listener " + listener.host() + ":" + listener.port();
    if (m.contains("in use")) {
      return "port " + port + " is already in use; choose another " + which;
    }
    if (m.contains("Permission denied")) {
      return "cannot listen on port " + port + ": permission denied (ports below 1024 need privileges); choose another "
          + which;
    }
    if (m.contains("Cannot assign requested address")) {
      return "cannot listen on " + host + ": it is not an address of this machine; choose another "
          + (listener == null ? "--host (127.0.0.1 for this machine only, 0.0.0.0 for every interface)" : "--listener host");
    }
    return "cannot listen on " + host + ":" + port + ": " + m;
  }
}
