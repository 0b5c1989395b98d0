package dev.iamlocal.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.iamlocal.evaluation.Evaluator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's packages by concern, and the arrows between them (README, "Modules"): the wire
 * ({@code protocol}), HTTP plumbing ({@code http}) and who is calling ({@code auth}) know no
 * operation; the one authorization pipeline ({@code authz}) knows no surface that calls it; the
 * surfaces ({@code iam}, {@code sagemaker}, {@code decisionpoint}, {@code decisionlog}'s endpoint,
 * {@code console}) do not reach into each other; {@code dev.iamlocal.server} itself only wires.
 */
class PackageArchitectureTest {

  private static final String ROOT = "dev.iamlocal.server";
  private static final String PROTOCOL = ROOT + ".protocol..";
  private static final String HTTP = ROOT + ".http..";
  private static final String AUTH = ROOT + ".auth..";
  private static final String AUTHZ = ROOT + ".authz..";
  private static final String DECISIONLOG = ROOT + ".decisionlog..";
  private static final String IAM = ROOT + ".iam..";
  private static final String SAGEMAKER = ROOT + ".sagemaker..";
  private static final String DECISIONPOINT = ROOT + ".decisionpoint..";
  private static final String CONSOLE = ROOT + ".console..";
  private static final String ACCESSANALYZER = ROOT + ".accessanalyzer..";

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);
  }

  @Test
  void theImportSeesEveryPackage() {
    // a rule over an empty import passes vacuously: make sure every package was found
    assertThat(classes.stream().map(JavaClass::getPackageName).distinct())
        .contains(ROOT, ROOT + ".protocol", ROOT + ".http", ROOT + ".auth", ROOT + ".authz", ROOT + ".decisionlog",
            ROOT + ".iam", ROOT + ".sagemaker", ROOT + ".decisionpoint", ROOT + ".console",
            ROOT + ".accessanalyzer");
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching("dev.iamlocal.server.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyTheRootPackageWires() {
    noClasses().that().resideInAPackage(ROOT + ".(*)..")
        .should().dependOnClassesThat().resideInAPackage(ROOT)
        .because("dev.iamlocal.server starts and wires the server; nothing it wires depends on it")
        .check(classes);
  }

  @Test
  void theWireKnowsNoOtherPackage() {
    noClasses().that().resideInAPackage(PROTOCOL)
        .should().dependOnClassesThat().resideInAnyPackage(HTTP, AUTH, AUTHZ, DECISIONLOG, IAM, SAGEMAKER,
            DECISIONPOINT, CONSOLE, ACCESSANALYZER)
        .because("AWS's models drive the wire, whatever operation is behind it")
        .check(classes);
  }

  @Test
  void httpAndAuthenticationKnowNoOperation() {
    noClasses().that().resideInAnyPackage(HTTP, AUTH)
        .should().dependOnClassesThat().resideInAnyPackage(AUTHZ, DECISIONLOG, IAM, SAGEMAKER, DECISIONPOINT, CONSOLE)
        .check(classes);
  }

  @Test
  void thePipelineKnowsNoSurface() {
    noClasses().that().resideInAPackage(AUTHZ)
        .should().dependOnClassesThat().resideInAnyPackage(DECISIONLOG, IAM, SAGEMAKER, DECISIONPOINT, CONSOLE)
        .because("every surface hands its call to the one pipeline, which serves them all alike")
        .check(classes);
  }

  @Test
  void iamAndSageMakerAreIndependent() {
    noClasses().that().resideInAPackage(IAM)
        .should().dependOnClassesThat().resideInAnyPackage(SAGEMAKER, DECISIONPOINT, CONSOLE)
        .check(classes);
    noClasses().that().resideInAPackage(SAGEMAKER)
        .should().dependOnClassesThat().resideInAnyPackage(IAM, DECISIONPOINT, CONSOLE)
        .check(classes);
  }

  @Test
  void accessAnalyzerIsASurfaceOfItsOwn() {
    noClasses().that().resideInAPackage(ACCESSANALYZER)
        .should().dependOnClassesThat().resideInAnyPackage(IAM, SAGEMAKER, DECISIONPOINT, CONSOLE)
        .check(classes);
    noClasses().that().resideInAnyPackage(IAM, SAGEMAKER, DECISIONPOINT, CONSOLE, AUTHZ, AUTH, HTTP)
        .should().dependOnClassesThat().resideInAPackage(ACCESSANALYZER)
        .check(classes);
  }

  @Test
  void theConsoleActsThroughTheQueryApisRouterOnly() {
    noClasses().that().resideInAPackage(CONSOLE)
        .should().dependOnClassesThat().resideInAnyPackage(SAGEMAKER, DECISIONPOINT)
        .check(classes);
    // a console change is the Query API's operation, called through its router (IamApi.call), so
    // that it is authorized, checked and answered exactly as the API's; never an operation's class
    noClasses().that().resideInAPackage(CONSOLE)
        .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(IAM)
            .and(com.tngtech.archunit.base.DescribedPredicate.not(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(dev.iamlocal.server.iam.IamApi.class))))
        .check(classes);
  }

  @Test
  void onlyThePipelineCallsTheEngine() {
    noClasses().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackage(AUTHZ)
        .should().dependOnClassesThat().belongToAnyOf(Evaluator.class)
        .because("one authorization pipeline: every decision goes through AuthorizationPipeline")
        .check(classes);
  }
}
