package dev.iamlocal.server.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * AWS-style request ids (random version-4 UUIDs). A request id is not a secret, so it needs no
 * {@code SecureRandom}: {@link UUID#randomUUID()} takes a lock around the system's random source
 * on every request, a measurable cost at tens of thousands of requests per second.
 */
public final class RequestIds {

  private RequestIds() {}

  /** A new random request id. */
  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(hi, lo).toString();
  }
}
