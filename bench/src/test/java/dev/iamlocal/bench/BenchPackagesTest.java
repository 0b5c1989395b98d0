package dev.iamlocal.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bench module measures the server and the store from outside, through their public types:
 * none of its classes lives in {@code dev.iamlocal.server..} or {@code dev.iamlocal.store..}, where
 * package-private access would let a benchmark lean on internals (and split a package across jars).
 */
class BenchPackagesTest {

  @Test
  void everyBenchClassLivesInTheBenchPackages() throws URISyntaxException {
    // the bench module's own compiled classes only (not the server's or store's jars on the classpath)
    Path own = Path.of(Workloads.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaClasses bench = new ClassFileImporter().importPath(own);
    assertThat(bench.size()).as("classes imported from " + own).isGreaterThan(10);
    classes().should().resideInAPackage("dev.iamlocal.bench..")
        .because("bench works on the server's and store's public types, from packages of its own")
        .check(bench);
  }
}
