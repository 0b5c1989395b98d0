package dev.iamlocal.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Console sign-in with an MFA code in a real headless Chromium, as {@link ConsoleBrowserTest} runs
 * it: password, then the code computed from the device's seed (RFC 6238, the server's {@code Totp}),
 * a wrong code refused on the same page, and a policy that allows only with MFA allowing the session.
 * Skipped where {@code /usr/bin/chromedriver} is not installed.
 */
class ConsoleMfaBrowserTest {


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
  void signInWithPasswordThenMfaCodeAndTheMfaConditionedPolicyAllows() throws Exception {
    byte[] seed = ConsoleMfaSignInTest.userWithMfa(s, "erin", "Erin-Pass-1");
    driver.get(s.url("/console/signin"));
    driver.findElement(By.id("account")).sendKeys(s.account());
    driver.findElement(By.id("userName")).sendKeys("erin");
    driver.findElement(By.id("password")).sendKeys("Erin-Pass-1");
    driver.findElement(By.id("signin-password")).click();
    waitFor(() -> !driver.findElements(By.id("mfaCode")).isEmpty());
    shot("mfa-01-code");

    String right = ConsoleMfaSignInTest.code(seed, 0);
    driver.findElement(By.id("mfaCode")).sendKeys(right.equals("000000") ? "000001" : "000000");
    driver.findElement(By.id("signin-mfa")).click();
    waitFor(() -> driver.getPageSource().contains("The MFA code is incorrect"));
    assertThat(driver.manage().getCookieNamed(Console.COOKIE)).isNull();
    shot("mfa-02-wrong");

    driver.findElement(By.id("mfaCode")).sendKeys(ConsoleMfaSignInTest.code(seed, 0));
    driver.findElement(By.id("signin-mfa")).click();
    waitFor(() -> driver.getCurrentUrl().endsWith("/console/"));
    assertThat(driver.findElement(By.id("whoami")).getText()).contains("erin");
    // the policy allows iam:ListUsers only with aws:MultiFactorAuthPresent true: this session has it
    driver.get(s.url("/console/users"));
    assertThat(driver.findElement(By.id("users")).getText()).contains("erin");
    assertThat(driver.getPageSource()).doesNotContain("not authorized to perform: iam:ListUsers");
    shot("mfa-03-users");

    // signed out and in again without the MFA step is impossible: the password alone opens nothing
    driver.manage().deleteAllCookies();
    driver.get(s.url("/console/signin"));
    driver.findElement(By.id("account")).sendKeys(s.account());
    driver.findElement(By.id("userName")).sendKeys("erin");
    driver.findElement(By.id("password")).sendKeys("Erin-Pass-1");
    driver.findElement(By.id("signin-password")).click();
    waitFor(() -> !driver.findElements(By.id("mfaCode")).isEmpty());
    driver.get(s.url("/console/users"));
    assertThat(driver.getCurrentUrl()).endsWith("/console/signin");
  }

  private static void shot(String name) throws Exception {
    Files.write(Chromium.SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  private static void waitFor(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.get())) {
          return;
        }
      } catch (RuntimeException e) {
        // the page is still loading
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("condition not met in 10 s: " + driver.getCurrentUrl());
  }
}
