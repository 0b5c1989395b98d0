package dev.iamlocal.server.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;

import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.request.RequestContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The condition keys SageMaker fills from a request body, found by the members that carry them
 * wherever they are nested (so that instance types of instance groups, production variants,
 * processing and transform resources all count). Only keys the catalog documents for the action
 * are kept; a member absent from the request leaves its key absent from the context.
 */
public final class SageMakerKeys {

  private SageMakerKeys() {}

  /**
   * What a request contributes to authorization.
   *
   * @param context the service keys (the same for every evaluation of the call)
   * @param fileSystems one map of the four {@code sagemaker:FileSystem*} keys per file-system data
   *     source; SageMaker authorizes each channel's file system on its own
   */
  record Extracted(RequestContext context, List<Map<String, String>> fileSystems) {}

  private static final Set<String> LIST_KEYS = Set.of("sagemaker:InstanceTypes", "sagemaker:AcceleratorTypes",
      "sagemaker:VpcSubnets", "sagemaker:VpcSecurityGroupIds");

  /** The keys of {@code body} for {@code action} (e.g. {@code sagemaker:CreateTrainingJob}); tags not included. */
  static Extracted extract(String action, JsonNode body, ServiceCatalog catalog) {
    Map<String, Set<String>> found = new LinkedHashMap<>();
    List<Map<String, String>> fileSystems = new ArrayList<>();
    walk(body, "", true, found, fileSystems);
    ActionDefinition def = catalog.action(action).orElse(null);
    RequestContext.Builder b = RequestContext.builder();
    found.forEach((key, values) -> {
      if (!supported(catalog, def, key)) {
        return;
      }
      if (LIST_KEYS.contains(key)) {
        b.putList(key, List.copyOf(values));
      } else if (values.size() == 1) {
        b.put(key, values.iterator().next());
      } else {
        // the same single-valued member given twice with different values: every value must pass
        b.putList(key, List.copyOf(values));
      }
    });
    List<Map<String, String>> fs = new ArrayList<>();
    for (Map<String, String> f : fileSystems) {
      Map<String, String> kept = new LinkedHashMap<>();
      f.forEach((k, v) -> {
        if (supported(catalog, def, k)) {
          kept.put(k, v);
        }
      });
      if (!kept.isEmpty()) {
        fs.add(kept);
      }
    }
    return new Extracted(b.build(), fs);
  }

  private static boolean supported(ServiceCatalog catalog, ActionDefinition def, String key) {
    if (def == null) {
      return false;
    }
    // sagemaker:VolumeKmsKey is the older name of sagemaker:VolumeKmsKeyArn (seed policy 11 uses it)
    String k = key.equals("sagemaker:VolumeKmsKey") ? "sagemaker:VolumeKmsKeyArn" : key;
    return catalog.supportsConditionKey(def, k);
  }

