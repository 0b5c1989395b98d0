package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regenerates the bundled catalog from the shared source data, when that is on this machine, and
 * checks that the committed resources are what the generator produces.
 */
class CatalogResourcesUpToDateTest {

  private static Path repoRoot() {
    String root = System.getProperty("iamlocal.repo.root");
    return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
  }

  private static Optional<Path> sourceData() {
    return Stream.of(
            System.getProperty("iamlocal.catalog.data"),
            "/work/shared/data",
            repoRoot().resolve("../shared/data").toString())
        .filter(p -> p != null && Files.isRegularFile(Path.of(p, "service-index.json")))
        .map(Path::of)
        .findFirst();
  }

  @Test
  void committedResourcesMatchTheGenerator(@TempDir Path tmp) throws IOException {
    Optional<Path> data = sourceData();
    assumeTrue(data.isPresent(), "catalog source data not on this machine");
    Path committed = repoRoot().resolve("core/src/main/resources/dev/iamlocal/catalog");

    new CatalogGenerator(data.get(), tmp).generate();

    List<String> expected = files(tmp);
    assertThat(files(committed)).containsExactlyElementsOf(expected);
    for (String f : expected) {
      assertThat(Files.readAllBytes(committed.resolve(f)))
          .as("%s is stale; rerun CatalogGenerator", f)
          .isEqualTo(Files.readAllBytes(tmp.resolve(f)));
    }
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
