package dev.iamlocal.server.sagemaker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iamlocal.catalog.ActionDefinition;
import dev.iamlocal.catalog.ServiceCatalog;
import dev.iamlocal.server.protocol.ApiModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The condition-key table has a source for every (action, key) pair the service reference lists
 * for SageMaker: a request member path that exists in the operation's input shape, the stored
 * resource, the member walk, or "not derivable" with a reason; none is forgotten.
 */
class SageMakerKeyTableTest {

  private static final ServiceCatalog CATALOG = ServiceCatalog.bundled();

  @Test
  void everyActionKeyPairOfTheCatalogHasASource() {
    List<String> forgotten = new ArrayList<>();
    int pairs = 0;
    for (ActionDefinition a : CATALOG.service("sagemaker").orElseThrow().actions()) {
      for (String key : CATALOG.conditionKeysFor(a)) {
        pairs++;
        SageMakerKeyTable.Source s = SageMakerKeyTable.source(a.name(), key);
        if (s == null || s.detail() == null || s.detail().isBlank()) {
          forgotten.add(a.name() + " x " + key);
          continue;
        }
        if (s.how() == SageMakerKeyTable.How.REQUEST && ApiModel.sageMaker().hasOperation(a.name())
            && !s.detail().startsWith("the operation")) {
          String input = ApiModel.sageMaker().operationInput(a.name());
          for (String path : s.detail().split("\\|")) {
            assertThat(SageMakerKeyTable.pathExists(ApiModel.sageMaker(), input, path)).as(a.name() + " " + key + " "
                + path).isTrue();
          }
        }
      }
    }
    assertThat(forgotten).isEmpty();
    assertThat(pairs).isGreaterThan(1000);
  }

  /** The catalog built in is the service reference's: the same pairs (when the reference is at hand). */
  @Test
  void theBundledCatalogHasTheServiceReferencesPairs() throws Exception {
    Path ref = Path.of("/work/shared/data/service-reference/sagemaker.json");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ref), "service reference not on this machine");
    JsonNode sr = new ObjectMapper().readTree(ref.toFile());
    Set<String> missing = new TreeSet<>();
    for (JsonNode a : sr.path("actions")) {
      ActionDefinition def = CATALOG.action("sagemaker:" + a.path("name").asText()).orElse(null);
      if (def == null) {
        missing.add(a.path("name").asText());
        continue;
      }
      Set<String> keys = CATALOG.conditionKeysFor(def);
      for (JsonNode k : a.path("conditionKeys")) {
        if (!keys.contains(k.asText())) {
          missing.add(a.path("name").asText() + " x " + k.asText());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void theStudioKeysComeFromTheirMembers() {
    assertThat(SageMakerKeyTable.source("CreateApp", "sagemaker:InstanceTypes").how())
        .isEqualTo(SageMakerKeyTable.How.WALKED);
    assertThat(SageMakerKeyTable.source("CreateSpace", "sagemaker:OwnerUserProfileArn").detail())
        .isEqualTo("OwnershipSettings.OwnerUserProfileName");
    assertThat(SageMakerKeyTable.source("CreateApp", "sagemaker:OwnerUserProfileArn").how())
        .isEqualTo(SageMakerKeyTable.How.RESOURCE);
    assertThat(SageMakerKeyTable.source("CreateSpace", "sagemaker:SpaceSharingType").detail())
        .isEqualTo("SpaceSharingSettings.SharingType");
    assertThat(SageMakerKeyTable.source("CreateDomain", "sagemaker:AppNetworkAccessType").detail())
        .isEqualTo("AppNetworkAccessType");
    assertThat(SageMakerKeyTable.source("CreateDomain", "sagemaker:ImageArns").how())
        .isEqualTo(SageMakerKeyTable.How.REQUEST);
    assertThat(SageMakerKeyTable.source("UpdateModelPackage", "sagemaker:ModelApprovalStatus").detail())
        .isEqualTo("ModelApprovalStatus");
    assertThat(SageMakerKeyTable.source("CreateModel", "sagemaker:DirectGatedModelAccess").how())
        .isEqualTo(SageMakerKeyTable.How.NOT_DERIVABLE);
    assertThat(SageMakerKeyTable.source("CreateUserProfile", "aws:RequestTag/${TagKey}").detail()).isEqualTo("Tags");
  }
}
