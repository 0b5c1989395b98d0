package dev.iamlocal.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests the SDKs cannot send: any credential scope (region, service) and any body (a list where
 * the model says string), signed by the AWS SDK's own SigV4 signer so only what is asked is wrong.
 */
public final class RawCalls {

  private RawCalls() {}

  /** A SageMaker JSON 1.1 call of {@code operation} with {@code json} as the body. */
  public static HttpResponse<String> sageMaker(String endpoint, AwsCredentialsIdentity who, String region, String service,
      String operation, String json) throws Exception {
    return post(endpoint, who, region, service, "application/x-amz-json-1.1", "SageMaker." + operation, json);
  }

  /** An AWS JSON 1.1 call with any {@code X-Amz-Target} (e.g. another service's, or SageMaker's in another case). */
  public static HttpResponse<String> json(String endpoint, AwsCredentialsIdentity who, String region, String service,
      String target, String json) throws Exception {
    return post(endpoint, who, region, service, "application/x-amz-json-1.1", target, json);
  }

  /** An AWS Query call that also carries an {@code X-Amz-Target} header (no SDK sends one with a form). */
  public static HttpResponse<String> queryWithTarget(String endpoint, AwsCredentialsIdentity who, String region,
      String service, String target, String form) throws Exception {
    return post(endpoint, who, region, service, "application/x-www-form-urlencoded; charset=utf-8", target, form);
  }

  /** An AWS Query call (IAM or STS) with {@code form} (already URL-encoded) as the body. */
  public static HttpResponse<String> query(String endpoint, AwsCredentialsIdentity who, String region, String service,
      String form) throws Exception {
    return post(endpoint, who, region, service, "application/x-www-form-urlencoded; charset=utf-8", null, form);
  }

  private static HttpResponse<String> post(String endpoint, AwsCredentialsIdentity who, String region,
      String service, String contentType, String target, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest.Builder req = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create(endpoint + "/")).putHeader("Content-Type", contentType);
    if (target != null) {
      req.putHeader("X-Amz-Target", target);
    }
    SdkHttpFullRequest built = req.build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(s -> s.request(built)
        .payload(ContentStreamProvider.fromByteArray(bytes)).identity(who)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder b = HttpRequest.newBuilder(signed.request().getUri());
    signed.request().forEachHeader((k, vs) -> {
      if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
