package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.catalog.ServiceCatalog;
import org.junit.jupiter.api.Test;

/** Which verbs start loading the catalog early ({@link UsesCatalog}), and that the early load is the one shared. */
class CatalogPreloadTest {

  @Test
  void theVerbsThatReadTheCatalogSaySoAndNoValidateOrQuietTurnsItOff() {
    String[] plain = {"simulate", "--input", "f.json"};
    String[] noValidate = {"simulate", "--input", "f.json", "--no-validate"};
    // --quiet runs no validator either (NoValidateOption.validates): nothing to read ahead for
    assertThat(new SimulateCommand().usesCatalog(new String[] {"simulate", "--input", "f.json", "--quiet"})).isFalse();
    assertThat(new ExplainCommand().usesCatalog(new String[] {"explain", "-q", "--input", "f.json"})).isFalse();
    assertThat(new ValidateCommand().usesCatalog(plain)).isTrue();
    assertThat(new SimulateCommand().usesCatalog(plain)).isTrue();
    assertThat(new SimulateCommand().usesCatalog(noValidate)).isFalse();
    assertThat(new ExplainCommand().usesCatalog(noValidate)).isFalse();
    assertThat(new PolicyChecks.NoNewAccess()).isInstanceOf(UsesCatalog.class);
    assertThat(new DiffCommand()).isInstanceOf(UsesCatalog.class);
    // verbs that never read it do not load it
    assertThat(new LogCommand()).isNotInstanceOf(UsesCatalog.class);
    assertThat(new ServeCommand()).isNotInstanceOf(UsesCatalog.class);
  }

  @Test
  void thePreloadRunsOnADaemonThreadAndLeavesTheSharedCatalogLoaded() throws Exception {
    ServiceCatalog.preload();
    Thread loader = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("iamlocal-catalog-preload")).findFirst().orElse(null);
    if (loader != null) { // it may have finished already
      assertThat(loader.isDaemon()).as("the preload never keeps the JVM alive").isTrue();
      loader.join(30_000);
      assertThat(loader.isAlive()).isFalse();
    }
    assertThat(ServiceCatalog.bundled().service("sagemaker")).isPresent();
  }
}
