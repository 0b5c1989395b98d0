package dev.iamlocal.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledResourcesTest {

  private static final String NAME = "/dev/iamlocal/catalog/services.tsv";

  @TempDir
  Path tmp;

  private static byte[] fromClassLoader(String name) throws IOException {
    try (InputStream in = BundledResourcesTest.class.getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  private Path jar(String fileName, String entry, String content) throws IOException {
    Path jar = tmp.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  private Path dir(String dirName, String entry, String content) throws IOException {
    Path file = tmp.resolve(dirName).resolve(entry);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return tmp.resolve(dirName);
  }

  @Test
  void readsWhatTheClassLoaderReads() throws IOException {
    byte[] expected = fromClassLoader(NAME);
    assertThat(expected).isNotEmpty();
    assertThat(BundledResources.read(BundledResourcesTest.class, NAME)).isEqualTo(expected);
  }

  @Test
  void theFirstClassPathEntryHoldingTheResourceWins() throws IOException {
    String entry = "dev/iamlocal/x/r.txt";
    Path a = jar("a.jar", entry, "from a.jar");
    Path b = dir("b", entry, "from b/");
    Path c = jar("c.jar", "dev/iamlocal/x/other.txt", "other");
    Path notAZip = Files.writeString(tmp.resolve("not-a.jar"), "plain text");
    Path missing = tmp.resolve("missing.jar");
    String sep = File.pathSeparator;
    assertThat(read("/" + entry, String.join(sep, missing.toString(), notAZip.toString(), c.toString(), a.toString(),
        b.toString()))).isEqualTo("from a.jar");
    assertThat(read("/" + entry, String.join(sep, "", b.toString(), a.toString()))).isEqualTo("from b/");
  }

  @Test
  void withoutAClassPathEntryTheClassLoaderAnswers() throws IOException {
    // a class path that does not hold it (a test runner's manifest-only jar, say): asked as usual
    Path other = jar("other.jar", "dev/iamlocal/x/other.txt", "other");
    assertThat(BundledResources.read(BundledResourcesTest.class, NAME, other.toString()))
        .isEqualTo(fromClassLoader(NAME));
    assertThat(BundledResources.read(BundledResourcesTest.class, "/dev/iamlocal/no/such/resource", other.toString()))
        .isNull();
  }

  @Test
  void aDirectoryEntryIsNotAResource() throws IOException {
    String entry = "dev/iamlocal/x/r.txt";
    Path d = dir("d", entry, "file");
    assertThat(BundledResources.read(BundledResourcesTest.class, "/dev/iamlocal/x", d.toString())).isNull();
  }

  @Test
  void onlyAbsoluteNames() {
    assertThatThrownBy(() -> BundledResources.read(BundledResourcesTest.class, "dev/iamlocal/catalog/services.tsv"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String read(String name, String classPath) throws IOException {
    byte[] b = BundledResources.read(BundledResourcesTest.class, name, classPath);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
