package dev.iamlocal.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary data directories benchmarks keep a store in. */
public final class TempDirs {

  private TempDirs() {}

  /** Deletes {@code dir} and everything under it (deepest first). */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
