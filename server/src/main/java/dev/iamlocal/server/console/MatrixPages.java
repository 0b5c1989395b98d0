package dev.iamlocal.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.reasoning.SymbolicMatrix;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The access matrix: principals × the actions of a service, computed in the background (one job
 * per session) so that the page can show progress, then shown as a filterable table and as CSV.
 */
final class MatrixPages {

  /** A computation: rows fill in as principals are done. */
  private static final class Job {
    final String sessionId;
    final List<String> actions;
    final List<String> principals;
    final List<String> arns;
    /** Outcome letters per principal, or {@code !message} when the principal may not be simulated. */
    final AtomicReferenceArray<String> rows;
    final AtomicInteger done = new AtomicInteger();
    /** Proved over every request (ALWAYS / NEVER / CONDITIONAL) rather than decided for one. */
    final boolean symbolic;
    /** For a symbolic matrix, each row's conditional cells: condition and examples by action index. */
    final AtomicReferenceArray<Map<Integer, Map<String, Object>>> details;
    volatile String error;
    /** Set when the session starts another matrix: the worker stops this one at the next principal. */
    volatile boolean cancelled;
    final long started = System.nanoTime();
    volatile long elapsedMillis = -1;

    Job(String sessionId, List<String> actions, List<String> principals, List<String> arns, boolean symbolic) {
      this.symbolic = symbolic;
      this.details = new AtomicReferenceArray<>(principals.size());
      this.sessionId = sessionId;
      this.actions = actions;
      this.principals = principals;
      this.arns = arns;
      this.rows = new AtomicReferenceArray<>(principals.size());
    }
  }

  /** The most principals one matrix computes (IAM's default quotas: 5,000 users, 1,000 roles). */
  static final int MAX_PRINCIPALS = 6_000;

