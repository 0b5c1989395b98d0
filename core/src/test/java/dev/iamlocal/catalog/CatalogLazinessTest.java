package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CatalogLazinessTest {

  @Test
  void loadingTheIndexParsesNoService() {
    ServiceCatalog fresh = ServiceCatalog.load();
    assertThat(fresh.servicePrefixes()).hasSize(457);
    assertThat(fresh.loadedServiceCount()).isZero();
  }

  @Test
  void oneLookupLoadsOneService() {
    ServiceCatalog fresh = ServiceCatalog.load();
    assertThat(fresh.action("sagemaker:CreateTrainingJob")).isPresent();
    assertThat(fresh.service("SAGEMAKER")).isPresent();
    assertThat(fresh.expand("sagemaker:*Algorithm")).hasSize(3);
    assertThat(fresh.conditionKey("sagemaker:InstanceTypes")).isPresent();
    assertThat(fresh.conditionKey("aws:SourceIp")).isPresent();
    assertThat(fresh.loadedServiceCount()).isEqualTo(1);
    assertThat(fresh.action("nosuch:Action")).isEmpty();
    assertThat(fresh.loadedServiceCount()).isEqualTo(1);
  }

  @Test
  void arnLookupLoadsOnlyServicesUsingThatArnService() {
    ServiceCatalog fresh = ServiceCatalog.load();
    fresh.resourceTypeOf("arn:aws:sagemaker:us-east-1:111122223333:training-job/j1");
    // sagemaker, plus backup whose recovery-point format has a ${Vendor} service field.
    assertThat(fresh.loadedServiceCount()).isLessThanOrEqualTo(3);
  }

  @Test
  void concurrentFirstUseLoadsOnce() throws Exception {
    ServiceCatalog fresh = ServiceCatalog.load();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ServiceDefinition>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> fresh.service("ec2").orElseThrow()));
      }
      ServiceDefinition first = futures.get(0).get();
      for (Future<ServiceDefinition> f : futures) {
        assertThat(f.get()).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fresh.loadedServiceCount()).isEqualTo(1);
  }
}
