package dev.iamlocal.bench.server;

import com.sun.management.ThreadMXBean;
import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.server.auth.SigV4;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamStore;
import dev.iamlocal.store.User;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one {@code POST /v1/authorize} costs the server in bytes allocated and CPU time, counted per
 * thread rather than timed by the wall clock, so that the numbers hold on a machine busy with other
 * work. Starts the real server in this JVM (SQLite, decision log on, as {@code iamlocal serve}),
 * sends the request {@code bench/authorize-ab.sh} sends (seed policy 14, {@code "explain": false},
 * as the root user) over raw keep-alive sockets, and reports, per group of server threads (Jetty's,
 * the decision log's writer, the rest), bytes allocated and CPU microseconds per request, from
 * {@link ThreadMXBean#getThreadAllocatedBytes} and {@link ThreadMXBean#getThreadCpuTime}. The
 * client threads are left out: they only copy a fixed request and read the answer.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.iamlocal.bench.server.AuthorizeCost [CONNECTIONS] [WARMUP] [REQUESTS]</pre>
 *
 * Garbage-collector threads are not Java threads and are not counted; the bytes allocated are what
 * they work for.
 */
public final class AuthorizeCost {

  private AuthorizeCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("in-process")) {
      inProcess(args.length > 1 ? Boolean.parseBoolean(args[1]) : false, args.length > 2 ? Integer.parseInt(args[2])
          : 200_000);
      return;
    }
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    Path dir = Files.createTempDirectory("iamlocal-authorize-cost");
    Bootstrap.prepareDirectory(dir);
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      Bootstrap boot = Bootstrap.ensure(store, dir);
      String account = boot.account().accountId();
      User u = store.users().createUser(account, "bench-user", "/", Map.of());
      store.inlinePolicies().putInlinePolicy(account, EntityType.USER, "bench-user", "seed-14", seed14());
      try (IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
        String body = "{\"principal\":\"" + u.arn() + "\",\"action\":\"sagemaker:CreateTrainingJob\","
            + "\"resource\":\"arn:aws:sagemaker:us-east-1:" + account + ":training-job/bench\","
            + "\"context\":{\"sagemaker:InstanceTypes\":[\"ml.c5.xlarge\"]},\"explain\":false}";
        byte[] request = request("127.0.0.1:" + server.port(), boot.rootKey().accessKeyId(), boot.rootKey().secret(),
            body);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        run(server.port(), request, connections, warmup);
        server.decisions().flush();
        Set<Long> clients = new HashSet<>();
        Map<Long, long[]> before = sample(mx);
        long[] counted = run(server.port(), request, connections, requests, clients);
        server.decisions().flush();
        Map<Long, long[]> after = sample(mx);
        report(mx, before, after, clients, counted[0]);
      }
    } finally {
      dev.iamlocal.bench.TempDirs.delete(dir);
    }
  }

  /**
   * {@link AuthorizeEndpointBenchmark}'s call (the server's work without HTTP) run on this thread:
   * its bytes and CPU per call, and the decision log writer's. The call is made by reflection so
   * that this class runs against the benchmark of any commit, whatever the call's return type.
   */
  private static void inProcess(boolean explain, int n) throws Exception {
    ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    AuthorizeEndpointBenchmark b = new AuthorizeEndpointBenchmark();
    b.explain = explain;
    b.setup();
    try {
      java.lang.reflect.Method call = AuthorizeEndpointBenchmark.class.getMethod("call");
      long writer = -1;
      for (long id : mx.getAllThreadIds()) {
        var info = mx.getThreadInfo(id);
        if (info != null && info.getThreadName().equals("iamlocal-decision-log")) {
          writer = id;
        }
      }
      for (int i = 0; i < n; i++) {
        call.invoke(b);
      }
      long me = Thread.currentThread().getId();
      settle(mx, writer);
      long bytes0 = mx.getThreadAllocatedBytes(me);
      long cpu0 = mx.getThreadCpuTime(me);
      long wBytes0 = mx.getThreadAllocatedBytes(writer);
      long wCpu0 = mx.getThreadCpuTime(writer);
      for (int i = 0; i < n; i++) {
        call.invoke(b);
      }
      long bytes = mx.getThreadAllocatedBytes(me) - bytes0;
      long cpu = mx.getThreadCpuTime(me) - cpu0;
      settle(mx, writer);
      long wBytes = mx.getThreadAllocatedBytes(writer) - wBytes0;
      long wCpu = mx.getThreadCpuTime(writer) - wCpu0;
      System.out.printf("in-process, explain=%s, %d calls%n", explain, n);
      System.out.printf("  %-13s %8.0f bytes/call  %7.2f us CPU/call%n", "call", (double) bytes / n, cpu / 1000.0 / n);
      System.out.printf("  %-13s %8.0f bytes/call  %7.2f us CPU/call%n", "decision-log", (double) wBytes / n,
          wCpu / 1000.0 / n);
    } finally {
      b.tearDown();
    }
  }

  /**
   * Waits until the writer thread is idle (it has written what was queued): its CPU time grows by
   * less than a millisecond in 300 ms, which is its idle polling of the queue.
   */
  private static void settle(ThreadMXBean mx, long writer) throws InterruptedException {
    long last = -1_000_000_000L;
    for (long now = mx.getThreadCpuTime(writer); now - last > 1_000_000; now = mx.getThreadCpuTime(writer)) {
      last = now;
      Thread.sleep(300);
    }
  }

  /** Thread id to {allocated bytes, CPU ns, name hash} of every live thread. */
  private static Map<Long, long[]> sample(ThreadMXBean mx) {
    long[] ids = mx.getAllThreadIds();
    long[] bytes = mx.getThreadAllocatedBytes(ids);
    long[] cpu = mx.getThreadCpuTime(ids);
    Map<Long, long[]> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.length; i++) {
      out.put(ids[i], new long[] {bytes[i], cpu[i]});
    }
    return out;
  }

  private static void report(ThreadMXBean mx, Map<Long, long[]> before, Map<Long, long[]> after, Set<Long> clients,
      long n) {
    Map<String, long[]> groups = new TreeMap<>();
    int gone = 0;
    for (Map.Entry<Long, long[]> e : after.entrySet()) {
      if (clients.contains(e.getKey())) {
        continue;
      }
      var info = mx.getThreadInfo(e.getKey());
      String name = info == null ? "?" : info.getThreadName();
      String group = name.startsWith("qtp") || name.startsWith("JettyServerThreadPool") ? "jetty"
          : name.equals("iamlocal-decision-log") ? "decision-log" : "other";
      long[] b = before.getOrDefault(e.getKey(), new long[] {0, 0});
      long[] g = groups.computeIfAbsent(group, k -> new long[2]);
      g[0] += e.getValue()[0] - b[0];
      g[1] += e.getValue()[1] - b[1];
    }
    for (Long id : before.keySet()) {
      if (!after.containsKey(id) && !clients.contains(id)) {
        gone++;
      }
    }
    long totalBytes = 0;
    long totalCpu = 0;
    System.out.printf("requests: %d (threads ended during the run, not counted: %d)%n", n, gone);
    for (Map.Entry<String, long[]> g : groups.entrySet()) {
      totalBytes += g.getValue()[0];
      totalCpu += g.getValue()[1];
      System.out.printf("  %-13s %8.0f bytes/request  %7.2f us CPU/request%n", g.getKey(),
          (double) g.getValue()[0] / n, g.getValue()[1] / 1000.0 / n);
    }
    System.out.printf("  %-13s %8.0f bytes/request  %7.2f us CPU/request%n", "total", (double) totalBytes / n,
        totalCpu / 1000.0 / n);
  }

  private static void run(int port, byte[] request, int connections, int requests) throws InterruptedException {
    run(port, request, connections, requests, new HashSet<>());
  }

  /** Sends {@code requests} in all over {@code connections} sockets; returns {requests sent}. */
  private static long[] run(int port, byte[] request, int connections, int requests, Set<Long> clients)
      throws InterruptedException {
    Thread[] threads = new Thread[connections];
    for (int t = 0; t < connections; t++) {
      int share = requests / connections + (t < requests % connections ? 1 : 0);
      threads[t] = new Thread(() -> client(port, request, share), "client-" + t);
      threads[t].start();
      clients.add(threads[t].getId());
    }
    for (Thread t : threads) {
      t.join();
    }
    return new long[] {requests};
  }

  /** One keep-alive connection sending {@code request} {@code n} times, each answer read in full (200 expected). */
  private static void client(int port, byte[] request, int n) {
    byte[] buf = new byte[64 * 1024];
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (int i = 0; i < n; i++) {
        out.write(request);
        out.flush();
        readResponse(in, buf);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one HTTP/1.1 response with a Content-Length; fails on anything but 200. */
  private static void readResponse(InputStream in, byte[] buf) throws IOException {
    int len = 0;
    int headerEnd = -1;
    while (headerEnd < 0) {
      int r = in.read(buf, len, buf.length - len);
      if (r < 0) {
        throw new IOException("connection closed");
      }
      len += r;
      for (int i = Math.max(0, len - r - 3); i + 3 < len; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
          headerEnd = i + 4;
          break;
        }
      }
    }
    String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("HTTP/1.1 200")) {
      throw new IOException("not 200: " + head + new String(buf, headerEnd, len - headerEnd, StandardCharsets.UTF_8));
    }
    int cl = head.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
    int eol = head.indexOf('\r', cl);
    int contentLength = Integer.parseInt(head.substring(cl + 15, eol).trim());
    int have = len - headerEnd;
    while (have < contentLength) {
      int r = in.read(buf, 0, Math.min(buf.length, contentLength - have));
      if (r < 0) {
        throw new IOException("connection closed in the body");
      }
      have += r;
    }
  }

  /** The signed request as bytes on the wire, the headers wrk sends (bench/authorize-ab.sh). */
  private static byte[] request(String host, String keyId, String secret, String body) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("content-type", List.of("application/json"));
    headers.put("host", List.of(host));
    headers.put("x-amz-date", List.of(amzDate));
    String payload = SigV4.hex(SigV4.sha256(bodyBytes));
    String canonical = SigV4.canonicalRequest("POST", "/v1/authorize", List.of(), headers,
        List.of("content-type", "host", "x-amz-date"), payload);
    String scope = amzDate.substring(0, 8) + "/us-east-1/iam/aws4_request";
    String signature = SigV4.signature(SigV4.signingKey(secret, amzDate.substring(0, 8), "us-east-1", "iam"),
        SigV4.stringToSign(amzDate, scope, canonical));
    String head = "POST /v1/authorize HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
        + "X-Amz-Date: " + amzDate + "\r\nAuthorization: " + SigV4.ALGORITHM + " Credential=" + keyId + "/" + scope
        + ", SignedHeaders=content-type;host;x-amz-date, Signature=" + signature + "\r\nContent-Length: "
        + bodyBytes.length + "\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[h.length + bodyBytes.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(bodyBytes, 0, out, h.length, bodyBytes.length);
    return out;
  }

  private static String seed14() {
    try (InputStream in = AuthorizeCost.class.getResourceAsStream(
        "/seed-policies/14-enforce-training-instance-type.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
