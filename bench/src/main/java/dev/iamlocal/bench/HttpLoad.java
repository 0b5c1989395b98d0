package dev.iamlocal.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A closed-loop HTTP load generator for {@code iamlocal serve}: N threads, each with its own
 * keep-alive connection, send SigV4-signed AWS Query requests (signed afresh per request, as an
 * SDK does) for a fixed duration after a warm-up, and report requests/s and latency percentiles
 * computed from all recorded latencies (sorted, nearest rank). Not a test: run it through
 * {@code bench/http-load.sh}.
 *
 * <pre>
 * HttpLoad setup ENDPOINT CREDENTIALS_FILE USER POLICY_FILE      creates USER with POLICY_FILE inline; prints its ARN
 * HttpLoad simulate ENDPOINT CREDENTIALS_FILE USER_ARN THREADS WARMUP_S DURATION_S
 * HttpLoad authorize ENDPOINT CREDENTIALS_FILE USER_ARN THREADS WARMUP_S DURATION_S [explain]
 * HttpLoad wrk-script ENDPOINT CREDENTIALS_FILE USER_ARN [explain]   prints a wrk Lua script (one signed request)
 * </pre>
 *
 * <p>{@code authorize} posts to {@code /v1/authorize} the request a SageMaker front end would ask
 * about (CreateTrainingJob with {@code sagemaker:InstanceTypes}); without {@code explain} the body
 * sets {@code "explain": false}, as a policy enforcement point that only needs the decision would.
 */
public final class HttpLoad {