  private static void walk(JsonNode node, String parent, boolean top, Map<String, Set<String>> found,
      List<Map<String, String>> fileSystems) {
    if (node.isArray()) {
      for (JsonNode n : node) {
        walk(n, parent, false, found, fileSystems);
      }
      return;
    }
    if (!node.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      switch (name) {
        case "InstanceType" -> add(found, "sagemaker:InstanceTypes", v);
        case "AcceleratorType", "AcceleratorTypes" -> add(found, "sagemaker:AcceleratorTypes", v);
        case "Subnets", "SubnetId" -> add(found, "sagemaker:VpcSubnets", v);
        case "SecurityGroupIds" -> add(found, "sagemaker:VpcSecurityGroupIds", v);
        case "EnableNetworkIsolation" -> add(found, "sagemaker:NetworkIsolation", v);
        case "EnableInterContainerTrafficEncryption" -> add(found, "sagemaker:InterContainerTrafficEncryption", v);
        case "VolumeKmsKeyId" -> {
          add(found, "sagemaker:VolumeKmsKey", v);
          add(found, "sagemaker:VolumeKmsKeyArn", v);
        }
        case "KmsKeyId" -> {
          if (top) {
            // notebook instances and endpoint configs: the storage volume's key
            add(found, "sagemaker:VolumeKmsKey", v);
            add(found, "sagemaker:VolumeKmsKeyArn", v);
          } else if (parent.contains("Output")) {
            add(found, "sagemaker:OutputKmsKeyArn", v);
          }
        }
        case "WorkteamArn" -> {
          add(found, "sagemaker:WorkteamArn", v);
          if (v.isTextual()) {
            add(found, "sagemaker:WorkteamType", workteamType(v.asText()));
          }
        }
        case "DirectInternetAccess", "RootAccess" -> {
          if (top) {
            add(found, "sagemaker:" + name, v);
          }
        }
        case "MaxRuntimeInSeconds" -> add(found, "sagemaker:MaxRuntimeInSeconds", v);
        case "FileSystemDataSource" -> {
          if (v.isObject()) {
            Map<String, String> fs = new LinkedHashMap<>();
            put(fs, "sagemaker:FileSystemId", v.get("FileSystemId"));
            put(fs, "sagemaker:FileSystemAccessMode", v.get("FileSystemAccessMode"));
            put(fs, "sagemaker:FileSystemType", v.get("FileSystemType"));
            // The request's DirectoryPath as sent, not normalized, not expanded to its parents.
            // The seed guide's note "when a directory is allowed, all its subdirectories are
            // accessible to the training algorithm too (POSIX permissions are ignored)" is about
            // the mount at run time: a job that mounts an allowed directory reads its whole
            // subtree. It does not make SageMaker match the key by prefix: the key is a plain
            // String (service reference: "Filters access by a file system directory path
            // associated with the resource in the request"), compared by the policy's operator,
            // so seed 05's StringEquals allows exactly its two directories, and a request naming
            // a subdirectory needs StringLike ".../train/*" (SageMakerSeedPoliciesTest, seed 05).
            // Matching by prefix here would allow calls that AWS denies.
            put(fs, "sagemaker:FileSystemDirectoryPath", v.get("DirectoryPath"));
            fileSystems.add(fs);
          }
        }
        case "Tags" -> {
          if (top) {
            continue; // tags are the caller's business (aws:RequestTag/*, aws:TagKeys)
          }
        }
        default -> { }
      }
      if (v.isContainerNode() && !name.equals("FileSystemDataSource")) {
        walk(v, name, false, found, fileSystems);
      }
    }
  }

  /** public-crowd (Mechanical Turk), vendor-crowd (marketplace) or private-crowd, from the work team's ARN. */
  static String workteamType(String arn) {
    if (arn.contains(":workteam/public-crowd/")) {
      return "public-crowd";
    }
    if (arn.contains(":workteam/vendor-crowd/")) {
      return "vendor-crowd";
    }
    return "private-crowd";
  }

  private static void add(Map<String, Set<String>> found, String key, JsonNode v) {
    if (v.isArray()) {
      for (JsonNode n : v) {
        add(found, key, n);
      }
    } else if (v.isValueNode() && !v.isNull()) {
      found.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(v.asText());
    }
  }

  private static void add(Map<String, Set<String>> found, String key, String v) {
    found.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(v);
  }

  private static void put(Map<String, String> m, String key, JsonNode v) {
    if (v != null && v.isValueNode() && !v.isNull()) {
      m.put(key, v.asText());
    }
  }

  /** {@code aws:RequestTag/*} and {@code aws:TagKeys} of a Tags list ([{Key, Value}]). */
  static void putRequestTags(RequestContext.Builder b, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    tags.forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
    b.putList("aws:TagKeys", List.copyOf(tags.keySet()));
  }

  /** {@code sagemaker:ResourceTag/*} and {@code aws:ResourceTag/*} of an existing resource. */
  public static void putResourceTags(RequestContext.Builder b, Map<String, String> tags) {
    tags.forEach((k, v) -> {
      b.put("sagemaker:ResourceTag/" + k, v);
      b.put("aws:ResourceTag/" + k, v);
    });
  }

}
