package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded database, one server: a second {@code iamlocal serve} on a data directory that a
 * running server owns is refused (its writes would bypass the owner's caches), while
 * {@code iamlocal log} still reads it.
 */
class DataDirOwnershipTest {

  @TempDir
  Path tmp;

  @Test
  void aSecondServerOnOneDataDirectoryIsRefusedButTheLogStillReadsIt() throws Exception {
    Path dir = tmp.resolve("data");
    try (ServeProcess first = ServeProcess.start(dir, Map.of())) {
      PrintStream err = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int status;
      try {
        status = Main.run("serve", "--data-dir", dir.toString(), "--port", "0");
      } finally {
        System.setErr(err);
      }
      assertThat(status).isEqualTo(Main.INVALID_INPUT);
      assertThat(captured.toString(StandardCharsets.UTF_8)).contains("in use by another iamlocal process")
          .contains("PostgreSQL");
      assertThat(Main.run("log", "--data-dir", dir.toString())).isEqualTo(Main.OK);
      assertThat(first.output()).noneMatch(l -> l.contains("Exception"));
    }
  }
}