  private static final String CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    switch (args[0]) {
      case "setup" -> {
        require(args, 5);
        Signer signer = Signer.fromCredentialsFile(Path.of(args[2]));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String endpoint = args[1];
        String user = args[3];
        String policy = Files.readString(Path.of(args[4]));
        String created = call(http, signer, endpoint, form("Action", "CreateUser", "Version", "2010-05-08",
            "UserName", user));
        call(http, signer, endpoint, form("Action", "PutUserPolicy", "Version", "2010-05-08", "UserName", user,
            "PolicyName", Path.of(args[4]).getFileName().toString().replace(".json", ""), "PolicyDocument", policy));
        int a = created.indexOf("<Arn>");
        System.out.println(created.substring(a + 5, created.indexOf("</Arn>", a)));
      }
      case "simulate" -> {
        require(args, 7);
        Signer signer = Signer.fromCredentialsFile(Path.of(args[2]));
        String body = form("Action", "SimulatePrincipalPolicy", "Version", "2010-05-08", "PolicySourceArn", args[3],
            "ActionNames.member.1", "sagemaker:CreateTrainingJob",
            "ContextEntries.member.1.ContextKeyName", "sagemaker:InstanceTypes",
            "ContextEntries.member.1.ContextKeyType", "stringList",
            "ContextEntries.member.1.ContextKeyValues.member.1", "ml.c5.xlarge");
        run("SimulatePrincipalPolicy", args[1], signer, body, "<EvalDecision>allowed</EvalDecision>",
            Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      }
      case "authorize" -> {
        if (args.length != 7 && args.length != 8) {
          usage();
        }
        Signer signer = Signer.fromCredentialsFile(Path.of(args[2]));
        boolean explain = args.length == 8 && args[7].equals("explain");
        String body = authorizeBody(args[3], explain);
        run("/v1/authorize" + (explain ? " (explain)" : ""), args[1], signer.forPath("/v1/authorize",
            "application/json"), body, "\"decision\":\"allowed\"", Integer.parseInt(args[4]),
            Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      }
      case "wrk-script" -> {
        if (args.length != 4 && args.length != 5) {
          usage();
        }
        boolean explain = args.length == 5 && args[4].equals("explain");
        Signer signer = Signer.fromCredentialsFile(Path.of(args[2])).forPath("/v1/authorize", "application/json");
        String body = authorizeBody(args[3], explain);
        System.out.print(WrkScript.of(signer.sign(args[1], body), body));
      }
      default -> usage();
    }
  }

  private static String authorizeBody(String principalArn, boolean explain) {
    return "{\"principal\":\"" + principalArn + "\",\"action\":\"sagemaker:CreateTrainingJob\","
        + "\"resource\":\"arn:aws:sagemaker:us-east-1:" + principalArn.split(":")[4]
        + ":training-job/bench\",\"context\":{\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]},"
        + "\"explain\":" + explain + "}";
  }

  private static void usage() {
    System.err.println("usage: HttpLoad setup ENDPOINT CREDENTIALS USER POLICY_FILE\n"
        + "       HttpLoad simulate ENDPOINT CREDENTIALS USER_ARN THREADS WARMUP_S DURATION_S\n"
        + "       HttpLoad authorize ENDPOINT CREDENTIALS USER_ARN THREADS WARMUP_S DURATION_S [explain]\n"
        + "       HttpLoad wrk-script ENDPOINT CREDENTIALS USER_ARN [explain]");
    System.exit(2);
  }

  private static void require(String[] args, int n) {
    if (args.length != n) {
      usage();
    }
  }

  private static String call(HttpClient http, Signer signer, String endpoint, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(signer.sign(endpoint, body), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** Runs the load and prints one result line; every response must be 200 and contain {@code expect}. */
  private static void run(String name, String endpoint, Signer signer, String body, String expect, int threads,
      int warmupSeconds, int durationSeconds) throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + Duration.ofSeconds(warmupSeconds).toNanos();
    long end = measureFrom + Duration.ofSeconds(durationSeconds).toNanos();
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    String[] firstError = new String[1];
    for (int t = 0; t < threads; t++) {
      long[][] buf = {new long[1 << 16]};
      int[] n = {0};
      Thread w = new Thread(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= end) {
            break;
          }
          try {
            HttpResponse<String> r = http.send(signer.sign(endpoint, body), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (r.statusCode() != 200 || !r.body().contains(expect)) {
              errors.incrementAndGet();
              synchronized (firstError) {
                if (firstError[0] == null) {
                  firstError[0] = "HTTP " + r.statusCode() + ": " + r.body();
                }
              }
            } else if (t0 >= measureFrom && t1 <= end) {
              if (n[0] == buf[0].length) {
                buf[0] = Arrays.copyOf(buf[0], buf[0].length * 2);
              }
              buf[0][n[0]++] = t1 - t0;
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        synchronized (perThread) {
          perThread.add(Arrays.copyOf(buf[0], n[0]));
        }
      }, "load-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long total = perThread.stream().mapToLong(a -> a.length).sum();
    long[] all = new long[(int) total];
    int i = 0;
    for (long[] a : perThread) {
      System.arraycopy(a, 0, all, i, a.length);
      i += a.length;
    }
    Arrays.sort(all);
    System.out.printf("%-26s threads=%d duration=%ds requests=%d errors=%d throughput=%.0f req/s"
            + " p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms%n",
        name, threads, durationSeconds, total, errors.get(), total / (double) durationSeconds,
        ms(pct(all, 50)), ms(pct(all, 90)), ms(pct(all, 99)), ms(all.length == 0 ? 0 : all[all.length - 1]));
    if (firstError[0] != null) {
      System.out.println("first error: " + firstError[0]);
    }
  }

  private static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String form(String... kv) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8).replace("+", "%20")).append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return b.toString();
  }

  /** AWS Signature Version 4 for POSTs of a form body to the IAM endpoint (header form). */
  static final class Signer {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private final String keyId;
    private final String secret;
    private final Map<String, byte[]> signingKeys;
    private final String path;
    private final String contentType;

    Signer(String keyId, String secret) {
      this(keyId, secret, new HashMap<>(), "/", CONTENT_TYPE);
    }

    private Signer(String keyId, String secret, Map<String, byte[]> signingKeys, String path, String contentType) {
      this.keyId = keyId;
      this.secret = secret;
      this.signingKeys = signingKeys;
      this.path = path;
      this.contentType = contentType;
    }

    /** The same credentials signing POSTs to {@code path} with {@code contentType}. */
    Signer forPath(String path, String contentType) {
      return new Signer(keyId, secret, signingKeys, path, contentType);
    }

    /** Reads profile {@code iamlocal} from an AWS shared-credentials file. */
    static Signer fromCredentialsFile(Path file) throws IOException {
      Map<String, String> values = new LinkedHashMap<>();
      boolean inProfile = false;
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        if (l.startsWith("[")) {
          inProfile = l.equals("[iamlocal]");
        } else if (inProfile && l.contains("=")) {
          values.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
        }
      }
      return new Signer(values.get("aws_access_key_id"), values.get("aws_secret_access_key"));
    }

    HttpRequest sign(String endpoint, String body) {
      URI uri = URI.create(endpoint + path);
      String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
      String day = amzDate.substring(0, 8);
      String scope = day + "/us-east-1/iam/aws4_request";
      String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String payloadHash = hex(sha256(body.getBytes(StandardCharsets.UTF_8)));
      String canonical = "POST\n" + path + "\n\ncontent-type:" + contentType + "\nhost:" + host + "\nx-amz-date:" + amzDate
          + "\n\ncontent-type;host;x-amz-date\n" + payloadHash;
      String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
          + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
      String signature = hex(hmac(signingKey(day), toSign));
      return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .header("Content-Type", contentType).header("X-Amz-Date", amzDate)
          .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + keyId + "/" + scope
              + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    private byte[] signingKey(String day) {
      synchronized (signingKeys) {
        return signingKey0(day);
      }
    }

    private byte[] signingKey0(String day) {
      return signingKeys.computeIfAbsent(day, d -> {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), d);
        k = hmac(k, "us-east-1");
        k = hmac(k, "iam");
        return hmac(k, "aws4_request");
      });
    }

    private static byte[] hmac(byte[] key, String data) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] sha256(byte[] data) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(data);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String hex(byte[] b) {
      return HexFormat.of().formatHex(b);
    }
  }
}
