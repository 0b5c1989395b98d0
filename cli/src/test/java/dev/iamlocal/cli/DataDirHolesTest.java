package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.Bootstrap;
import dev.iamlocal.server.IamServer;
import dev.iamlocal.store.IamStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holes 8 and 15: {@code --data-dir} damaged what was already there (a shared directory's mode, the
 * user's other profiles, a symlinked credentials file), and every start printed the root secret.
 * Also: {@code log --endpoint} signs its requests (hole 1) with the data directory's profile.
 */
class DataDirHolesTest {

  @TempDir Path tmp;

  @Test
  void hole08_anExistingDirectoryKeepsItsModeAndIsWarnedAbout() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(Bootstrap.prepareDirectory(shared)).hasValueSatisfying(w -> assertThat(w).contains("writable by others"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxrwxrwx");
    // one that iamlocal creates is owner-only, and so is the database file it creates in any directory
    Path fresh = tmp.resolve("a/b/fresh");
    assertThat(Bootstrap.prepareDirectory(fresh)).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    Bootstrap.prepareDatabaseFile(shared.resolve("iamlocal.db"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("iamlocal.db"))))
        .isEqualTo("rw-------");
    // an own directory that is not writable by others: no warning
    Path mine = Files.createDirectory(tmp.resolve("mine"));
    Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Bootstrap.prepareDirectory(mine)).isEmpty();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mine))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void hole08_theCredentialsFileKeepsEveryOtherProfileAndItsSymlink() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("data"));
    Path real = Files.createDirectory(tmp.resolve("aws")).resolve("credentials");
    String before = "# my keys\n[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s3cr3t\n\n"
        + "[iamlocal]\naws_access_key_id = AKIAOLD\naws_secret_access_key = old\n\n[work]\nregion = eu-west-1\n";
    Files.writeString(real, before);
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
    Files.createSymbolicLink(dir.resolve("credentials"), real);
    Bootstrap boot;
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      boot = Bootstrap.ensure(store, dir);
    }
    assertThat(Files.isSymbolicLink(dir.resolve("credentials"))).isTrue();
    String after = Files.readString(real);
    assertThat(after).isEqualTo("# my keys\n[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s3cr3t\n\n"
        + "[iamlocal]\naws_access_key_id = " + boot.rootKey().accessKeyId() + "\naws_secret_access_key = "
        + boot.rootKey().secret() + "\nregion = us-east-1\n\n[work]\nregion = eu-west-1\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
    assertThat(Bootstrap.credentialsWarning(dir.resolve("credentials"))).isEmpty();
    // probe finding F10: a file others may read keeps its mode (it is the user's), with a warning
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
    String realPath = real.toRealPath().toString();
    assertThat(Bootstrap.credentialsWarning(dir.resolve("credentials"))).hasValueSatisfying(w -> assertThat(w)
        .contains("readable by others").contains("chmod 600 " + realPath));
    Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-------"));
    // a second start finds nothing to change and leaves the file as it is (no temporary files behind)
    long modified = Files.getLastModifiedTime(real).toMillis();
    try (IamStore store = IamStore.openSqlite(dir.resolve("iamlocal.db"))) {
      Bootstrap.ensure(store, dir);
    }
    assertThat(Files.readString(real)).isEqualTo(after);
    assertThat(Files.getLastModifiedTime(real).toMillis()).isEqualTo(modified);
    try (var files = Files.list(real.getParent())) {
      assertThat(files).containsExactly(real);
    }
  }

  @Test
  void hole15_theRootSecretIsPrintedOnlyByTheStartThatCreatesIt() throws Exception {
    Path dir = tmp.resolve("data");
    String secret;
    try (ServeProcess first = ServeProcess.start(dir, Map.of())) {
      List<String> out = awaitBanner(first);
      secret = Bootstrap_secret(dir);
      assertThat(String.join("\n", out)).contains("root secret access key  " + secret);
    }
    try (ServeProcess second = ServeProcess.start(dir, Map.of())) {
      String out = String.join("\n", awaitBanner(second));
      assertThat(out).doesNotContain(secret).contains("credentials file").contains("--show-credentials");
    }
    try (ServeProcess shown = ServeProcess.start(dir, Map.of(), "--show-credentials")) {
      assertThat(String.join("\n", awaitBanner(shown))).contains("root secret access key  " + secret);
    }
  }

  private static String Bootstrap_secret(Path dir) throws Exception {
    for (String line : Files.readAllLines(dir.resolve("credentials"), StandardCharsets.UTF_8)) {
      if (line.startsWith("aws_secret_access_key = ")) {
        return line.substring("aws_secret_access_key = ".length());
      }
    }
    throw new AssertionError("no secret in the credentials file");
  }

  /** The start banner, once printed to its last line. */
  private static List<String> awaitBanner(ServeProcess p) throws InterruptedException {
    for (int i = 0; i < 300 && p.output().stream().noneMatch(l -> l.contains("iam list-users")); i++) {
      Thread.sleep(50);
    }
    return p.output();
  }

  @Test
  void hole01_logOverTheEndpointSignsWithTheDataDirectorysProfile() throws Exception {
    Path data = tmp.resolve("data");
    Bootstrap.prepareDirectory(data);
    try (IamStore store = IamStore.openSqlite(data.resolve("iamlocal.db"));
        IamServer server = IamServer.start(store, "127.0.0.1", 0, Clock.systemUTC())) {
      Bootstrap.ensure(store, data);
      // a decision to read: the signed log request itself is one (root's, allowed)
      Cli.Result r = Cli.run("log", "--endpoint", server.endpoint(), "--data-dir", data.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
      Cli.Result again = Cli.run("log", "--endpoint", server.endpoint(), "--data-dir", data.toString());
      assertThat(again.out()).contains("iam:SimulatePrincipalPolicy");
      Cli.Result noProfile = Cli.run("log", "--endpoint", server.endpoint(), "--data-dir", data.toString(),
          "--profile", "nobody");
      assertThat(noProfile.code()).isEqualTo(Main.INVALID_INPUT);
      assertThat(noProfile.err()).contains("no credentials for the endpoint").contains("--profile");
    }
  }
}
