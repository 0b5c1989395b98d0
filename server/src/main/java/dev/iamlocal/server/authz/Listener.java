package dev.iamlocal.server.authz;

import java.util.Locale;

/**
 * An extra listening address whose requests arrive as if from a given network: through a VPC and
 * VPC endpoint ({@code aws:SourceVpc}, {@code aws:SourceVpce}; {@code aws:SourceIp} then absent,
 * as for real VPC-endpoint traffic) or from a given public source IP ({@code aws:SourceIp}). The
 * network is a property of the socket a request came in on, never of anything the client sends.
 *
 * @param sourceIp the {@code aws:SourceIp} to report, or null
 * @param vpc the {@code aws:SourceVpc}, or null
 * @param vpce the {@code aws:SourceVpce}, or null
 * @param secureTransport the {@code aws:SecureTransport} to report: false makes the listener stand
 *     for a plain-HTTP client, to try the usual "deny unless TLS" statements (every real IAM and
 *     SageMaker endpoint is HTTPS-only, so the main address reports true)
 */
public record Listener(String host, int port, String sourceIp, String vpc, String vpce, boolean secureTransport) {

  public Listener {
    if (sourceIp != null && vpc != null) {
      throw new IllegalArgumentException("a listener is either in a VPC (vpc=, vpce=) or has a source-ip=, not both");
    }
    if (vpce != null && vpc == null) {
      throw new IllegalArgumentException("vpce= needs vpc= (a VPC endpoint lives in a VPC)");
    }
  }

  /**
   * Parses {@code HOST:PORT[,vpc=ID][,vpce=ID][,source-ip=IP][,secure-transport=false]}, e.g.
   * {@code 127.0.0.1:4567,vpc=vpc-1a2b3c4d,vpce=vpce-0abc} or {@code 127.0.0.2:4566,source-ip=192.0.2.10}.
   *
   * @throws IllegalArgumentException with what was expected
   */
  public static Listener parse(String spec) {
    String[] parts = spec.split(",", -1);
    int colon = parts[0].lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("listener '" + spec + "': expected HOST:PORT first, e.g. 127.0.0.1:4567");
    }
    int port;
    try {
      port = Integer.parseInt(parts[0].substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("listener '" + spec + "': port must be 0-65535");
    }
    String ip = null;
    String vpc = null;
    String vpce = null;
    boolean secure = true;
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      String k = eq < 0 ? parts[i] : parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = eq < 0 ? "" : parts[i].substring(eq + 1).trim();
      if (v.isEmpty()) {
        throw new IllegalArgumentException("listener '" + spec + "': '" + parts[i] + "' needs a value (KEY=VALUE)");
      }
      switch (k) {
        case "vpc" -> vpc = v;
        case "vpce" -> vpce = v;
        case "source-ip" -> {
          try {
            ip = java.net.InetAddress.getByName(v).getHostAddress();
          } catch (java.net.UnknownHostException e) {
            ip = null;
          }
          if (ip == null || !(v.indexOf(':') >= 0 || v.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)))) {
            throw new IllegalArgumentException("listener '" + spec + "': source-ip must be an IP address, got " + v);
          }
        }
        case "secure-transport" -> {
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("listener '" + spec + "': secure-transport must be true or false, got " + v);
          }
          secure = v.equals("true");
        }
        default -> throw new IllegalArgumentException("listener '" + spec + "': unknown setting '" + k
            + "' (expected vpc=, vpce=, source-ip= or secure-transport=)");
      }
    }
    return new Listener(parts[0].substring(0, colon), port, ip, vpc, vpce, secure);
  }

  /** The network a request on this listener comes from; {@code connectionIp} is the socket's peer. */
  NetworkProfile profile(String connectionIp) {
    if (vpc != null) {
      return new NetworkProfile(null, vpc, vpce, connectionIp, secureTransport);
    }
    return new NetworkProfile(sourceIp != null ? sourceIp : connectionIp, null, null, null, secureTransport);
  }
}
