package dev.iamlocal.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows between iamlocal's modules point one way: {@code cli} and {@code server} use
 * {@code store}, which uses {@code core}; nothing points back. The cli module's tests see every
 * module's classes, so the rules live here. Core's packages are everything under
 * {@code dev.iamlocal} that is not one of the other modules' roots.
 */
class ModuleArchitectureTest {

  private static final String STORE = "dev.iamlocal.store..";
  private static final String SERVER = "dev.iamlocal.server..";
  private static final String CLI = "dev.iamlocal.cli..";

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.iamlocal");
  }

  @Test
  void theImportSeesEveryModule() {
    // a rule over an empty import passes vacuously: make sure all four modules were found
    assertThat(classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("store", "server", "cli", "evaluation", "policy");
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses().that().resideOutsideOfPackages(STORE, SERVER, CLI)
        .should().dependOnClassesThat().resideInAnyPackage(STORE, SERVER, CLI)
        .because("core is the engine, usable without a store, a server or a command line")
        .check(classes);
  }

  @Test
  void storeDependsOnCoreOnly() {
    noClasses().that().resideInAPackage(STORE)
        .should().dependOnClassesThat().resideInAnyPackage(SERVER, CLI)
        .check(classes);
  }

  @Test
  void serverDoesNotDependOnTheCli() {
    noClasses().that().resideInAPackage(SERVER)
        .should().dependOnClassesThat().resideInAPackage(CLI)
        .check(classes);
  }

  @Test
  void coresPackagesHaveNoCycles() {
    slices().matching("dev.iamlocal.(*)..").should().beFreeOfCycles()
        .check(classes.that(JavaClass.Predicates.resideOutsideOfPackages(STORE, SERVER, CLI)));
  }
}
