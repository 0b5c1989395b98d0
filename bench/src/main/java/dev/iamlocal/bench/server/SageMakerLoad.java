package dev.iamlocal.bench.server;

import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.bench.WrkScript;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator for one SageMaker call over loopback HTTP: {@code threads} clients
 * each send SigV4-signed {@code DescribeNotebookInstance} requests back to back for
 * {@code seconds} after {@code warmup} seconds, and the latency of every request is kept; prints
 * one markdown row (requests/s, p50, p90, p99, max in microseconds, errors).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.iamlocal.server.SageMakerLoad LABEL ENDPOINT KEY SECRET NOTEBOOK THREADS SECONDS WARMUP
 * java -cp bench/target/benchmarks.jar dev.iamlocal.server.SageMakerLoad wrk-script ENDPOINT KEY SECRET NOTEBOOK</pre>
 *
 * <p>{@code wrk-script} prints the same call, signed once, as a Lua script for wrk (a C load
 * generator that takes far less of the shared CPU); SigV4 accepts a signature for 15 minutes.
 */
public final class SageMakerLoad {

  private static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private SageMakerLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("wrk-script")) {
      byte[] body = ("{\"NotebookInstanceName\":\"" + args[4] + "\"}").getBytes(StandardCharsets.UTF_8);
      System.out.print(WrkScript.of(signed(URI.create(args[1]), args[2], args[3], body),
          new String(body, StandardCharsets.UTF_8)));
      return;
    }
    if (args.length != 8) {
      System.err.println("usage: SageMakerLoad LABEL ENDPOINT KEY SECRET NOTEBOOK THREADS SECONDS WARMUP");
      System.exit(2);
    }
    String label = args[0];
    URI endpoint = URI.create(args[1]);
    String key = args[2];
    String secret = args[3];
    byte[] body = ("{\"NotebookInstanceName\":\"" + args[4] + "\"}").getBytes(StandardCharsets.UTF_8);
    int threads = Integer.parseInt(args[5]);
    long seconds = Long.parseLong(args[6]);
    long warmup = Long.parseLong(args[7]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[][] slot = {new long[1 << 16]};
      int[] n = {0};
      Thread w = new Thread(() -> {
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= end) {
            break;
          }
          try {
            HttpResponse<byte[]> r = http.send(signed(endpoint, key, secret, body), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
              if (errors.get() == 1) {
                System.err.println(label + ": HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
              }
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
          long t1 = System.nanoTime();
          if (t0 >= measureFrom) {
            if (n[0] == slot[0].length) {
              slot[0] = Arrays.copyOf(slot[0], n[0] * 2);
            }
            slot[0][n[0]++] = t1 - t0;
          }
        }
        synchronized (perThread) {
          perThread.add(Arrays.copyOf(slot[0], n[0]));
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    if (all.length == 0) {
      System.err.println(label + ": no request completed");
      System.exit(1);
    }
    System.out.printf("| %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d |%n", label, threads, all.length,
        all.length / (double) seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99), all[all.length - 1] / 1000.0,
        errors.get());
  }

  /** The nearest-rank percentile, in microseconds. */
  static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1000.0;
  }

  static HttpRequest signed(URI endpoint, String key, String secret, byte[] body) {
    String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ);
    String date = amzDate.substring(0, 8);
    String host = endpoint.getHost() + ":" + endpoint.getPort();
    String target = "SageMaker.DescribeNotebookInstance";
    String type = "application/x-amz-json-1.1";
    String payload = SigV4.hex(SigV4.sha256(body));
    List<String> signedHeaders = List.of("content-type", "host", "x-amz-date", "x-amz-target");
    String canonical = SigV4.canonicalRequest("POST", "/", List.of(), Map.of("content-type", List.of(type),
        "host", List.of(host), "x-amz-date", List.of(amzDate), "x-amz-target", List.of(target)), signedHeaders, payload);
    String scope = date + "/us-east-1/sagemaker/aws4_request";
    String signature = SigV4.signature(SigV4.signingKey(secret, date, "us-east-1", "sagemaker"),
        SigV4.stringToSign(amzDate, scope, canonical));
    return HttpRequest.newBuilder(endpoint.resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", type).header("X-Amz-Date", amzDate).header("X-Amz-Target", target)
        .header("Authorization", SigV4.ALGORITHM + " Credential=" + key + "/" + scope + ", SignedHeaders="
            + String.join(";", signedHeaders) + ", Signature=" + signature)
        .build();
  }
}
