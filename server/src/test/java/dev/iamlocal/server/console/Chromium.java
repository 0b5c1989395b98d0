package dev.iamlocal.server.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium for the console's browser tests; they are skipped where it is not installed. */
final class Chromium {

  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  /** Where the browser tests leave their screenshots. */
  static final Path SHOTS = Path.of("target", "screenshots");

  private Chromium() {}

  /** Skips the calling test class unless Debian's chromium and chromium-driver are installed. */
  static void assumeInstalled() {
    assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
  }

  /** A headless browser with its own profile directory {@code profile}, 1400 × 1000, waiting up to 5 s for elements. */
  static ChromeDriver start(Path profile) throws IOException {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BROWSER.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, o);
    driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    Files.createDirectories(SHOTS);
    return driver;
  }
}
