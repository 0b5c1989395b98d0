package dev.iamlocal.server.console;

import static dev.iamlocal.server.console.Html.esc;

import dev.iamlocal.catalog.AccessLevel;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.catalog.ServiceDefinition;
import dev.iamlocal.policy.ConditionEntry;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.PolicyDocument;
import dev.iamlocal.policy.PolicyParser;
import dev.iamlocal.policy.PolicyString;
import dev.iamlocal.policy.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The AWS console's "Permissions summary" of a set of identity policies: one row per service and
 * effect, with the access level the allowed actions reach (Full access, or Full / Limited per level
 * of the Service Authorization Reference: List, Read, Write, Permissions management, Tagging), the
 * resources and the request conditions. Actions the catalog does not know are listed as
 * unrecognized, as the AWS console does.
 *
 * <p>A summary describes what the documents say, not what a request would get: it does not
 * evaluate conditions, and an explicit deny is listed in its own table rather than subtracted.
 */
final class PermissionsSummary {

  private static final ServiceCatalog CATALOG = ServiceCatalog.bundled();
  /** The row of a statement whose actions are every service's ({@code "*"}, {@code NotAction}). */
  static final String ALL_SERVICES = "All services";

  /** A policy that applies, by name, with its document. */
  record Source(String name, String document) {}

  /** One row: a service (or {@link #ALL_SERVICES}) under one effect. */
  record Row(Effect effect, String service, String serviceName, String accessLevel, String resources,
      String conditions, String policies) {}

  private PermissionsSummary() {}

  /** The rows of {@code sources}, allows first, services in name order; unrecognized actions last. */
  static List<Row> rows(List<Source> sources) {
    Map<String, Acc> byKey = new TreeMap<>();
    for (Source src : sources) {
      PolicyParser.Result r = PolicyParser.parseLenient(src.document() == null ? "" : src.document());
      PolicyDocument doc = r.document();
      if (doc == null) {
        continue;
      }
      for (Statement st : doc.statements()) {
        if (st.effect() == null) {
          continue;
        }
        String resources = resources(st);
        String conditions = conditions(st);
        String e = st.effect() == Effect.ALLOW ? "0" : "1";
        if (st.notAction() != null) {
          Acc a = byKey.computeIfAbsent(e + " " + ALL_SERVICES, k -> new Acc(st.effect(), ALL_SERVICES, ALL_SERVICES));
          a.except.addAll(st.notAction().strings());
          a.add(resources, conditions, src.name());
          continue;
        }
        if (st.action() == null) {
          continue;
        }
        for (String pattern : st.action().strings()) {
          if (pattern.equals("*")) {
            byKey.computeIfAbsent(e + " " + ALL_SERVICES, k -> new Acc(st.effect(), ALL_SERVICES, ALL_SERVICES))
                .add(resources, conditions, src.name());
            continue;
          }
          List<ActionDefinition> matched = pattern.contains("*") || pattern.contains("?") ? CATALOG.expand(pattern)
              : CATALOG.action(pattern).map(List::of).orElse(List.of());
          if (matched.isEmpty()) {
            Acc a = byKey.computeIfAbsent(e + "~unrecognized", k -> new Acc(st.effect(), "", "Unrecognized actions"));
            a.unknown.add(pattern);
            a.add(resources, conditions, src.name());
            continue;
          }
          for (ActionDefinition ad : matched) {
            String service = CATALOG.service(ad.prefix()).map(ServiceDefinition::name).orElse(ad.prefix());
            Acc a = byKey.computeIfAbsent(e + " " + service.toLowerCase(Locale.ROOT) + " " + ad.prefix(),
                k -> new Acc(st.effect(), ad.prefix(), service));
            a.actions.add(ad);
            a.add(resources, conditions, src.name());
          }
        }
      }
    }
    List<Row> out = new ArrayList<>();
    byKey.values().forEach(a -> out.add(a.row()));
    return out;
  }

  /** The summary as HTML: a table of allowed services, and one of explicit denies when there are any. */
  static String html(List<Source> sources, String boundary) {
    List<Row> rows = rows(sources);
    StringBuilder b = new StringBuilder();
    if (rows.isEmpty()) {
      b.append("<p id=\"summaryEmpty\">No permissions: no policy that applies allows or denies an action.</p>");
    } else {
      table(b, "summaryAllow", "Allow", rows.stream().filter(r -> r.effect() == Effect.ALLOW).toList());
      table(b, "summaryDeny", "Explicit deny", rows.stream().filter(r -> r.effect() == Effect.DENY).toList());
    }
    if (boundary != null) {
      b.append("<h3>Permissions boundary</h3><p class=\"help\">A permissions boundary is set: of the permissions above,")
          .append(" only those the boundary also allows are effective.</p>");
      List<Row> br = rows(List.of(new Source("boundary", boundary)));
      table(b, "summaryBoundary", "Allowed by the boundary", br.stream().filter(r -> r.effect() == Effect.ALLOW).toList());
    }
    return b.toString();
  }

