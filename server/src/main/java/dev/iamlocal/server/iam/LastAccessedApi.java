package dev.iamlocal.server.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.DecisionRecord;
import dev.iamlocal.store.DecisionStore;
import dev.iamlocal.store.EntityType;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.IdentityPolicy;
import dev.iamlocal.store.LastAccessedJobs;
import dev.iamlocal.store.PolicyEntity;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.User;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Service last accessed data (IAM's access advisor) computed from iamlocal's decision log:
 * GenerateServiceLastAccessedDetails records a job for a user, group, role or managed policy;
 * GetServiceLastAccessedDetails lists every service the entity's permissions policies allow (accessed
 * or not, as AWS lists them) with the last attempt of the entity (for a group, its users; for a
 * policy, the users and roles it is attached to) to call it, up to the job's creation;
 * GetServiceLastAccessedDetailsWithEntities breaks one service down by entity;
 * ListPoliciesGrantingServiceAccess names the policies that allow each service.
 *
 * <p>An attempt is any authenticated call the log recorded, allowed or denied: AWS's definition
 * ("includes all attempts to access an AWS API, not just the successful ones"). Only permissions
 * policies decide which services are listed (AWS's rule: not boundaries, SCPs or resource policies).
 * Action-level detail is given for the services AWS tracks at action level (IAM, EC2, Lambda, S3).
 */
final class LastAccessedApi {

  /** The services whose actions AWS tracks one by one (ACTION_LEVEL reports). */
  static final Set<String> TRACKED_SERVICES = Set.of("iam", "ec2", "lambda", "s3");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiSupport s;
  private final LastAccessedJobs jobs;
  private final ServiceCatalog catalog = ServiceCatalog.bundled();

  LastAccessedApi(ApiSupport s) {
    this.s = s;
    this.jobs = new LastAccessedJobs(s.store, s.clock);
  }

  void register(Map<String, Operation> i) {
    i.put("GenerateServiceLastAccessedDetails", this::generate);
    i.put("GetServiceLastAccessedDetails", this::get);
    i.put("GetServiceLastAccessedDetailsWithEntities", this::withEntities);
    i.put("ListPoliciesGrantingServiceAccess", this::policiesGranting);
  }

  /** The entity a report is about, with the principals whose attempts count and its policies. */
  private record Subject(String arn, EntityType type, boolean policy, List<Principal> principals,
      List<IdentityPolicy> policies) {}

  /** A principal whose calls count: its ARN as reported, and the ARNs its calls are logged under. */
  private record Principal(String arn, String name, String id, String path, EntityType type) {
    boolean made(String logged) {
      if (logged.equals(arn)) {
        return true;
      }
      // a role's sessions: arn:aws:sts::<account>:assumed-role/<name>/<session>
      return type == EntityType.ROLE && logged.startsWith("arn:aws:sts::" + arn.split(":")[4] + ":assumed-role/"
          + name + "/");
    }
  }

  /** Reads the entity behind {@code arn}: NoSuchEntity when it does not exist, InvalidInput for no IAM entity. */
  private Subject subject(Ctx c, String arn) {
    String[] f = arn.split(":", 6);
    if (f.length != 6 || !f[0].equals("arn") || !f[2].equals("iam") || !f[3].isEmpty()) {
      throw AwsError.invalidInput("Invalid ARN " + arn + ".").withDetail("the ARN of a user, group, role or policy");
    }
    String resource = f[5];
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    String acct = c.acct();
    if (resource.startsWith("policy/")) {
      if (!f[4].equals("aws") && !f[4].equals(acct)) {
        throw new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found.");
      }
      String doc = s.store.policies().managedPolicyDocument(acct, arn)
          .orElseThrow(() -> new AwsError(404, "NoSuchEntity", "Policy " + arn + " was not found."));
      List<Principal> ps = new ArrayList<>();
      for (PolicyEntity e : s.store.policies().entitiesForPolicy(acct, arn)) {
        if (e.type() == EntityType.GROUP) {
          for (User u : s.store.groups().groupMembers(acct, e.name())) {
            ps.add(user(u));
          }
        } else if (e.type() == EntityType.USER) {
          ps.add(user(s.store.users().getUser(acct, e.name())));
        } else {
          ps.add(role(s.store.roles().getRole(acct, e.name())));
        }
      }
      return new Subject(arn, null, true, distinct(ps), List.of(new IdentityPolicy(name, "managed", arn, doc)));
    }
    if (!f[4].equals(acct)) {
      throw AwsError.invalidInput("Invalid ARN " + arn + ".").withDetail("the entity must be of the caller's account");
    }
    if (resource.startsWith("user/")) {
      User u = s.store.users().getUser(acct, name);
      return new Subject(u.arn(), EntityType.USER, false, List.of(user(u)), s.store.users().policiesOfUser(acct, name));
    }
    if (resource.startsWith("role/")) {
      Role r = s.store.roles().getRole(acct, name);
      return new Subject(r.arn(), EntityType.ROLE, false, List.of(role(r)), s.store.roles().policiesOfRole(acct, name));
    }
    if (resource.startsWith("group/")) {
      var g = s.store.groups().getGroup(acct, name);
      List<Principal> ps = s.store.groups().groupMembers(acct, name).stream().map(LastAccessedApi::user).toList();
      return new Subject(g.arn(), EntityType.GROUP, false, ps, s.store.groups().policiesOfGroup(acct, name));
    }
    throw AwsError.invalidInput("Invalid ARN " + arn + ".").withDetail("the ARN of a user, group, role or policy");
  }

  private static Principal user(User u) {
    return new Principal(u.arn(), u.name(), u.userId(), u.path(), EntityType.USER);
  }

  private static Principal role(Role r) {
    return new Principal(r.arn(), r.name(), r.roleId(), r.path(), EntityType.ROLE);
  }

  private static List<Principal> distinct(List<Principal> ps) {
    Map<String, Principal> out = new LinkedHashMap<>();
    ps.forEach(p -> out.putIfAbsent(p.arn(), p));
    return List.copyOf(out.values());
  }

  ObjectNode generate(OperationInput in, Ctx c) {
    String arn = in.required("Arn");
    String granularity = in.get("Granularity", "SERVICE_LEVEL");
    s.authorize(c, "iam:GenerateServiceLastAccessedDetails", arn, Map.of());
    Subject subject = subject(c, arn);
    return JsonNodes.object().put("JobId", jobs.create(c.acct(), subject.arn(), granularity).jobId());
  }

  private LastAccessedJobs.Job job(Ctx c, String jobId) {
    return jobs.job(c.acct(), jobId).orElseThrow(() -> new AwsError(404, "NoSuchEntity",
        "Job with id " + jobId + " does not exist."));
  }

  /** The services the policies allow, by prefix, with the policies that allow each. */
  private Map<String, List<IdentityPolicy>> grantedServices(List<IdentityPolicy> policies) {
    Map<String, List<IdentityPolicy>> out = new TreeMap<>();
    for (IdentityPolicy p : policies) {
      Set<String> services = new TreeSet<>();
      JsonNode doc;
      try {
        doc = JSON.readTree(p.document());
      } catch (IOException e) {
        continue; // a stored policy always parses; nothing is granted by one that does not
      }
      for (JsonNode st : each(doc.get("Statement"))) {
        if (!"Allow".equals(st.path("Effect").asText())) {
          continue;
        }
        if (st.has("NotAction")) {
          // everything but the listed actions: every service may be reached
          services.addAll(catalog.servicePrefixes());
          continue;
        }
        for (JsonNode a : each(st.get("Action"))) {
          for (ActionDefinition d : catalog.expand(a.asText())) {
            services.add(d.prefix());
          }
        }
      }
      services.forEach(svc -> out.computeIfAbsent(svc, k -> new ArrayList<>()).add(p));
    }
    return out;
  }

  private static List<JsonNode> each(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(out::add);
    } else {
      out.add(n);
    }
    return out;
  }

  /** The attempts the log recorded of the subject's principals up to {@code until}, oldest first. */
  private List<Attempt> attempts(Ctx c, Subject subject, Instant until) {
    if (s.decisions == null) {
      return List.of();
    }
    s.decisions.flush();
    DecisionStore store = s.decisions.store();
    List<Attempt> out = new ArrayList<>();
    for (DecisionRecord r : store.query(new DecisionStore.Query(c.acct(), null, null, null, null, null, 100_000))) {
      if (r.time().isAfter(until)) {
        continue;
      }
      for (Principal p : subject.principals()) {
        if (p.made(r.principal())) {
          int colon = r.action().indexOf(':');
          if (colon > 0) {
            String region = regionOf(r.resource());
            out.add(new Attempt(p, r.action().substring(0, colon).toLowerCase(Locale.ROOT),
                r.action().substring(colon + 1), r.time(), region));
          }
          break;
        }
      }
    }
    return out;
  }

  private record Attempt(Principal principal, String service, String action, Instant time, String region) {}

  /** The region of a resource ARN, or us-east-1 for a global one (IAM's, STS's, {@code *}): where IAM's endpoint is. */
  private static String regionOf(String resource) {
    String[] f = resource == null ? new String[0] : resource.split(":", 6);
    return f.length == 6 && !f[3].isEmpty() ? f[3] : "us-east-1";
  }

  private ObjectNode jobHeader(LastAccessedJobs.Job j, boolean withType) {
    ObjectNode o = JsonNodes.object().put("JobStatus", "COMPLETED");
    if (withType) {
      o.put("JobType", j.granularity());
    }
    o.set("JobCreationDate", JsonNodes.time(j.createDate()));
    o.set("JobCompletionDate", JsonNodes.time(j.createDate()));
    return o;
  }

  ObjectNode get(OperationInput in, Ctx c) {
    s.authorize(c, "iam:GetServiceLastAccessedDetails", "*", Map.of());
    LastAccessedJobs.Job j = job(c, in.required("JobId"));
    Subject subject;
    try {
      subject = subject(c, j.entityArn());
    } catch (AwsError | IamException e) {
      // the entity is gone since the job was made: AWS reports a failed job
      ObjectNode o = jobHeader(j, true).put("JobStatus", "FAILED");
      o.putArray("ServicesLastAccessed");
      o.putObject("Error").put("Message", "The entity " + j.entityArn() + " no longer exists.").put("Code", "NoSuchEntity");
      return o.put("IsTruncated", false);
    }
    Map<String, List<IdentityPolicy>> granted = grantedServices(subject.policies());
    List<Attempt> attempts = attempts(c, subject, j.createDate());
    List<ObjectNode> rows = new ArrayList<>();
    for (String svc : granted.keySet()) {
      List<Attempt> mine = attempts.stream().filter(a -> a.service().equals(svc)).toList();
      ObjectNode row = JsonNodes.object().put("ServiceName", catalog.service(svc).map(d -> d.name()).orElse(svc))
          .put("ServiceNamespace", svc);
      if (!mine.isEmpty()) {
        Attempt last = mine.get(mine.size() - 1);
        row.set("LastAuthenticated", JsonNodes.time(last.time()));
        row.put("LastAuthenticatedEntity", last.principal().arn()).put("LastAuthenticatedRegion", last.region());
        row.put("TotalAuthenticatedEntities", mine.stream().map(a -> a.principal().arn()).distinct().count());
      }
      if (j.granularity().equals("ACTION_LEVEL") && TRACKED_SERVICES.contains(svc) && !mine.isEmpty()) {
        Map<String, Attempt> byAction = new TreeMap<>();
        for (Attempt a : mine) {
          byAction.put(a.action(), a);
        }
        ArrayNode tracked = row.putArray("TrackedActionsLastAccessed");
        byAction.forEach((action, a) -> {
          ObjectNode t = tracked.addObject().put("ActionName", action).put("LastAccessedEntity", a.principal().arn());
          t.set("LastAccessedTime", JsonNodes.time(a.time()));
          t.put("LastAccessedRegion", a.region());
        });
      }
      rows.add(row);
    }
    return ApiSupport.page(rows, in).into(jobHeader(j, true), "ServicesLastAccessed", r -> r);
  }

  ObjectNode withEntities(OperationInput in, Ctx c) {
    s.authorize(c, "iam:GetServiceLastAccessedDetailsWithEntities", "*", Map.of());
    LastAccessedJobs.Job j = job(c, in.required("JobId"));
    String namespace = in.required("ServiceNamespace").toLowerCase(Locale.ROOT);
    Subject subject = subject(c, j.entityArn());
    List<Attempt> attempts = attempts(c, subject, j.createDate()).stream()
        .filter(a -> a.service().equals(namespace)).toList();
    Map<String, Instant> last = new LinkedHashMap<>();
    attempts.forEach(a -> last.merge(a.principal().arn(), a.time(), (x, y) -> x.isAfter(y) ? x : y));
    // the entities that could have used the permissions: most recent access first, then the others
    List<Principal> entities = new ArrayList<>(subject.principals());
    entities.sort(Comparator.<Principal, Instant>comparing(p -> last.getOrDefault(p.arn(), Instant.MIN)).reversed()
        .thenComparing(Principal::arn));
    ObjectNode out = jobHeader(j, false);
    return ApiSupport.page(entities, in).into(out, "EntityDetailsList", p -> {
      ObjectNode d = JsonNodes.object();
      d.putObject("EntityInfo").put("Arn", p.arn()).put("Name", p.name()).put("Type", p.type().name())
          .put("Id", p.id()).put("Path", p.path());
      if (last.containsKey(p.arn())) {
        d.set("LastAuthenticated", JsonNodes.time(last.get(p.arn())));
      }
      return d;
    });
  }

  ObjectNode policiesGranting(OperationInput in, Ctx c) {
    String arn = in.required("Arn");
    List<String> namespaces = in.strings("ServiceNamespaces");
    s.authorize(c, "iam:ListPoliciesGrantingServiceAccess", arn, Map.of());
    Subject subject = subject(c, arn);
    if (subject.policy()) {
      throw AwsError.invalidInput("Invalid ARN " + arn + ".").withDetail("the ARN of a user, group or role");
    }
    Map<String, List<IdentityPolicy>> granted = grantedServices(subject.policies());
    ObjectNode out = JsonNodes.object();
    ArrayNode entries = out.putArray("PoliciesGrantingServiceAccess");
    for (String ns : namespaces) {
      ObjectNode e = entries.addObject().put("ServiceNamespace", ns);
      ArrayNode list = e.putArray("Policies");
      for (IdentityPolicy p : granted.getOrDefault(ns.toLowerCase(Locale.ROOT), List.of())) {
        ObjectNode o = list.addObject().put("PolicyName", p.id());
        if (p.arn() != null) {
          o.put("PolicyType", "MANAGED").put("PolicyArn", p.arn());
        } else {
          o.put("PolicyType", "INLINE").put("EntityType", p.sourceType().toUpperCase(Locale.ROOT));
          Optional.ofNullable(inlineOwner(c, subject, p)).ifPresent(n -> o.put("EntityName", n));
        }
      }
    }
    return out.put("IsTruncated", false);
  }

  /** The user, group or role whose inline policy {@code p} is (a user's report also holds its groups'). */
  private String inlineOwner(Ctx c, Subject subject, IdentityPolicy p) {
    String own = subject.arn().substring(subject.arn().lastIndexOf('/') + 1);
    if (!p.sourceType().equals("group") || subject.type() == EntityType.GROUP) {
      return own;
    }
    for (var g : s.store.groups().groupsForUser(c.acct(), own)) {
      if (s.store.inlinePolicies().inlinePolicies(c.acct(), EntityType.GROUP, g.name()).stream()
          .anyMatch(ip -> ip.name().equals(p.id()) && ip.document().equals(p.document()))) {
        return g.name();
      }
    }
    return null;
  }
}
