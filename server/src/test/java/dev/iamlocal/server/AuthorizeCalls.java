package dev.iamlocal.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** {@code POST /v1/authorize} as an application calls it: JSON signed by the AWS SDK's own SigV4 signer. */
public final class AuthorizeCalls {

  private AuthorizeCalls() {}

  /** POSTs {@code body} to {@code endpoint + "/v1/authorize"}, signed for service {@code iam}. */
  public static HttpResponse<String> post(String endpoint, AwsCredentialsIdentity who, byte[] body) throws Exception {
    SdkHttpFullRequest req = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create(endpoint + "/v1/authorize")).putHeader("Content-Type", "application/json").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(s -> s.request(req)
        .payload(ContentStreamProvider.fromByteArray(body)).identity(who)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iam")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder b = HttpRequest.newBuilder(signed.request().getUri());
    signed.request().forEachHeader((k, vs) -> {
      if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) {
        vs.forEach(v -> b.header(k, v));
      }
    });
    return HttpClient.newHttpClient().send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