  private static void table(StringBuilder b, String id, String caption, List<Row> rows) {
    if (rows.isEmpty()) {
      return;
    }
    b.append("<table id=\"").append(id).append("\" class=\"summary\"><caption>").append(esc(caption)).append(": ")
        .append(esc(Listing.count(rows.size(), "service", "services"))).append("</caption><thead><tr>")
        .append("<th scope=\"col\">Service</th><th scope=\"col\">Access level</th><th scope=\"col\">Resource</th>")
        .append("<th scope=\"col\">Request condition</th><th scope=\"col\">From</th></tr></thead><tbody>");
    for (Row r : rows) {
      b.append("<tr data-service=\"").append(esc(r.service())).append("\"><th scope=\"row\">").append(esc(r.serviceName()))
          .append("</th><td class=\"level\">").append(esc(r.accessLevel())).append("</td><td>").append(esc(r.resources()))
          .append("</td><td>").append(esc(r.conditions())).append("</td><td>").append(esc(r.policies()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
  }

  private static String resources(Statement st) {
    if (st.notResource() != null) {
      return "All resources except " + String.join(", ", st.notResource().strings());
    }
    if (st.resource() == null) {
      return "";
    }
    List<String> rs = st.resource().strings();
    return rs.contains("*") ? "All resources" : String.join(", ", rs);
  }

  private static String conditions(Statement st) {
    if (st.conditions().isEmpty()) {
      return "None";
    }
    List<String> out = new ArrayList<>();
    for (ConditionEntry c : st.conditions()) {
      out.add(text(c.operator()) + " " + text(c.key()) + ": " + c.values().stream().map(PermissionsSummary::text)
          .collect(Collectors.joining(", ")));
    }
    return String.join("; ", out);
  }

  private static String text(PolicyString p) {
    return p == null ? "" : p.value();
  }

  /** What the statements say about one service under one effect. */
  private static final class Acc {
    final Effect effect;
    final String prefix;
    final String name;
    final Set<ActionDefinition> actions = new LinkedHashSet<>();
    final Set<String> except = new LinkedHashSet<>();
    final Set<String> unknown = new LinkedHashSet<>();
    final Set<String> resources = new LinkedHashSet<>();
    final Set<String> conditions = new LinkedHashSet<>();
    final Set<String> policies = new LinkedHashSet<>();
    boolean all;

    Acc(Effect effect, String prefix, String name) {
      this.effect = effect;
      this.prefix = prefix;
      this.name = name;
      this.all = ALL_SERVICES.equals(name);
    }

    void add(String resource, String condition, String policy) {
      if (!resource.isEmpty()) {
        resources.add(resource);
      }
      conditions.add(condition);
      policies.add(policy);
    }

    Row row() {
      String level;
      if (all) {
        level = except.isEmpty() ? "Full access" : "Full access except: " + String.join(", ", except);
      } else if (!unknown.isEmpty()) {
        level = String.join(", ", unknown);
      } else {
        level = level(prefix, actions);
      }
      String res = resources.contains("All resources") ? "All resources" : String.join("; ", resources);
      String cond = conditions.size() == 1 ? conditions.iterator().next()
          : conditions.stream().filter(x -> !x.equals("None")).collect(Collectors.joining("; "))
              + (conditions.contains("None") ? " (and none)" : "");
      return new Row(effect, prefix, name, level, res, cond, String.join(", ", policies));
    }
  }

  /**
   * The access level of {@code actions} of one service: Full access when they are all of the
   * service's actions, else per level "Full" (every action of that level) or "Limited" (some).
   */
  static String level(String prefix, Set<ActionDefinition> actions) {
    List<ActionDefinition> every = CATALOG.service(prefix).map(ServiceDefinition::actions).orElse(List.of());
    Map<AccessLevel, int[]> counts = new EnumMap<>(AccessLevel.class);
    for (ActionDefinition a : every) {
      counts.computeIfAbsent(a.accessLevel(), k -> new int[2])[1]++;
    }
    for (ActionDefinition a : actions) {
      counts.computeIfAbsent(a.accessLevel(), k -> new int[2])[0]++;
    }
    if (!every.isEmpty() && actions.size() >= every.size()) {
      return "Full access";
    }
    List<String> full = new ArrayList<>();
    List<String> limited = new ArrayList<>();
    counts.forEach((lvl, n) -> {
      if (n[0] == 0) {
        return;
      }
      (n[0] >= n[1] ? full : limited).add(lvl.label());
    });
    StringBuilder b = new StringBuilder();
    if (!full.isEmpty()) {
      b.append("Full: ").append(String.join(", ", full));
    }
    if (!limited.isEmpty()) {
      b.append(b.isEmpty() ? "" : " ").append("Limited: ").append(String.join(", ", limited));
    }
    return b.toString();
  }
}
