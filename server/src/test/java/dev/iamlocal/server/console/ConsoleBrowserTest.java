package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against a real server: the journey of issue 6, with a screenshot of each page under
 * {@code target/screenshots/}. Skipped where {@code /usr/bin/chromedriver} is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {


  @TempDir static Path dir;
  @TempDir static Path profile;
  static ConsoleServer s;
  static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    s = new ConsoleServer(dir);
    driver = Chromium.start(profile);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (s != null) {
      s.close();
    }
  }

  @Test
  @Order(1)
  void signInWithTheBootstrapCredentials() throws Exception {
    driver.get(s.url("/"));
    assertThat(driver.getCurrentUrl()).endsWith("/console/signin");
    shot("01-signin");
    signIn(s.boot.rootKey().accessKeyId(), s.boot.rootKey().secret());
    assertThat(driver.findElement(By.id("whoami")).getText()).contains("root").contains(s.account());
    assertThat(driver.getPageSource()).doesNotContain(s.boot.rootKey().secret());
    shot("02-home");
  }

  @Test
  @Order(2)
  void createAUserAndAttachSeedPolicy14() throws Exception {
    driver.get(s.url("/console/users"));
    driver.findElement(By.id("userName")).sendKeys("alice");
    driver.findElement(By.id("createUser")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/users/alice?done=User%20alice%20created."));
    createUserVia("bob");

    // the seed policy goes in through the editor, as a customer managed policy
    driver.get(s.url("/console/editor"));
    WebElement text = driver.findElement(By.id("policyText"));
    setValue(text, seed("14-enforce-training-instance-type.json"));
    waitFor(() -> driver.findElement(By.id("validationStatus")).getText().contains("finding"));
    driver.findElement(By.id("newPolicyName")).sendKeys("EnforceTrainingInstanceType");
    driver.findElement(By.id("createPolicy")).click();
    waitFor(() -> driver.getCurrentUrl().contains("/console/policy?arn="));
    assertThat(driver.findElement(By.id("policyDocument")).getText()).contains("\"EnforceInstanceType\"");
    shot("03-policy");

    String arn = "arn:aws:iam::" + s.account() + ":policy/EnforceTrainingInstanceType";
    driver.get(s.url("/console/users/alice"));
    driver.findElement(By.id("policyArn")).sendKeys(arn);
    driver.findElement(By.id("attachPolicy")).click();
    waitFor(() -> driver.getCurrentUrl().contains("done="));
    assertThat(driver.findElement(By.id("attached")).getText()).contains("EnforceTrainingInstanceType").contains(arn);
    shot("04-user");
    assertThat(s.store.policies().attachedPolicies(s.account(), dev.iamlocal.store.EntityType.USER, "alice")).containsExactly(arn);

    driver.get(s.url("/console/users"));
    assertThat(driver.findElement(By.id("users")).getText()).contains("alice").contains("bob");
    shot("05-users");
  }

  @Test
  @Order(3)
  void simulateCreateTrainingJobWithAP3InstanceIsAnImplicitDenyWithTheStatementHighlighted() throws Exception {
    driver.get(s.url("/console/simulator"));
    select("simPrincipal", "user/alice");
    // the context keys the policy references are listed for the chosen principal
    WebElement key = driver.findElement(By.cssSelector("#contextKeys input[data-key='sagemaker:InstanceTypes']"));
    WebElement search = driver.findElement(By.id("actionSearch"));
    search.sendKeys("sagemaker:*Endpoint*");
    driver.findElement(By.id("actionSearchButton")).click();
    waitFor(() -> driver.findElement(By.id("actionCount")).getText().contains("match sagemaker:*Endpoint*"));
    assertThat(driver.findElements(By.cssSelector("#actionResults input[value='sagemaker:CreateEndpoint']"))).hasSize(1);
    search.clear();
    search.sendKeys("sagemaker:CreateTrainingJob");
    driver.findElement(By.id("actionSearchButton")).click();
    waitFor(() -> driver.findElement(By.id("actionCount")).getText().startsWith("1 action match"));
    driver.findElement(By.cssSelector("#actionResults label")).click();
    assertThat(driver.findElement(By.id("simActions")).getAttribute("value")).isEqualTo("sagemaker:CreateTrainingJob");
    key.sendKeys("ml.p3.2xlarge");
    driver.findElement(By.id("runSimulation")).click();
    WebElement row = driver.findElement(By.cssSelector("#simResults tbody tr"));
    assertThat(row.getAttribute("data-decision")).isEqualTo("implicitDeny");
    assertThat(row.findElement(By.className("decision")).getText()).isEqualTo("implicitDeny");
    row.click();
    WebElement mark = driver.findElement(By.cssSelector("#simPolicies mark.stmt"));
    String seed = seed("14-enforce-training-instance-type.json");
    // the highlighted text is exactly the statement object of the stored policy
    assertThat(mark.getText()).startsWith("{ \"Sid\": \"EnforceInstanceType\"").endsWith("} }")
        .isEqualTo(seed.substring(seed.indexOf("{ \"Sid\""), seed.lastIndexOf("] }")).trim());
    assertThat(driver.findElement(By.id("simExplanation")).getText()).contains("implicitDeny")
        .contains("EnforceInstanceType").contains("ml.p3.2xlarge");
    shot("06-simulator");

    // with an allowed instance type the same statement decides, and the row says allowed
    WebElement k2 = driver.findElement(By.cssSelector("#contextKeys input[data-key='sagemaker:InstanceTypes']"));
    k2.clear();
    k2.sendKeys("ml.c5.xlarge");
    driver.findElement(By.id("runSimulation")).click();
    waitFor(() -> "allowed".equals(driver.findElement(By.cssSelector("#simResults tbody tr")).getAttribute("data-decision")));
    assertThat(driver.findElement(By.cssSelector("#contextKeys select[data-type-for='sagemaker:InstanceTypes']"))
        .getAttribute("value")).isEqualTo("stringList");
    assertThat(driver.findElement(By.id("simExportCsv")).isDisplayed()).isTrue();

    // the policy left out: nothing allows the action any more
    driver.findElement(By.cssSelector("#simPolicyList input[data-policy='EnforceTrainingInstanceType']")).click();
    waitFor(() -> absent(By.cssSelector("#contextKeys input[data-key='sagemaker:InstanceTypes']")));
    driver.findElement(By.id("runSimulation")).click();
    waitFor(() -> "implicitDeny".equals(driver.findElement(By.cssSelector("#simResults tbody tr")).getAttribute("data-decision")));
    shot("06b-simulator-excluded");
  }

  @Test
  @Order(4)
  void theValidatorShowsInvalidActionForSeedPolicy11AtItsLineAndAppliesTheFix() throws Exception {
    driver.get(s.url("/console/editor"));
    setValue(driver.findElement(By.id("policyText")), seed("11-enforce-input-encryption-kms.json"));
    WebElement finding = driver.findElement(By.cssSelector("#findings li[data-code='INVALID_ACTION']"));
    assertThat(finding.getAttribute("data-line")).isEqualTo("1");
    int column = seed("11-enforce-input-encryption-kms.json").indexOf("\"sagemaker:CreateFlowDefiniton\"") + 1;
    assertThat(finding.findElement(By.className("goto")).getText()).isEqualTo("line 1, column " + column);
    assertThat(finding.getText()).contains("sagemaker:CreateFlowDefiniton").contains("CreateFlowDefinition");
    assertThat(driver.findElement(By.cssSelector("#annotated .note")).getText()).contains("INVALID_ACTION");
    shot("07-editor");
    finding.findElement(By.className("fix")).click();
    waitFor(() -> absent(By.cssSelector("#findings li[data-code='INVALID_ACTION']")));
    assertThat(driver.findElement(By.id("policyText")).getAttribute("value"))
        .contains("\"sagemaker:CreateFlowDefinition\"").doesNotContain("Definiton");
  }

  @Test
  @Order(5)
  void accessMatrixForTwoPrincipals() throws Exception {
    driver.get(s.url("/console/matrix"));
    select("matrixPrincipals", "user/alice");
    select("matrixPrincipals", "user/bob");
    driver.findElement(By.id("computeMatrix")).click();
    waitFor(() -> driver.findElement(By.id("matrixStatus")).getText().startsWith("Done"));
    WebElement table = driver.findElement(By.id("matrix"));
    List<WebElement> heads = table.findElements(By.cssSelector("thead th"));
    assertThat(heads).extracting(WebElement::getText).containsExactly("Action", "user/alice", "user/bob");
    int actions = dev.iamlocal.catalog.ServiceCatalog.bundled().expand("sagemaker:*").size();
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(actions);
    WebElement training = table.findElement(By.cssSelector("tbody tr[data-action='sagemaker:CreateTrainingJob']"));
    // without the key in the request ForAllValues holds vacuously: alice is allowed, bob has no policy
    assertThat(training.findElements(By.tagName("td"))).extracting(e -> e.getAttribute("title"))
        .containsExactly("allowed", "implicitDeny");
    WebElement filter = driver.findElement(By.id("matrixFilter"));
    filter.sendKeys("HyperParameter");
    assertThat(visibleMatrixRows()).isNotEmpty().allMatch(a -> a.contains("HyperParameter"));
    filter.clear();
    filter.sendKeys(" ");
    filter.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
    driver.findElement(By.id("matrixOnlyAllowed")).click();
    assertThat(visibleMatrixRows()).containsExactlyInAnyOrder(
        "sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob");
    shot("08-matrix");
    String csvUrl = driver.findElement(By.id("matrixCsv")).getAttribute("href");
    String csv = httpWithBrowserSession(csvUrl.substring(csvUrl.indexOf("/console/"))).body();
    assertThat(csv).startsWith("action,user/alice,user/bob\r\n")
        .contains("sagemaker:CreateTrainingJob,allowed,implicitDeny\r\n");
    assertThat(csv.split("\r\n")).hasSize(actions + 1);
  }

  @Test
  @Order(6)
  void iamBrowserPagesRender() throws Exception {
    s.store.groups().createGroup(s.account(), "scientists", "/");
    s.store.groups().addUserToGroup(s.account(), "scientists", "bob");
    s.store.roles().createRole(s.account(), "trainer", "/", null, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Principal\":{\"Service\":\"sagemaker.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}", null);
    driver.get(s.url("/console/groups"));
    assertThat(driver.findElement(By.id("groups")).getText()).contains("scientists").contains("bob")
        .contains("1 group").doesNotContain("1 groups");
    shot("09-groups");
    driver.get(s.url("/console/roles"));
    assertThat(driver.findElement(By.id("roles")).getText()).contains("trainer");
    driver.get(s.url("/console/policies"));
    driver.findElement(By.id("filter")).sendKeys("SageMakerReadOnly");
    driver.findElement(By.id("filterButton")).click();
    waitFor(() -> driver.getCurrentUrl().contains("filter=SageMakerReadOnly"));
    List<String> shown = driver.findElements(By.cssSelector("#policies tbody tr td:first-child")).stream()
        .map(WebElement::getText).toList();
    assertThat(shown).isNotEmpty().allMatch(n -> n.contains("SageMakerReadOnly")).contains("AmazonSageMakerReadOnly");
    shot("10-policies");
  }

  @Test
  @Order(7)
  void manageAGroupAnInlinePolicyAVersionAndAnAccessKey() throws Exception {
    // the group's page: attach through the picker, then the member sees it "via group"
    driver.get(s.url("/console/groups/scientists"));
    driver.findElement(By.id("pick")).sendKeys("SageMakerReadOnly");
    driver.findElement(By.id("pickButton")).click();
    WebElement row = driver.findElement(By.cssSelector("#picks tr[data-arn='arn:aws:iam::aws:policy/AmazonSageMakerReadOnly']"));
    row.findElement(By.cssSelector("button.attach")).click();
    waitFor(() -> driver.getCurrentUrl().contains("done="));
    assertThat(driver.findElement(By.id("attached")).getText()).contains("AmazonSageMakerReadOnly");
    assertThat(driver.findElement(By.id("members")).getText()).contains("bob");
    shot("13-group");
    // deleting it while bob is a member: IAM's DeleteConflict, in AWS's words
    driver.findElement(By.id("deleteGroup")).click();
    waitFor(() -> {
      driver.switchTo().alert().accept();
      return true;
    });
    waitFor(() -> driver.findElement(By.cssSelector(".panel.error h2")).getText().equals("DeleteConflict"));
    assertThat(driver.findElement(By.cssSelector(".panel.error")).getText())
        .contains("Cannot delete entity, must remove users from group first.");

    driver.get(s.url("/console/users/bob"));
    assertThat(driver.findElement(By.id("viaGroups")).getText()).contains("AmazonSageMakerReadOnly").contains("scientists");
    assertThat(driver.findElement(By.cssSelector("#summaryAllow tr[data-service='sagemaker'] td.level")).getText())
        .startsWith("Full: List");

    // an inline policy, validated live: a misspelt action is named before saving
    driver.findElement(By.id("addInline")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/users/bob/inline"));
    driver.findElement(By.id("inlineName")).sendKeys("bob-endpoints");
    setValue(driver.findElement(By.id("inlineDocument")), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"sagemaker:DescribeEndpoints\",\"Resource\":\"*\"}]}");
    waitFor(() -> !driver.findElements(By.cssSelector("#inlineFindings li[data-code='INVALID_ACTION']")).isEmpty());
    shot("14-inline");
    setValue(driver.findElement(By.id("inlineDocument")), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
        + "\"Allow\",\"Action\":\"sagemaker:DescribeEndpoint\",\"Resource\":\"*\"}]}");
    waitFor(() -> absent(By.cssSelector("#inlineFindings li[data-code='INVALID_ACTION']")));
    driver.findElement(By.id("putInline")).click();
    waitFor(() -> driver.getCurrentUrl().contains("/console/users/bob?done="));
    assertThat(driver.findElement(By.id("inline")).getText()).contains("bob-endpoints");

    // an access key: the secret is shown once
    driver.findElement(By.id("createKey")).click();
    String secret = driver.findElement(By.id("newSecret")).getText();
    String id = driver.findElement(By.id("newKeyId")).getText();
    assertThat(s.store.accessKeys().accessKey(id).orElseThrow().secret()).isEqualTo(secret);
    shot("15-user-key");
    driver.get(s.url("/console/users/bob"));
    assertThat(driver.getPageSource()).doesNotContain(secret).contains(id);
    driver.findElement(By.cssSelector("#keys tr[data-key='" + id + "'] button.delete-key")).click();
    waitFor(() -> driver.getCurrentUrl().contains("done="));
    assertThat(s.store.accessKeys().accessKey(id)).isEmpty();

    // a new version of the customer managed policy, from the editor, as the default
    String arn = "arn:aws:iam::" + s.account() + ":policy/EnforceTrainingInstanceType";
    driver.get(s.url("/console/policy?arn=" + java.net.URLEncoder.encode(arn, StandardCharsets.UTF_8)));
    driver.findElement(By.id("openEditor")).click();
    waitFor(() -> driver.getCurrentUrl().contains("/console/editor?arn="));
    WebElement text = driver.findElement(By.id("policyText"));
    setValue(text, text.getAttribute("value").replace("ml.c5.*", "ml.m5.*"));
    driver.findElement(By.id("saveVersion")).click();
    waitFor(() -> driver.getCurrentUrl().contains("/console/policy?arn=") && driver.getCurrentUrl().contains("done="));
    assertThat(driver.findElement(By.id("defaultVersion")).getText()).isEqualTo("v2");
    assertThat(driver.findElement(By.id("policyDocument")).getText()).contains("ml.m5.*");
    assertThat(driver.findElements(By.cssSelector("#versions tbody tr"))).hasSize(2);
    shot("16-policy-versions");
  }

  @Test
  @Order(8)
  void aUserWithoutListUsersSeesTheAccessDeniedPanel() throws Exception {
    var key = s.store.accessKeys().createAccessKey(s.account(), "bob");
    signOut();
    signIn(key.accessKeyId(), key.secret());
    driver.get(s.url("/console/users"));
    assertThat(absent(By.id("users"))).isTrue();
    assertThat(driver.findElement(By.className("denied-message")).getText()).isEqualTo("User: arn:aws:iam::"
        + s.account() + ":user/bob is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::"
        + s.account() + ":user/ because no identity-based policy allows the iam:ListUsers action");
    shot("11-denied");
  }

  @Test
  @Order(9)
  void signOutEndsTheSession() throws Exception {
    String cookie = driver.manage().getCookieNamed(Console.COOKIE).getValue();
    signOut();
    assertThat(driver.getCurrentUrl()).endsWith("/console/signin");
    driver.get(s.url("/console/users"));
    assertThat(driver.getCurrentUrl()).endsWith("/console/signin");
    HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url("/console/api/actions?q=sagemaker")))
            .header("Cookie", Console.COOKIE + "=" + cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  @Order(10)
  void theDecisionLogShowsBobsDenialExpandsItAndFollowsNewCalls() throws Exception {
    signIn(s.boot.rootKey().accessKeyId(), s.boot.rootKey().secret());
    driver.findElement(By.linkText("Decision log")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/decisions"));
    String bob = "arn:aws:iam::" + s.account() + ":user/bob";
    WebElement denied = driver.findElement(By.xpath("//table[@id='decisions']//tr[contains(@class,'implicitDeny')]"
        + "[td[@class='action']='iam:ListUsers']"));
    assertThat(denied.getText()).contains(bob);
    denied.findElement(By.tagName("summary")).click();
    WebElement details = denied.findElement(By.tagName("details"));
    waitFor(() -> details.getAttribute("open") != null);
    assertThat(details.getText()).contains("no identity-based policy allows the iam:ListUsers action")
        .contains("Request context").contains("aws:username").contains("bob")
        .contains("Why not, statement by statement").contains("bob-endpoints");

    // live: a call made after the page loaded appears on top within a poll or two
    var key = s.store.accessKeys().createAccessKey(s.account(), "bob");
    HttpClient other = ConsoleServer.client();
    s.post(other, "/console/signin", "application/x-www-form-urlencoded",
        ConsoleServer.form("accessKeyId", key.accessKeyId(), "secretAccessKey", key.secret()));
    assertThat(s.get(other, "/console/roles").body()).contains("AccessDenied");
    // (the root user's own console calls are logged too, as CloudTrail logs the root user's: look for bob's)
    waitFor(() -> !driver.findElements(By.xpath("//table[@id='decisions']//tr[td[@class='action']='iam:ListRoles']"
        + "[td[@class='arn']='" + bob + "']")).isEmpty());
    assertThat(driver.findElement(By.id("decisionsStatus")).getText()).contains("new decision");
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", details);
    shot("12-decisions");
  }

  @Test
  @Order(11)
  void theProvedMatrixShowsAliceTrainsOnlyOnItsInstanceFamilyAndTheEditorSaysWhatChanges() throws Exception {
    // still signed in as the root user (the decision log test's sign-in, after test 9 signed out)
    driver.get(s.url("/console/matrix"));
    select("matrixPrincipals", "user/alice");
    driver.findElement(By.id("matrixSymbolic")).click();
    driver.findElement(By.id("computeMatrix")).click();
    waitFor(() -> driver.findElement(By.id("matrixStatus")).getText().startsWith("Done"));
    WebElement training = driver.findElement(By.cssSelector("#matrix tbody tr[data-action='sagemaker:CreateTrainingJob']"));
    WebElement cell = training.findElement(By.tagName("td"));
    assertThat(cell.getText()).isEqualTo("If…");
    // test 7 saved version 2 of alice's policy (seed 14) as the default, with ml.m5.* for ml.c5.*
    assertThat(cell.getAttribute("data-condition")).contains("sagemaker:InstanceTypes ⊆ like ml.m5.*");
    cell.click();
    WebElement detail = driver.findElement(By.id("matrixDetail"));
    waitFor(detail::isDisplayed);
    assertThat(detail.getText()).contains("user/alice · sagemaker:CreateTrainingJob").contains("Allowed, e.g.")
        .contains("Denied, e.g.").contains("sagemaker:InstanceTypes");
    WebElement list = driver.findElement(By.cssSelector("#matrix tbody tr[data-action='sagemaker:ListModels'] td"));
    assertThat(list.getText()).isEqualTo("Never");
    shot("13-matrix-proved");

    // the editor compares the edited policy with the one it opened with
    driver.get(s.url("/console/editor"));
    setValue(driver.findElement(By.id("policyText")), seed("14-enforce-training-instance-type.json"));
    driver.findElement(By.id("whatChanges")).click();
    waitFor(() -> driver.findElement(By.id("changesStatus")).getText().contains("added"));
    WebElement changes = driver.findElement(By.id("changes"));
    assertThat(changes.findElement(By.cssSelector("[data-direction='added']")).getText())
        .contains("sagemaker:CreateTrainingJob").contains("Write");
    assertThat(changes.findElement(By.cssSelector("[data-direction='removed']")).getText())
        .contains("sagemaker:ListEndpoints").contains("List");
    shot("14-editor-what-changes");
  }

  // ---------------------------------------------------------------- helpers

  private static void signIn(String id, String secret) {
    driver.get(s.url("/console/signin"));
    driver.findElement(By.id("accessKeyId")).sendKeys(id);
    driver.findElement(By.id("secretAccessKey")).sendKeys(secret);
    driver.findElement(By.id("signin")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/"));
  }

  private static void signOut() {
    driver.findElement(By.id("signout")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/signin"));
  }

  private static void createUserVia(String name) {
    driver.get(s.url("/console/users"));
    driver.findElement(By.id("userName")).sendKeys(name);
    driver.findElement(By.id("createUser")).click();
    waitFor(() -> driver.getCurrentUrl().contains("/console/users/" + name));
  }

  /** The actions of the matrix rows not hidden by the filter (read in one script: 449 round trips are slow). */
  @SuppressWarnings("unchecked")
  private static List<String> visibleMatrixRows() {
    return (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from("
        + "document.querySelectorAll('#matrix tbody tr')).filter(r => !r.hidden).map(r => r.dataset.action);");
  }

  /** Whether nothing matches now (without the implicit wait, which would wait its full time for an absence). */
  private static boolean absent(By by) {
    driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    try {
      return driver.findElements(by).isEmpty();
    } finally {
      driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }
  }

  /** Selects an option (adding to a multiple select), as a user's click does, and fires {@code change}. */
  private static void select(String id, String value) {
    WebElement option = driver.findElement(By.cssSelector("#" + id + " option[value='" + value + "']"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].selected = true;"
        + "arguments[0].parentElement.closest('select').dispatchEvent(new Event('change', {bubbles: true}));", option);
  }

  /** Sets a textarea's value at once (typing a policy key by key is slow) and fires {@code input}. */
  private static void setValue(WebElement e, String value) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
        + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", e, value);
  }

  private static HttpResponse<String> httpWithBrowserSession(String path) throws Exception {
    String cookie = driver.manage().getCookieNamed(Console.COOKIE).getValue();
    return HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.url(path)))
        .header("Cookie", Console.COOKIE + "=" + cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String seed(String name) throws IOException {
    try (InputStream in = ConsoleBrowserTest.class.getResourceAsStream("/console/seed-policies/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void shot(String name) throws IOException {
    Files.write(Chromium.SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private static void waitFor(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("condition not met within 10 s; at " + driver.getCurrentUrl(), last);
  }
}
