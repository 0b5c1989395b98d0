package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Cross-references inside the bundled data resolve through the public API. */
class CatalogIntegrityTest {

  private final ServiceCatalog catalog = ServiceCatalog.bundled();

  @Test
  void everyReferencedResourceTypeAndConditionKeyResolves() {
    List<String> unresolved = new ArrayList<>();
    int resourceTypes = 0;
    int serviceKeys = 0;
    for (String prefix : catalog.servicePrefixes()) {
      ServiceDefinition s = catalog.service(prefix).orElseThrow();
      resourceTypes += s.resourceTypes().size();
      serviceKeys += s.conditionKeys().size();
      for (ActionDefinition a : s.actions()) {
        for (ActionResourceType row : a.resourceTypes()) {
          if (s.resourceType(row.name()).isEmpty()) {
            unresolved.add(a.fullName() + " resource " + row.name());
          }
        }
        for (String key : catalog.conditionKeysFor(a)) {
          if (catalog.conditionKey(key).isEmpty()) {
            unresolved.add(a.fullName() + " key " + key);
          }
        }
      }
    }
    assertThat(unresolved).isEmpty();
    assertThat(resourceTypes).isEqualTo(2335);
    assertThat(serviceKeys).isEqualTo(2578);
  }

  @Test
  void everyResourceTypeMatchesAnArnBuiltFromItsOwnFormat() {
    List<String> misses = new ArrayList<>();
    for (String prefix : catalog.servicePrefixes()) {
      for (ResourceTypeDefinition rt : catalog.service(prefix).orElseThrow().resourceTypes()) {
        String arn = rt.arnFormat().split(", (?=arn:)")[0].replaceAll("\\$\\{[^}]*}", "x1");
        if (!catalog.resourceTypesMatching(arn).contains(rt)) {
          misses.add(rt.arnFormat());
        }
      }
    }
    assertThat(misses).isEmpty();
  }

  @Test
  void managedPolicyActionsExpandExceptRetiredServicesInReadOnlyAccess() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    TreeSet<String> unmatched = new TreeSet<>();
    for (ManagedPolicy p : SageMakerManagedPolicies.all()) {
      for (JsonNode st : iterable(mapper.readTree(p.document()).get("Statement"))) {
        for (String field : List.of("Action", "NotAction")) {
          for (JsonNode pattern : iterable(st.get(field))) {
            if (catalog.expand(pattern.asText()).isEmpty()) {
              unmatched.add(p.name() + " " + pattern.asText());
            }
          }
        }
      }
    }
    assertThat(unmatched).hasSize(17).allMatch(u -> u.startsWith("ReadOnlyAccess "));
    assertThat(unmatched.stream().map(u -> u.substring(u.indexOf(' ') + 1, u.indexOf(':'))))
        .containsOnly("deepcomposer", "iot1click");
  }

  private static List<JsonNode> iterable(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(out::add);
    } else {
      out.add(node);
    }
    return out;
  }
}
