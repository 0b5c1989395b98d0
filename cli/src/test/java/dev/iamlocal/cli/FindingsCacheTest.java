package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator's findings kept between runs of simulate and explain ({@link FindingsCache}): a later run prints
 * what the first printed without validating again, and nothing but this build's own, intact, private file is ever
 * read.
 */
class FindingsCacheTest {

  @TempDir
  Path dir;

  private static final String TYPO = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
      + " \"Action\": \"sagemaker:CreateTrainingJobs\", \"Resource\": \"*\"}]}";

  private Path scenarios() {
    String scenario = "{\"name\": \"train\", \"identityPolicies\": [{\"name\": \"Training\", \"policy\": " + TYPO + "}],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/alice\", \"action\": \"sagemaker:CreateTrainingJob\"}";
    return Cli.write(dir, "typo.json", "[" + scenario + "]\n");
  }

  /** Runs the CLI in-process with findings kept in {@code cache} for the build named {@code build}. */
  private static <T> T withCache(Path cache, String build, Supplier<T> run) {
    System.setProperty("iamlocal.cache.dir", cache.toString());
    System.setProperty("iamlocal.cache.build", build);
    try {
      return run.get();
    } finally {
      System.clearProperty("iamlocal.cache.dir");
      System.clearProperty("iamlocal.cache.build");
    }
  }

  private static FindingsCache cacheOf(Path cache, String build) {
    return withCache(cache, build, () -> FindingsCache.open(Map.of()));
  }

