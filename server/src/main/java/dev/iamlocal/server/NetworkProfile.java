package dev.iamlocal.server;

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
record NetworkProfile(String sourceIp, String vpc, String vpce, String vpcSourceIp, boolean secureTransport) {

  /** A direct connection from {@code ip}. */
  static NetworkProfile direct(String ip) {
    return new NetworkProfile(ip, null, null, null, true);
  }

  void putInto(RequestContext.Builder b) {
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
    if (!secureTransport) {
      b.put("aws:SecureTransport", "false"); // true is what the global keys fill in otherwise
    }
  }
}
