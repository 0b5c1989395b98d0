package dev.iamlocal.server.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The regions of the {@code aws} partition, from the bundled {@code aws-regions.txt} (the product
 * does not depend on the AWS SDK at run time; a test keeps the list equal to the SDK's).
 */
public final class AwsRegions {

  /** Every region of the partition, e.g. {@code us-east-1}; no pseudo-region such as {@code aws-global}. */
  public static final Set<String> ALL = load();

  /** The region that global services (IAM) are signed for in the partition. */
  static final String GLOBAL_SIGNING_REGION = "us-east-1";

  private AwsRegions() {}

  /** True when {@code region} is a region of the partition in which {@code service} answers. */
  static boolean accepts(String service, String region) {
    if ("iam".equals(service)) {
      // IAM has one endpoint for the partition, signed for us-east-1 (other regions are refused)
      return GLOBAL_SIGNING_REGION.equals(region);
    }
    return ALL.contains(region);
  }

  private static Set<String> load() {
    Set<String> out = new TreeSet<>();
    try (InputStream in = AwsRegions.class.getResourceAsStream("aws-regions.txt")) {
      if (in == null) {
        throw new IllegalStateException("aws-regions.txt is missing from the server's resources");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          out.add(s);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(out);
  }
}