  @Test
  void aLaterRunPrintsWhatTheFirstPrintedFromTheKeptFindings() throws IOException {
    Path cache = dir.resolve("cache");
    Path f = scenarios();
    Cli.Result first = withCache(cache, "b1", () -> Cli.run("simulate", "--input", f.toString()));
    assertThat(first.err()).contains("INVALID_ACTION");
    FindingsCache kept = cacheOf(cache, "b1");
    assertThat(kept.file()).isRegularFile();
    assertThat(kept.size()).isEqualTo(1);
    assertThat(kept.get(PolicyKind.IDENTITY, TYPO)).singleElement()
        .satisfies(i -> assertThat(i.code()).isEqualTo("INVALID_ACTION"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");

    Cli.Result second = withCache(cache, "b1", () -> Cli.run("simulate", "--input", f.toString()));
    assertThat(second.err()).isEqualTo(first.err());
    Cli.Result explained = withCache(cache, "b1", () -> Cli.run("explain", "--input", f.toString()));
    assertThat(explained.err()).contains(f + ":1:").contains("INVALID_ACTION");

    // the second run read the file: what the file says is what is printed (here, a finding put there by hand)
    kept.put(PolicyKind.IDENTITY, TYPO, List.of(new FindingsCache.Item(Severity.WARNING, "KEPT_FINDING", "from the file",
        "", 1, 1)));
    kept.save();
    Cli.Result fromFile = withCache(cache, "b1", () -> Cli.run("simulate", "--input", f.toString()));
    assertThat(fromFile.err()).contains("warning KEPT_FINDING: from the file").doesNotContain("INVALID_ACTION");
  }

  @Test
  void anotherBuildsFindingsAreNeverRead() throws IOException {
    Path cache = dir.resolve("cache");
    FindingsCache old = cacheOf(cache, "old build");
    old.put(PolicyKind.IDENTITY, TYPO, List.of(new FindingsCache.Item(Severity.WARNING, "OLD", "old", "", 1, 1)));
    old.save();
    Path f = scenarios();
    Cli.Result r = withCache(cache, "new build", () -> Cli.run("simulate", "--input", f.toString()));
    assertThat(r.err()).contains("INVALID_ACTION").doesNotContain("OLD");
    // even when the file names collide, the build written in it is compared
    FindingsCache written = new FindingsCache(cache, "old build");
    written.put(PolicyKind.IDENTITY, TYPO, List.of());
    written.save();
    FindingsCache other = new FindingsCache(cache, "old build, another");
    Files.copy(written.file(), other.file());
    assertThat(new FindingsCache(cache, "old build").get(PolicyKind.IDENTITY, TYPO)).isEmpty();
    assertThat(other.get(PolicyKind.IDENTITY, TYPO)).isNull();
  }

  @Test
  void aCorruptOrTruncatedFileIsIgnoredAndWrittenAgain() throws IOException {
    Path cache = dir.resolve("cache");
    Path f = scenarios();
    String expected = withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString())).err();
    Path file = cacheOf(cache, "b").file();
    byte[] good = Files.readAllBytes(file);
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[0]);
    bad.add(java.util.Arrays.copyOf(good, good.length / 2));
    byte[] flipped = good.clone();
    flipped[flipped.length - 12] ^= 0x7f; // a line or column number, or the last length
    bad.add(flipped);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
    bad.add(trailing);
    bad.add("not a cache at all\n".getBytes(StandardCharsets.UTF_8));
    byte[] huge = good.clone();
    huge[huge.length - 40] = (byte) 0x7f; // a length field made enormous, or text bytes changed
    bad.add(huge);
    for (byte[] b : bad) {
      Files.write(file, b);
      Cli.Result r = withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString()));
      assertThat(r.code()).isZero();
      assertThat(r.err()).contains("INVALID_ACTION");
    }
    Files.write(file, good);
    assertThat(withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString())).err()).isEqualTo(expected);
  }

  @Test
  void aDirectoryOthersMayWriteToOrALinkedFileIsNotUsed() throws IOException {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path cache = dir.resolve("cache");
    FindingsCache planted = cacheOf(cache, "b");
    planted.put(PolicyKind.IDENTITY, TYPO, List.of(new FindingsCache.Item(Severity.WARNING, "PLANTED", "x", "", 1, 1)));
    planted.save();
    Path f = scenarios();
    assertThat(withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString())).err()).contains("PLANTED");

    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString())).err())
        .contains("INVALID_ACTION").doesNotContain("PLANTED");
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));

    // the file a link to one elsewhere
    Path file = planted.file();
    Path elsewhere = dir.resolve("elsewhere.bin");
    Files.move(file, elsewhere);
    Files.createSymbolicLink(file, elsewhere);
    assertThat(withCache(cache, "b", () -> Cli.run("simulate", "--input", f.toString())).err())
        .contains("INVALID_ACTION").doesNotContain("PLANTED");

    // the directory itself a link
    Path linkDir = dir.resolve("linked");
    Files.createSymbolicLink(linkDir, cache);
    assertThat(new FindingsCache(linkDir, "b").get(PolicyKind.IDENTITY, TYPO)).isNull();
  }

  @Test
  void turnedOffOrWithoutAJarNothingIsKept() {
    assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE", "off"))).isNull();
    assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE", "0"))).isNull();
    assertThat(withCache(dir, "b", () -> FindingsCache.open(Map.of("IAMLOCAL_CACHE", "false")))).isNull();
    // the property first: the archive's training run keeps findings whatever the launcher's environment says
    System.setProperty("iamlocal.cache", "on");
    try {
      assertThat(withCache(dir, "b", () -> FindingsCache.open(Map.of("IAMLOCAL_CACHE", "off")))).isNotNull();
    } finally {
      System.clearProperty("iamlocal.cache");
    }
    // the tests run from class directories: without a build named, no cache
    assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE_DIR", dir.toString()))).isNull();
    assertThat(withCache(dir, "b", () -> FindingsCache.open(Map.of()))).isNotNull();
    // the directory from the environment, when no property names one
    System.setProperty("iamlocal.cache.build", "b");
    try {
      assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE_DIR", dir.toString())).file().getParent()).isEqualTo(dir);
      assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE_DIR", ""))).isNull();
      assertThat(FindingsCache.open(Map.of("HOME", dir.toString())).file().getParent())
          .as("$HOME, not the password file's home").isEqualTo(dir.resolve(".cache/iamlocal"));
      assertThat(FindingsCache.open(Map.of("XDG_CACHE_HOME", dir.toString())).file().getParent())
          .isEqualTo(dir.resolve("iamlocal"));
    } finally {
      System.clearProperty("iamlocal.cache.build");
    }
  }

  @Test
  void boundedToTheNewestPoliciesAndToShortOnes() {
    Path cache = dir.resolve("cache");
    FindingsCache c = new FindingsCache(cache, "b");
    List<FindingsCache.Item> none = List.of();
    for (int i = 0; i < FindingsCache.MAX_ENTRIES + 10; i++) {
      c.put(PolicyKind.IDENTITY, "policy " + i, none);
    }
    c.put(PolicyKind.IDENTITY, "x".repeat(FindingsCache.MAX_TEXT + 1), none);
    c.save();
    FindingsCache read = new FindingsCache(cache, "b");
    assertThat(read.size()).isEqualTo(FindingsCache.MAX_ENTRIES);
    assertThat(read.get(PolicyKind.IDENTITY, "policy 9")).isNull();
    assertThat(read.get(PolicyKind.IDENTITY, "policy 10")).isEmpty();
    assertThat(read.get(PolicyKind.IDENTITY, "policy " + (FindingsCache.MAX_ENTRIES + 9))).isEmpty();
    assertThat(read.get(PolicyKind.TRUST, "policy 10")).as("another kind of policy").isNull();
    assertThat(read.get(PolicyKind.IDENTITY, "x".repeat(FindingsCache.MAX_TEXT + 1))).isNull();
  }

  /**
   * A cache directory that cannot be named as a path here (a name the file-name encoding cannot hold, such as a
   * non-ASCII $XDG_CACHE_HOME under LANG=C, made an InvalidPathException out of simulate; NUL stands for it on any
   * platform) means no kept findings, never a failed run.
   */
  @Test
  void aDirectoryNoPathCanNameKeepsNothingAndFailsNothing() {
    System.setProperty("iamlocal.cache.build", "b");
    try {
      assertThat(FindingsCache.open(Map.of("XDG_CACHE_HOME", "/tmp/x\0y"))).isNull();
      assertThat(FindingsCache.open(Map.of("IAMLOCAL_CACHE_DIR", "/tmp/x\0y"))).isNull();
    } finally {
      System.clearProperty("iamlocal.cache.build");
    }
    Path f = scenarios();
    System.setProperty("iamlocal.cache.dir", "/tmp/x\0y");
    System.setProperty("iamlocal.cache.build", "b");
    Cli.Result r;
    try {
      r = Cli.run("simulate", "--input", f.toString());
    } finally {
      System.clearProperty("iamlocal.cache.dir");
      System.clearProperty("iamlocal.cache.build");
    }
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("INVALID_ACTION").doesNotContain("Exception");
  }

  /**
   * Clearing out other builds' files removes only files this class writes: the directory may be one the user keeps
   * other files in (IAMLOCAL_CACHE_DIR=~/audits), and a "findings-2024.md" there is theirs, however old.
   */
  @Test
  void clearingOutOldFilesRemovesOnlyTheCachesOwn() throws IOException {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    FindingsCache other = new FindingsCache(cache, "another build");
    other.put(PolicyKind.IDENTITY, TYPO, List.of());
    other.save();
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
        java.time.Instant.now().minus(FindingsCache.STALE).minus(java.time.Duration.ofDays(1)));
    List<Path> theirs = List.of(Files.writeString(cache.resolve("findings-2024-audit.md"), "notes"),
        Files.writeString(cache.resolve("findings-cafe.bin"), "not a cache file"),
        Files.writeString(cache.resolve("findings-q1.tmp"), "x"));
    Path diedTmp = Files.writeString(cache.resolve("findings-12345-1f2e3d.tmp"), "half");
    for (Path p : List.of(theirs.get(0), theirs.get(1), theirs.get(2), diedTmp, other.file())) {
      Files.setLastModifiedTime(p, old);
    }
    FindingsCache c = new FindingsCache(cache, "b");
    c.put(PolicyKind.IDENTITY, TYPO, List.of());
    c.save();
    assertThat(c.file()).isRegularFile();
    assertThat(other.file()).as("another build's old file").doesNotExist();
    assertThat(diedTmp).as("an old temporary file").doesNotExist();
    for (Path p : theirs) {
      assertThat(p).as("the user's " + p.getFileName()).exists();
    }
  }

  /**
   * A text that UTF-8 cannot hold as it is (an unpaired surrogate, which a JSON string's escape can make) is not
   * kept: written, it would come back with "?" in its place, and the policy that has a "?" there would be given its
   * findings.
   */
  @Test
  void aTextThatWouldNotComeBackAsItselfIsNotKept() {
    Path cache = dir.resolve("cache");
    FindingsCache c = new FindingsCache(cache, "b");
    List<FindingsCache.Item> found = List.of(new FindingsCache.Item(Severity.ERROR, "X", "m", "", 1, 1));
    c.put(PolicyKind.IDENTITY, "{\"Action\": \"s3:Get\uD800\"}", found);
    c.put(PolicyKind.IDENTITY, "{\"Action\": \"s3:List\"}",
        List.of(new FindingsCache.Item(Severity.ERROR, "X", "about \uDC00", "", 1, 1)));
    c.put(PolicyKind.IDENTITY, "{\"Action\": \"s3:Put\uD83D\uDE00\"}", found);
    c.save();
    FindingsCache read = new FindingsCache(cache, "b");
    assertThat(read.get(PolicyKind.IDENTITY, "{\"Action\": \"s3:Get?\"}")).isNull();
    assertThat(read.get(PolicyKind.IDENTITY, "{\"Action\": \"s3:Get\uD800\"}")).isNull();
    assertThat(read.get(PolicyKind.IDENTITY, "{\"Action\": \"s3:List\"}")).isNull();
    assertThat(read.get(PolicyKind.IDENTITY, "{\"Action\": \"s3:Put\uD83D\uDE00\"}")).isEqualTo(found);
  }
}
