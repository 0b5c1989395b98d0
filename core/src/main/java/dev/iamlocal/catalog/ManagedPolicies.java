package dev.iamlocal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS managed policies bundled with iamlocal (the SageMaker-related ones, {@code
 * AdministratorAccess}, {@code PowerUserAccess}, {@code ReadOnlyAccess}, {@code
 * IAMReadOnlyAccess}). Documents are read on first use. Thread-safe.
 */
public final class ManagedPolicies {

  private static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

  private record Entry(
      String name, String arn, String path, String versionId, String createDate, String updateDate,
      String file) {}

  private final Map<String, Entry> byLowerName;
  private final Map<String, ManagedPolicy> loaded = new ConcurrentHashMap<>();

  private ManagedPolicies(Map<String, Entry> byLowerName) {
    this.byLowerName = byLowerName;
  }

  private static final class Bundled {
    static final ManagedPolicies INSTANCE = load();
  }

  /** The bundled managed policies, shared by all callers. */
  public static ManagedPolicies bundled() {
    return Bundled.INSTANCE;
  }

  static ManagedPolicies load() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (JsonNode p : CatalogJson.read("managed-policies/index.json").get("policies")) {
      String arn = p.get("arn").asText();
      Entry e =
          new Entry(
              p.get("name").asText(),
              arn,
              pathOf(arn),
              p.get("versionId").asText(),
              p.get("createDate").asText(),
              p.get("updateDate").asText(),
              p.get("file").asText());
      entries.put(LoadedService.lower(e.name()), e);
    }
    return new ManagedPolicies(entries);
  }

  /** {@code /} or, for {@code arn:aws:iam::aws:policy/service-role/X}, {@code /service-role/}. */
  private static String pathOf(String arn) {
    String rest = arn.startsWith(ARN_PREFIX) ? arn.substring(ARN_PREFIX.length()) : arn;
    int slash = rest.lastIndexOf('/');
    return slash < 0 ? "/" : "/" + rest.substring(0, slash + 1);
  }

  /**
   * The policy with this ARN. The path may be omitted: {@code
   * arn:aws:iam::aws:policy/AWSQuickSightSageMakerPolicy} finds the policy whose ARN is {@code
   * arn:aws:iam::aws:policy/service-role/AWSQuickSightSageMakerPolicy}; a wrong path finds nothing.
   */
  public Optional<ManagedPolicy> byArn(String arn) {
    if (!arn.startsWith(ARN_PREFIX)) {
      return Optional.empty();
    }
    String rest = arn.substring(ARN_PREFIX.length());
    int slash = rest.lastIndexOf('/');
    String name = rest.substring(slash + 1);
    Entry e = byLowerName.get(LoadedService.lower(name));
    if (e == null || !e.name().equals(name)) {
      return Optional.empty();
    }
    if (slash >= 0 && !e.arn().equals(arn)) {
      return Optional.empty();
    }
    return Optional.of(policy(e));
  }

  /** The policy with this name (case-insensitive, as IAM names are unique regardless of case). */
  public Optional<ManagedPolicy> byName(String name) {
    return Optional.ofNullable(byLowerName.get(LoadedService.lower(name))).map(this::policy);
  }

  /** All bundled policies, in index order. */
  public List<ManagedPolicy> all() {
    List<ManagedPolicy> out = new ArrayList<>(byLowerName.size());
    byLowerName.values().forEach(e -> out.add(policy(e)));
    return List.copyOf(out);
  }

  private ManagedPolicy policy(Entry e) {
    return loaded.computeIfAbsent(
        e.name(),
        n ->
            new ManagedPolicy(
                e.name(),
                e.arn(),
                e.path(),
                e.versionId(),
                e.createDate(),
                e.updateDate(),
                CatalogJson.readText("managed-policies/" + e.file())));
  }
}
