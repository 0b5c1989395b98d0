package dev.iamlocal.server.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.protocol.ApiModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where each condition key of each SageMaker action comes from: the table (action, key) -> source
 * that {@link #source} answers for every pair of the service reference. A source is a request
 * member path ({@code **.X} is X at any depth; lists are stepped through), the stored resource
 * (its tags, or a member of a stored space for the keys of apps), the member walk of
 * {@link SageMakerKeys} (instance types, VPC, KMS, network isolation… wherever nested), or "not
 * derivable" with the reason. {@link #fill} puts the request-path and stored-space keys into a
 * context; tags and walked keys are put by {@link SageMakerKeys}.
 */
public final class SageMakerKeyTable {

  private SageMakerKeyTable() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a key's value is found. */
  public enum How {
    /** From the request body, by {@link Source#detail} (member paths, {@code |} between alternatives). */
    REQUEST,
    /** From the stored resource the request names (tags, or a member of the stored space). */
    RESOURCE,
    /** By {@link SageMakerKeys}'s walk over every member of the given names, wherever nested. */
    WALKED,
    /** SageMaker fills it from something the request does not carry: {@link Source#detail} says what. */
    NOT_DERIVABLE
  }

  /** One cell of the table. */
  public record Source(How how, String detail) {}

  /** Reads the stored body of a resource by type and stored name, or null. */
  interface Stored {
    String body(String type, String name);
  }

  /** The request member paths per key (all actions). */
  private static final Map<String, String> PATHS = Map.ofEntries(
      Map.entry("sagemaker:AppNetworkAccessType", "AppNetworkAccessType"),
      Map.entry("sagemaker:AuthMode", "AuthMode"),
      Map.entry("sagemaker:ImageArns", "**.SageMakerImageArn"),
      Map.entry("sagemaker:ImageVersionArns", "**.SageMakerImageVersionArn"),
      Map.entry("sagemaker:StudioLifecycleConfigArns", "**.LifecycleConfigArn|**.LifecycleConfigArns"),
      Map.entry("sagemaker:DomainSharingOutputKmsKeyArn", "**.SharingSettings.S3KmsKeyId"),
      Map.entry("sagemaker:ModelApprovalStatus", "ModelApprovalStatus"),
      Map.entry("sagemaker:RemoteAccess", "SpaceSettings.RemoteAccess"),
      Map.entry("sagemaker:CustomerMetadataProperties/${MetadataKey}", "CustomerMetadataProperties"),
      Map.entry("sagemaker:CustomerMetadataPropertiesToRemove", "CustomerMetadataPropertiesToRemove"),
      Map.entry("sagemaker:ModelLifeCycle:Stage", "ModelLifeCycle.Stage"),
      Map.entry("sagemaker:ModelLifeCycle:StageStatus", "ModelLifeCycle.StageStatus"),
      Map.entry("sagemaker:FeatureGroupDisableGlueTableCreation", "OfflineStoreConfig.DisableGlueTableCreation"),
      Map.entry("sagemaker:FeatureGroupEnableOnlineStore", "OnlineStoreConfig.EnableOnlineStore"),
      Map.entry("sagemaker:FeatureGroupOfflineStoreConfig", "OfflineStoreConfig"),
      Map.entry("sagemaker:FeatureGroupOfflineStoreKmsKeyArn", "OfflineStoreConfig.S3StorageConfig.KmsKeyId"),
      Map.entry("sagemaker:FeatureGroupOfflineStoreS3Uri", "OfflineStoreConfig.S3StorageConfig.S3Uri"),
      Map.entry("sagemaker:FeatureGroupOnlineStoreKmsKeyArn", "OnlineStoreConfig.SecurityConfig.KmsKeyId"),
      Map.entry("sagemaker:ModelArn", "ProductionVariants.ModelName|Specification.ModelName|ModelName"),
      Map.entry("sagemaker:ServerlessMaxConcurrency", "**.ServerlessConfig.MaxConcurrency"),
      Map.entry("sagemaker:ServerlessMemorySize", "**.ServerlessConfig.MemorySizeInMB"),
      Map.entry("sagemaker:EnableRemoteDebug", "RemoteDebugConfig.EnableRemoteDebug"),
      Map.entry("sagemaker:KeepAlivePeriod", "ResourceConfig.KeepAlivePeriodInSeconds"),
      Map.entry("sagemaker:MinimumInstanceMetadataServiceVersion",
          "InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion"),
      Map.entry("sagemaker:NotebookInstanceLifecycleConfigArns", "LifecycleConfigName"),
      Map.entry("sagemaker:PipelineVersionId", "PipelineVersionId"),
      Map.entry("sagemaker:SearchVisibilityCondition/${FilterKey}", "VisibilityConditions"),
      Map.entry("sagemaker:SpaceSharingType", "SpaceSharingSettings.SharingType"),
      Map.entry("sagemaker:OwnerUserProfileArn", "OwnershipSettings.OwnerUserProfileName"));

  /** The member names {@link SageMakerKeys} walks per key. */
  private static final Map<String, String> WALKED = Map.ofEntries(
      Map.entry("sagemaker:InstanceTypes", "InstanceType"),
      Map.entry("sagemaker:AcceleratorTypes", "AcceleratorType|AcceleratorTypes"),
      Map.entry("sagemaker:VpcSubnets", "Subnets|SubnetId"),
      Map.entry("sagemaker:VpcSecurityGroupIds", "SecurityGroupIds"),
      Map.entry("sagemaker:NetworkIsolation", "EnableNetworkIsolation"),
      Map.entry("sagemaker:InterContainerTrafficEncryption", "EnableInterContainerTrafficEncryption"),
      Map.entry("sagemaker:VolumeKmsKeyArn", "VolumeKmsKeyId|KmsKeyId"),
      Map.entry("sagemaker:OutputKmsKeyArn", "KmsKeyId"),
      Map.entry("sagemaker:WorkteamArn", "WorkteamArn"),
      Map.entry("sagemaker:WorkteamType", "WorkteamArn"),
      Map.entry("sagemaker:DirectInternetAccess", "DirectInternetAccess"),
      Map.entry("sagemaker:RootAccess", "RootAccess"),
      Map.entry("sagemaker:MaxRuntimeInSeconds", "MaxRuntimeInSeconds"),
      Map.entry("sagemaker:FileSystemAccessMode", "FileSystemAccessMode"),
      Map.entry("sagemaker:FileSystemDirectoryPath", "DirectoryPath"),
      Map.entry("sagemaker:FileSystemId", "FileSystemId"),
      Map.entry("sagemaker:FileSystemType", "FileSystemType"));

  /** Keys whose value SageMaker takes from something no request member carries, with the reason. */
  private static final Map<String, String> NOT_DERIVABLE = Map.of(
      "sagemaker:DirectGatedModelAccess", "whether the model's access is gated is JumpStart's catalog data, not a"
          + " request member",
      "sagemaker:BearerTokenType", "the bearer token's type is the credential's, not a request member",
      "sagemaker:TargetModel", "a sagemaker-runtime (InvokeEndpoint) header, not part of this control plane",
      "sagemaker:IsUpdateRecord", "a Feature Store runtime (PutRecord) fact, not part of this control plane",
      "sagemaker:UpdatableFeatures", "a Feature Store runtime (PutRecord) fact, not part of this control plane");

  /** Keys read from the stored space an app or space request names (DomainId + SpaceName). */
  private static final Set<String> FROM_SPACE = Set.of("sagemaker:SpaceSharingType", "sagemaker:OwnerUserProfileArn");

  /** Keys read from the stored model package a request names. */
  private static final Map<String, String> FROM_PACKAGE = Map.of(
      "sagemaker:CurrentModelLifeCycleStage", "ModelLifeCycle.Stage",
      "sagemaker:CurrentModelLifeCycleStageStatus", "ModelLifeCycle.StageStatus",
      "sagemaker:CurrentCustomerMetadataProperties/${MetadataKey}", "CustomerMetadataProperties");

  /**
   * The source of {@code key} (as the catalog declares it, e.g. {@code aws:RequestTag/${TagKey}}) for
   * {@code action} (e.g. {@code CreateApp}), or null when the table has no rule for the key.
   */
  public static Source source(String action, String key) {
    ApiModel model = ApiModel.sageMaker();
    String input = model.hasOperation(action) ? model.operationInput(action) : null;
    switch (key) {
      case "aws:RequestTag/${TagKey}", "aws:TagKeys" -> {
        if (action.equals("DeleteTags") && key.equals("aws:TagKeys")) {
          return new Source(How.REQUEST, "TagKeys");
        }
        return input != null && has(model, input, "Tags") ? new Source(How.REQUEST, "Tags")
            : new Source(How.NOT_DERIVABLE, input == null ? notOperation(action) : "the request has no Tags member");
      }
      case "aws:ResourceTag/${TagKey}", "sagemaker:ResourceTag/${TagKey}", "sagemaker:ResourceTag/" -> {
        return new Source(How.RESOURCE, "the tags of the stored resource, and of its owner (domain, user profile,"
            + " space) for a child resource");
      }
      case "sagemaker:TaggingAction" -> {
        return new Source(How.REQUEST, "the operation itself (AddTags)");
      }
      default -> { }
    }
    if (NOT_DERIVABLE.containsKey(key)) {
      return new Source(How.NOT_DERIVABLE, NOT_DERIVABLE.get(key));
    }
    if (FROM_PACKAGE.containsKey(key)) {
      return new Source(How.RESOURCE, FROM_PACKAGE.get(key) + " of the stored model package the request names");
    }
    if (input == null && (PATHS.containsKey(key) || WALKED.containsKey(key) || FROM_SPACE.contains(key))) {
      return new Source(How.NOT_DERIVABLE, notOperation(action));
    }
    if (FROM_SPACE.contains(key) && !action.equals("CreateSpace")) {
      return new Source(How.RESOURCE, (key.endsWith("SharingType") ? "SpaceSharingSettings.SharingType"
          : "OwnershipSettings.OwnerUserProfileName") + " of the stored space named by DomainId and SpaceName");
    }
    if (PATHS.containsKey(key)) {
      String path = PATHS.get(key);
      List<String> found = new ArrayList<>();
      for (String p : path.split("\\|")) {
        if (pathExists(model, input, p)) {
          found.add(p);
        }
      }
      return found.isEmpty() ? new Source(How.NOT_DERIVABLE, "the request of " + action + " has no member " + path)
          : new Source(How.REQUEST, String.join("|", found));
    }
    if (WALKED.containsKey(key)) {
      String names = WALKED.get(key);
      for (String n : names.split("\\|")) {
        if (pathExists(model, input, "**." + n)) {
          return new Source(How.WALKED, names);
        }
      }
      return new Source(How.NOT_DERIVABLE, "the request of " + action + " has no member " + names);
    }
    return null;
  }

  private static String notOperation(String action) {
    return action + " is an IAM action without an operation in SageMaker's API model (console or data plane)";
  }

  private static boolean has(ApiModel model, String shape, String member) {
    return model.shape(shape).path("members").has(member);
  }

  /** Whether {@code path} names a member of the shape ({@code **.X}: X at any depth). */
  static boolean pathExists(ApiModel model, String shape, String path) {
    return exists(model, shape, List.of(path.split("\\.")), 0, new LinkedHashSet<>());
  }

  private static boolean exists(ApiModel model, String shapeName, List<String> segs, int i, Set<String> seen) {
    if (i == segs.size()) {
      return true;
    }
    JsonNode shape = model.shape(shapeName);
    String type = shape.path("type").asText();
    if (type.equals("list")) {
      return exists(model, shape.path("member").path("shape").asText(), segs, i, seen);
    }
    if (type.equals("map")) {
      return exists(model, shape.path("value").path("shape").asText(), segs, i, seen);
    }
    if (!type.equals("structure")) {
      return false;
    }
    String seg = segs.get(i);
    if (seg.equals("**")) {
      if (!seen.add(shapeName + "#" + i)) {
        return false;
      }
      if (exists(model, shapeName, segs, i + 1, seen)) {
        return true;
      }
      Iterator<JsonNode> it = shape.path("members").elements();
      while (it.hasNext()) {
        if (exists(model, it.next().path("shape").asText(), segs, i, seen)) {
          return true;
        }
      }
      return false;
    }
    JsonNode m = shape.path("members").get(seg);
    return m != null && exists(model, m.path("shape").asText(), segs, i + 1, seen);
  }

  /**
   * Puts the keys of {@code action} the table finds in the request (and in the stored space or
   * model package it names) into {@code b}; only keys the catalog documents for the action.
   *
   * @param stored the stored body of the resource the request names, or null (Create)
   */
  static void fill(String action, JsonNode req, String stored, Stored lookup, String arnBase,
      RequestContext.Builder b) {
    for (Map.Entry<String, Source> e : plan(action)) {
      String key = e.getKey();
      Source s = e.getValue();
      if (FROM_SPACE.contains(key) && s.how() == How.RESOURCE) {
        fromSpace(key, req, lookup, arnBase, b);
      } else if (FROM_PACKAGE.containsKey(key) && stored != null) {
        JsonNode body = parse(stored);
        putValues(key, FROM_PACKAGE.get(key), body, arnBase, b);
      } else if (s.how() == How.REQUEST && PATHS.containsKey(key)) {
        putValues(key, s.detail(), req, arnBase, b);
      }
    }
  }

  /** Per action, the keys {@link #fill} reads and their sources: the table's answer, computed once per action. */
  private static final java.util.concurrent.ConcurrentMap<String, List<Map.Entry<String, Source>>> PLANS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static List<Map.Entry<String, Source>> plan(String action) {
    return PLANS.computeIfAbsent(action, a -> {
      ActionDefinition def = ServiceCatalog.bundled().action(a).orElse(null);
      if (def == null) {
        return List.of();
      }
      String name = a.substring(a.indexOf(':') + 1);
      List<Map.Entry<String, Source>> out = new ArrayList<>();
      for (String key : ServiceCatalog.bundled().conditionKeysFor(def)) {
        Source s = source(name, key);
        boolean read = s != null && (s.how() == How.REQUEST && PATHS.containsKey(key)
            || s.how() == How.RESOURCE && (FROM_SPACE.contains(key) || FROM_PACKAGE.containsKey(key)));
        if (read) {
          out.add(Map.entry(key, s));
        }
      }
      return List.copyOf(out);
    });
  }

  private static void fromSpace(String key, JsonNode req, Stored lookup, String arnBase, RequestContext.Builder b) {
    String domain = req.path("DomainId").asText(null);
    String space = req.path("SpaceName").asText(null);
    if (domain == null || space == null) {
      return;
    }
    String body = lookup.body("space", domain + "/" + space);
    if (body == null) {
      return;
    }
    JsonNode s = parse(body);
    if (key.equals("sagemaker:SpaceSharingType")) {
      putValues(key, "SpaceSharingSettings.SharingType", s, arnBase, b);
    } else {
      putValues(key, "OwnershipSettings.OwnerUserProfileName", s, arnBase, b);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored body is not JSON", e);
    }
  }

  private static void putValues(String key, String paths, JsonNode req, String arnBase, RequestContext.Builder b) {
    if (key.endsWith("/${MetadataKey}") || key.endsWith("/${FilterKey}")) {
      String prefix = key.substring(0, key.indexOf("${"));
      for (String p : paths.split("\\|")) {
        for (JsonNode n : collect(req, p)) {
          if (n.isObject()) {
            n.fields().forEachRemaining(e -> b.put(prefix + e.getKey(), e.getValue().asText()));
          } else if (n.isArray()) {
            for (JsonNode x : n) {
              if (x.hasNonNull("Key")) {
                b.put(prefix + x.get("Key").asText(), x.path("Value").asText(""));
              }
            }
          }
        }
      }
      return;
    }
    List<String> values = new ArrayList<>();
    for (String p : paths.split("\\|")) {
      for (JsonNode n : collect(req, p)) {
        if (n.isArray()) {
          n.forEach(x -> {
            if (x.isValueNode()) {
              values.add(x.asText());
            }
          });
        } else if (n.isValueNode()) {
          values.add(n.asText());
        } else if (key.equals("sagemaker:FeatureGroupOfflineStoreConfig")) {
          values.add("true");
        }
      }
    }
    if (values.isEmpty()) {
      return;
    }
    List<String> out = new ArrayList<>();
    for (String v : new LinkedHashSet<>(values)) {
      out.add(switch (key) {
        case "sagemaker:OwnerUserProfileArn" -> arnBase + "user-profile/" + req.path("DomainId").asText()
            .toLowerCase(Locale.ROOT) + "/" + v.toLowerCase(Locale.ROOT);
        case "sagemaker:ModelArn" -> arnBase + "model/" + v.toLowerCase(Locale.ROOT);
        case "sagemaker:NotebookInstanceLifecycleConfigArns" -> arnBase + "notebook-instance-lifecycle-config/"
            + v.toLowerCase(Locale.ROOT);
        default -> v;
      });
    }
    boolean multi = ServiceCatalog.bundled().conditionKey(key).map(k -> k.multivalued())
        .orElse(false) || key.endsWith("Arns") || out.size() > 1;
    if (multi) {
      b.putList(key, out);
    } else {
      b.put(key, out.get(0));
    }
  }

  /** The nodes at {@code path} ({@code **.X}: X at any depth; arrays stepped through). */
  static List<JsonNode> collect(JsonNode n, String path) {
    List<JsonNode> out = new ArrayList<>();
    collect(n, path.split("\\."), 0, out);
    return out;
  }

  private static void collect(JsonNode n, String[] segs, int i, List<JsonNode> out) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return;
    }
    if (i == segs.length) {
      out.add(n);
      return;
    }
    if (n.isArray()) {
      for (JsonNode x : n) {
        collect(x, segs, i, out);
      }
      return;
    }
    if (!n.isObject()) {
      return;
    }
    if (segs[i].equals("**")) {
      collect(n, segs, i + 1, out);
      n.elements().forEachRemaining(x -> {
        if (x.isContainerNode()) {
          collect(x, segs, i, out);
        }
      });
      return;
    }
    collect(n.get(segs[i]), segs, i + 1, out);
  }
}
