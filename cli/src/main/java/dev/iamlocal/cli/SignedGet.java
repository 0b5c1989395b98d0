package dev.iamlocal.cli;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.auth.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * SigV4-signed {@code GET}s to a running server's own endpoints ({@code /v1/decisions}), with the
 * credentials an AWS tool would use: {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}
 * (and {@code AWS_SESSION_TOKEN}) when set, else a profile of a shared-credentials file
 * ({@code AWS_SHARED_CREDENTIALS_FILE}, else the data directory's {@code credentials}, else
 * {@code ~/.aws/credentials}); the profile is {@code --profile}, else {@code AWS_PROFILE}, else
 * {@value Bootstrap#PROFILE}.
 */
final class SignedGet {

  record Credentials(String accessKeyId, String secret, String sessionToken) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final Credentials credentials;

  private SignedGet(Credentials credentials) {
    this.credentials = credentials;
  }

  /** Resolves the credentials, or throws {@link IllegalArgumentException} saying where it looked. */
  static SignedGet resolve(String profileOption, Path dataDir, Map<String, String> env) throws IOException {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id != null && !id.isEmpty() && secret != null && !secret.isEmpty()) {
      return new SignedGet(new Credentials(id, secret, blankToNull(env.get("AWS_SESSION_TOKEN"))));
    }
    String profile = profileOption != null ? profileOption
        : env.getOrDefault("AWS_PROFILE", Bootstrap.PROFILE);
    Path file = env.containsKey("AWS_SHARED_CREDENTIALS_FILE") ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
        : Files.exists(dataDir.resolve("credentials")) ? dataDir.resolve("credentials")
        : Path.of(System.getProperty("user.home"), ".aws", "credentials");
    Map<String, String> p = Files.exists(file) ? Ini.section(Files.readString(file, StandardCharsets.UTF_8), profile)
        : Map.of();
    if (!p.containsKey("aws_access_key_id") || !p.containsKey("aws_secret_access_key")) {
      throw new IllegalArgumentException("no credentials for the endpoint: set AWS_ACCESS_KEY_ID and"
          + " AWS_SECRET_ACCESS_KEY, or give a profile (--profile) of " + file + " that has them");
    }
    return new SignedGet(new Credentials(p.get("aws_access_key_id"), p.get("aws_secret_access_key"),
        blankToNull(p.get("aws_session_token"))));
  }

  /** {@code GET endpoint + pathAndQuery}, signed for IAM in us-east-1 (the server's signed endpoints take IAM's scope). */
  HttpResponse<String> get(String endpoint, String pathAndQuery) throws IOException, InterruptedException {
    URI uri = URI.create(endpoint.replaceAll("/$", "") + pathAndQuery);
    String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    Map<String, String> headers = SigV4Signer.sign("GET", host, uri.getRawPath(), uri.getRawQuery(), new byte[0],
        credentials.accessKeyId(), credentials.secret(), credentials.sessionToken(), "us-east-1", "iam", Instant.now());
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