  private final Console c;
  private final Subjects subjects;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();
  private final SymbolicMatrix symbolic = SymbolicMatrix.bundled();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  /** One worker: matrices are computed one after another, the request threads stay free. */
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "iamlocal-console-matrix");
    t.setDaemon(true);
    return t;
  });

  MatrixPages(Console c) {
    this.c = c;
    this.subjects = new Subjects(c.store);
  }

  void install(Javalin app) {
    c.page(app, "/console/matrix", this::page);
    c.api(app, true, "/console/api/matrix", this::start);
    c.api(app, false, "/console/api/matrix/{id}", this::status);
    c.api(app, false, "/console/api/matrix/{id}/csv", this::csv);
  }

  private void page(Context ctx, Sessions.Session s) {
    StringBuilder b = new StringBuilder();
    b.append("<form id=\"matrixForm\" class=\"card\"><div class=\"row\"><label for=\"matrixService\">Service prefix</label>")
        .append("<input id=\"matrixService\" value=\"sagemaker\" required spellcheck=\"false\" size=\"16\">")
        .append("<label for=\"matrixPrincipals\">Principals (none selected: all users and roles)</label>")
        .append("<select id=\"matrixPrincipals\" multiple size=\"6\">")
        .append(new SimulatorPages(c).principalOptions(ctx, s, null))
        .append("</select></div><p class=\"help\">Each cell is the decision for the action on resource <code>*</code>")
        .append(" with the principal's identity policies and permissions boundary; request-specific condition keys are")
        .append(" absent, so statements that need them do not apply.</p>")
        .append("<label><input type=\"checkbox\" id=\"matrixSymbolic\"> Prove over every request: each cell")
        .append(" <b>always</b>, <b>never</b> or <b>conditional</b> (with the condition that decides it and an example")
        .append(" of each side), every resource and context value considered</label> ")
        .append("<button type=\"submit\" id=\"computeMatrix\">Compute</button> ")
        .append("<progress id=\"matrixProgress\" max=\"1\" value=\"0\" hidden aria-label=\"Matrix progress\"></progress>")
        .append(" <span id=\"matrixStatus\" role=\"status\" aria-live=\"polite\"></span></form>")
        .append("<div id=\"matrixError\"></div><div id=\"matrixTools\" hidden class=\"row\">")
        .append("<label for=\"matrixFilter\">Filter actions</label><input id=\"matrixFilter\" type=\"search\" spellcheck=\"false\">")
        .append("<label><input type=\"checkbox\" id=\"matrixOnlyAllowed\"> Only actions someone is allowed</label>")
        .append(" <a id=\"matrixCsv\" href=\"#\" download=\"access-matrix.csv\">Download CSV</a></div>")
        .append("<div class=\"scroll\"><table id=\"matrix\" hidden></table></div>")
        .append("<div id=\"matrixDetail\" class=\"card\" hidden aria-live=\"polite\"></div>");
    c.html(ctx, "Access matrix", s, "matrix", b.toString());
  }

  private void start(Context ctx, Sessions.Session s) throws Exception {
    JsonNode body = c.body(ctx);
    String service = body.path("service").asText("sagemaker").trim();
    if (catalog.service(service).isEmpty()) {
      throw new Console.BadInput("\"" + service + "\" is not a service prefix of the catalog.");
    }
    List<String> actions = new ArrayList<>();
    for (ActionDefinition a : catalog.expand(service + ":*")) {
      actions.add(a.fullName());
    }
    // distinct, and no more than a matrix can show: 50,000 copies of one principal queued ten
    // seconds of the worker's time from one request
    java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
    for (Iterator<JsonNode> it = body.path("principals").elements(); it.hasNext(); ) {
      distinct.add(it.next().asText());
      if (distinct.size() > MAX_PRINCIPALS) {
        throw new Console.BadInput("A matrix shows at most " + MAX_PRINCIPALS + " principals; choose fewer.");
      }
    }
    List<String> keys = new ArrayList<>(distinct);
    if (keys.isEmpty()) {
      String acct = s.accountId();
      Optional<String> denied = c.denial(ctx, s, "iam:ListUsers", "arn:aws:iam::" + acct + ":user/");
      if (denied.isEmpty()) {
        denied = c.denial(ctx, s, "iam:ListRoles", "arn:aws:iam::" + acct + ":role/");
      }
      if (denied.isPresent()) {
        c.jsonError(ctx, 403, "AccessDenied", denied.get());
        return;
      }
      c.store.users().listUsers(acct, null).stream().map(User::name).forEach(n -> keys.add("user/" + n));
      c.store.roles().listRoles(acct, null).stream().map(Role::name).forEach(n -> keys.add("role/" + n));
    }
    List<String> arns = new ArrayList<>();
    for (String k : keys) {
      arns.add(subjectArn(s, k));
    }
    boolean prove = body.path("symbolic").asBoolean(false);
    Job job = new Job(s.id(), List.copyOf(actions), List.copyOf(keys), arns, prove);
    // authorization is decided here, on the request, so the worker only evaluates
    List<Boolean> allowed = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Optional<String> denied = c.denial(ctx, s, "iam:SimulatePrincipalPolicy", arns.get(i));
      allowed.add(denied.isEmpty());
      if (denied.isPresent()) {
        job.rows.set(i, "!" + denied.get());
      }
    }
    String id = c.sessions.token().substring(0, 24);
    jobs.values().removeIf(j -> {
      if (j.sessionId.equals(s.id())) {
        j.cancelled = true;
        return true;
      }
      return false;
    });
    jobs.put(id, job);
    worker.submit(() -> {
      try {
        if (job.symbolic) {
          // every principal at once through SymbolicMatrix.rows (as the CLI), so principals that
          // share policies share their work; rows fill in as they are done
          List<Integer> index = new ArrayList<>();
          List<SymbolicMatrix.Subject> subjects = new ArrayList<>();
          for (int i = 0; i < job.principals.size(); i++) {
            if (allowed.get(i)) {
              index.add(i);
              subjects.add(AccessMatrix.subject(c.authorizer, s.accountId(), job.principals.get(i)));
            } else {
              job.done.incrementAndGet();
            }
          }
          symbolic.rows(subjects, job.actions, "*", (cells, k) -> {
            AccessMatrix.SymbolicRow row = AccessMatrix.symbolicRow(cells);
            job.details.set(index.get(k), row.details());
            job.rows.set(index.get(k), row.letters());
            job.done.incrementAndGet();
          }, () -> job.cancelled);
        } else {
          for (int i = 0; i < job.principals.size() && !job.cancelled; i++) {
            if (allowed.get(i)) {
              job.rows.set(i, AccessMatrix.row(c.authorizer, s.accountId(), job.principals.get(i), job.actions));
            }
            job.done.incrementAndGet();
          }
        }
      } catch (RuntimeException e) {
        // the exception's own message may name Java classes: the page says what happened, the log why
        org.slf4j.LoggerFactory.getLogger(MatrixPages.class).error("access matrix job failed", e);
        job.error = "The matrix could not be computed: an internal error, logged by the server.";
      } finally {
        job.elapsedMillis = (System.nanoTime() - job.started) / 1_000_000;
      }
    });
    c.jsonResult(ctx, Map.of("job", id, "total", keys.size(), "actions", actions.size()));
  }

  private String subjectArn(Sessions.Session s, String key) {
    return subjects.arnOf(s.accountId(), key);
  }

  private Optional<Job> job(Context ctx, Sessions.Session s) {
    Job j = jobs.get(ctx.pathParam("id"));
    if (j == null || !j.sessionId.equals(s.id())) {
      c.jsonError(ctx, 404, "NoSuchJob", "No matrix computation " + ctx.pathParam("id") + " in this session.");
      return Optional.empty();
    }
    return Optional.of(j);
  }

  private void status(Context ctx, Sessions.Session s) throws Exception {
    Optional<Job> maybe = job(ctx, s);
    if (maybe.isEmpty()) {
      return;
    }
    Job j = maybe.get();
    boolean finished = j.elapsedMillis >= 0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("done", j.done.get());
    m.put("total", j.principals.size());
    m.put("finished", finished);
    if (j.error != null) {
      m.put("error", j.error);
    }
    if (finished) {
      m.put("elapsedMillis", j.elapsedMillis);
      m.put("actions", j.actions);
      m.put("symbolic", j.symbolic);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < j.principals.size(); i++) {
        String r = j.rows.get(i);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("principal", j.principals.get(i));
        row.put("arn", j.arns.get(i));
        if (r != null && r.startsWith("!")) {
          row.put("denied", r.substring(1));
        } else {
          row.put("cells", r == null ? "" : r);
          if (j.details.get(i) != null) {
            row.put("details", j.details.get(i));
          }
        }
        rows.add(row);
      }
      m.put("rows", rows);
    }
    c.jsonResult(ctx, m);
  }

  private void csv(Context ctx, Sessions.Session s) {
    Optional<Job> maybe = job(ctx, s);
    if (maybe.isEmpty()) {
      return;
    }
    Job j = maybe.get();
    if (j.elapsedMillis < 0) {
      c.jsonError(ctx, 409, "NotFinished", "The matrix is still being computed.");
      return;
    }
    StringBuilder b = new StringBuilder("action");
    for (String p : j.principals) {
      b.append(',').append(csvField(p));
    }
    b.append("\r\n");
    for (int a = 0; a < j.actions.size(); a++) {
      b.append(csvField(j.actions.get(a)));
      for (int i = 0; i < j.principals.size(); i++) {
        String r = j.rows.get(i);
        String word = r == null || r.startsWith("!") || r.isEmpty() ? "notAuthorized" : AccessMatrix.word(r.charAt(a));
        if (j.symbolic && word.equals("allowed")) {
          word = "always";
        }
        Map<Integer, Map<String, Object>> d = j.details.get(i);
        if (d != null && d.containsKey(a)) {
          word = word + ": " + d.get(a).get("condition");
        }
        b.append(',').append(csvField(word));
      }
      b.append("\r\n");
    }
    ctx.header("Content-Disposition", "attachment; filename=\"access-matrix.csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(b.toString());
  }

  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
