package dev.iamlocal.server.authz;

import dev.iamlocal.request.RequestContext;

/**
 * Where a request comes from, as the request context reports it.
 *
 * @param sourceIp {@code aws:SourceIp}, null for VPC-endpoint traffic
 * @param vpc {@code aws:SourceVpc} or null
 * @param vpce {@code aws:SourceVpce} or null
 * @param vpcSourceIp {@code aws:VpcSourceIp} (the private address inside the VPC) or null
 * @param secureTransport {@code aws:SecureTransport}
 */
public record NetworkProfile(String sourceIp, String vpc, String vpce, String vpcSourceIp, boolean secureTransport) {

  /** A direct connection from {@code ip}. */
  public static NetworkProfile direct(String ip) {
    return new NetworkProfile(ip, null, null, null, true);
  }

  /** The keys a network sets; whatever a request carried under these names is replaced. */
  private static final java.util.List<String> KEYS = java.util.List.of("aws:SourceIp", "aws:SourceVpc",
      "aws:SourceVpce", "aws:VpcSourceIp", "aws:SecureTransport");

  /**
   * Puts this network's keys into {@code b}, replacing any key of the same name already there: AWS
   * sets them from the connection, never from what a request says. {@code aws:SourceIp} is present
   * unless the request came through a VPC endpoint; {@code aws:SourceVpc}, {@code aws:SourceVpce}
   * and {@code aws:VpcSourceIp} only then (AWS's global condition key reference).
   */
  void putInto(RequestContext.Builder b) {
    if (!b.isEmpty()) { // most calls bring no keys: nothing to replace
      for (String k : KEYS) {
        b.remove(k);
      }
    }
    if (sourceIp != null) {
      b.put("aws:SourceIp", sourceIp);
    }
    if (vpc != null) {
      b.put("aws:SourceVpc", vpc);
    }
    if (vpce != null) {
      b.put("aws:SourceVpce", vpce);
    }
    if (vpcSourceIp != null) {
      b.put("aws:VpcSourceIp", vpcSourceIp);
    }
    b.put("aws:SecureTransport", secureTransport ? "true" : "false");
  }
}
