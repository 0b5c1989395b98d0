package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./iamlocal} launcher's choices, on a stand-in jar (so this runs with the unit
 * tests); {@link LauncherIT} runs it on the packaged jar.
 */
class LauncherTest {

  /**
   * {@code serve} runs on ParallelGC unless the user names a collector, in any of the places the
   * JVM reads options from: with two collectors the JVM would not start. The launcher runs here on
   * a stand-in jar that prints the JVM's options, so this runs wherever the tests run.
   */
  @Test
  void serveRunsOnParallelGcUnlessTheUserNamesACollector(@TempDir Path root) throws Exception {
    Path launcher = standIn(root);

    assertThat(jvmOptions(launcher, "IAMLOCAL_JAVA_OPTS", "")).contains("-XX:+UseParallelGC");

    // simulate: a file starts C1 only, marked so that the JVM hands a large one to the optimizing
    // compiler (OptimizingCompiler); standard input, whose size is unknown, gets it at once
    Path small = root.resolve("small.json");
    Files.writeString(small, "[]");
    Path large = root.resolve("large.json");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(large.toFile(), "rw")) {
      f.setLength(64L * 1024 * 1024 + 1); // sparse: the launcher reads the size only
    }
    assertThat(run(launcher, "simulate", "--input", small.toString())).contains("-XX:TieredStopAtLevel=1")
        .contains("-Diamlocal.jit=c1");
    assertThat(run(launcher, "simulate", "--input=" + small)).contains("-XX:TieredStopAtLevel=1")
        .contains("-Diamlocal.jit=c1");
    assertThat(run(launcher, "simulate", "--input", large.toString())).contains("-XX:TieredStopAtLevel=1")
        .contains("-Diamlocal.jit=c1");
    assertThat(run(launcher, "simulate", "--input", "-")).doesNotContain("TieredStopAtLevel").doesNotContain("iamlocal.jit");
    assertThat(run(launcher, "validate", small.toString())).contains("-XX:TieredStopAtLevel=1")
        .doesNotContain("iamlocal.jit");
    assertThat(jvmOptions(launcher, "IAMLOCAL_JAVA_OPTS", "-XX:+UseCompressedOops -Xlog:gc*=off"))
        .as("options that name no collector keep ParallelGC").contains("-XX:+UseParallelGC");
    for (String var : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      assertThat(jvmOptions(launcher, var, "-XX:+UseSerialGC")).as(var).contains("-XX:+UseSerialGC")
          .doesNotContain("-XX:+UseParallelGC");
    }
  }

  /** IAMLOCAL_JAVA_OPTS is split at spaces but never expanded as a file name pattern in the directory it runs in. */
  @Test
  void javaOptionsAreNotFileNamePatterns(@TempDir Path root) throws Exception {
    Path launcher = standIn(root);
    Path cwd = Files.createDirectories(root.resolve("work"));
    Files.writeString(cwd.resolve("-Dx=matched"), "");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "validate", "x.json").directory(cwd.toFile())
        .redirectErrorStream(true);
    for (String v : new String[] {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(v);
    }
    pb.environment().put("IAMLOCAL_JAVA_OPTS", "-Dx=* -Dy=1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("-Dx=*").contains("-Dy=1").doesNotContain("matched").contains("args validate x.json");
  }

  /**
   * The jar is rebuilt when what goes into it changed (a main source, a pom), not for a changed test:
   * a stand-in {@code mvn} first on the PATH records that the launcher called it.
   */
  @Test
  void aChangedMainSourceRebuildsTheJarAndAChangedTestDoesNot(@TempDir Path root) throws Exception {
    Path launcher = standIn(root);
    Path jar = root.resolve("cli/target/iamlocal.jar");
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho stand-in mvn called\nexit 1\n");
    assumeTrue(mvn.toFile().setExecutable(true), "cannot make the stand-in mvn executable");
    long built = System.currentTimeMillis() - 60_000;
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(built));
    Path test = root.resolve("core/src/test/java/A.java");
    Path main = root.resolve("core/src/main/java/dev/B.java");
    Files.createDirectories(test.getParent());
    Files.createDirectories(main.getParent());
    Files.writeString(test, "class A {}");
    Files.writeString(main, "class B {}");
    Files.setLastModifiedTime(main, java.nio.file.attribute.FileTime.fromMillis(built - 60_000));

    String[] validate = {launcher.toString(), "validate", "x.json"};
    assertThat(runWithPath(bin, validate)).as("a test newer than the jar").contains("args validate x.json")
        .doesNotContain("stand-in mvn");
    Files.setLastModifiedTime(main, java.nio.file.attribute.FileTime.fromMillis(built + 30_000));
    assertThat(runWithPath(bin, validate)).as("a main source newer than the jar").contains("stand-in mvn called")
        .contains("iamlocal: build failed").doesNotContain("args validate");
  }

  /**
   * Every verb but {@code serve} runs from the short verbs' jar with the full jar behind it on the class
   * path (a class the short jar lacks is found in the full one); {@code serve} runs the full jar. A
   * stand-in {@code dev.iamlocal.cli.Main}, compiled here into the stand-in short jar, prints the class
   * path it was started with. Without the short jar (a build before it existed), or with one older than
   * the full jar (left from another build: Maven writes it after the full jar), every verb runs the full
   * jar as before.
   */
  @Test
  void shortVerbsRunFromTheCliJarFirstAndServeFromTheFullJar(@TempDir Path root) throws Exception {
    Path launcher = standIn(root);
    Path full = root.resolve("cli/target/iamlocal.jar");
    assertThat(run(launcher, "validate", "x.json")).as("no short jar: the full jar, as before")
        .contains("-XX:TieredStopAtLevel=1").doesNotContain("class path ");

    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    assumeTrue(javac != null, "no Java compiler in this runtime");
    Path src = Files.createDirectories(root.resolve("standin/dev/iamlocal/cli")).resolve("Main.java");
    Files.writeString(src, "package dev.iamlocal.cli;\n"
        + "public final class Main { public static void main(String[] a) {\n"
        + "  System.out.println(\"class path \" + System.getProperty(\"java.class.path\"));\n"
        + "  System.out.println(\"args \" + String.join(\" \", a)); } }\n");
    assertThat(javac.run(null, null, null, "-d", root.resolve("standin").toString(), src.toString())).isZero();
    Path cli = root.resolve("cli/target/iamlocal-cli.jar");
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(cli))) {
      out.putNextEntry(new java.util.jar.JarEntry("dev/iamlocal/cli/Main.class"));
      Files.copy(root.resolve("standin/dev/iamlocal/cli/Main.class"), out);
      out.closeEntry();
    }
    String expected = "class path " + cli + java.io.File.pathSeparator + full;
    long now = System.currentTimeMillis();
    Files.setLastModifiedTime(full, java.nio.file.attribute.FileTime.fromMillis(now));
    Files.setLastModifiedTime(cli, java.nio.file.attribute.FileTime.fromMillis(now - 60_000));
    assertThat(run(launcher, "validate", "x.json")).as("a short jar older than the full jar is another build's")
        .doesNotContain("class path ");
    Files.setLastModifiedTime(cli, java.nio.file.attribute.FileTime.fromMillis(now + 1_000));
    assertThat(run(launcher, "validate", "x.json")).contains(expected);
    assertThat(run(launcher, "simulate", "--input", "-")).contains(expected);
    assertThat(run(launcher, "--version")).contains(expected);
    assertThat(jvmOptions(launcher, "IAMLOCAL_JAVA_OPTS", "")).as("serve: the full jar")
        .contains("-XX:+UseParallelGC").doesNotContain("class path ");
  }

  /**
   * Ctrl-C (or TERM, or a closed terminal's HUP) while the launcher records the class-data archive ends the launcher
   * (130, 143, 129; the archive's temporary files and the training's findings directory removed) instead of going on
   * to run the command: the recording JVMs exit 130 on Ctrl-C, which the launcher used to take for a failed
   * recording. A stand-in {@code java} first on the PATH stands for the recording JVM.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "TERM, 143", "HUP, 129"})
  void aSignalWhileRecordingTheArchiveEndsTheLauncher(String signal, int status, @TempDir Path root) throws Exception {
    Path launcher = standIn(root);
    Files.createDirectories(root.resolve("examples/seed-policies"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path started = root.resolve("recording-started");
    Path standInJava = bin.resolve("java");
    Files.writeString(standInJava, "#!/bin/sh\n"
        + "case \"$*\" in *DumpLoadedClassList*)\n"
        + "  for a in \"$@\"; do case \"$a\" in -Diamlocal.cache.dir=*) mkdir -p \"${a#-Diamlocal.cache.dir=}/cache\" ;; esac; done\n"
        + "  touch '" + started + "'; sleep 2; exit 0 ;;\n"
        + "esac\n"
        + "echo ran the command \"$@\"\n");
    assumeTrue(standInJava.toFile().setExecutable(true), "cannot make the stand-in java executable");
    Signalled ended = signalled(launcher, bin, started, signal, () -> {
      try (java.util.stream.Stream<Path> during = Files.list(root.resolve("cli/target"))) {
        assertThat(during.map(f -> f.getFileName().toString())).as("the training's findings directory")
            .anyMatch(n -> n.endsWith(".cache"));
      }
    });
    assertThat(ended.status()).as(ended.out()).isEqualTo(status);
    assertThat(ended.out()).doesNotContain("ran the command");
    try (java.util.stream.Stream<Path> left = Files.list(root.resolve("cli/target"))) {
      assertThat(left.map(f -> f.getFileName().toString())).as("no temporary archive files left")
          .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".classes") || n.endsWith(".cache"));
    }
  }

  /** Ctrl-C during the build ends the launcher (130), not "build failed" (2) nor a run of the old jar. */
  @Test
  void anInterruptDuringTheBuildEndsTheLauncher(@TempDir Path root) throws Exception {
    Path launcher = standIn(root);
    Path jar = root.resolve("cli/target/iamlocal.jar");
    Path main = root.resolve("core/src/main/java/dev/B.java");
    Files.createDirectories(main.getParent());
    Files.writeString(main, "class B {}");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path started = root.resolve("build-started");
    Path mvn = bin.resolve("mvn");
    // Maven's JVM would exit 130 on the Ctrl-C its process group gets; this one only gets the launcher's
    Files.writeString(mvn, "#!/bin/sh\ntouch '" + started + "'\nsleep 2\nexit 0\n");
    assumeTrue(mvn.toFile().setExecutable(true), "cannot make the stand-in mvn executable");
    Signalled ended = signalled(launcher, bin, started, "INT", () -> { });
    assertThat(ended.status()).as(ended.out()).isEqualTo(130);
    assertThat(ended.out()).doesNotContain("build failed").doesNotContain("build done").doesNotContain("args validate");
  }

  /** How the launcher ended: its exit status and its output. */
  private record Signalled(int status, String out) {}

  /** A check made while the launcher waits in the step a stand-in stands for. */
  private interface During {
    void check() throws Exception;
  }

  /**
   * Runs {@code launcher validate x.json} with {@code bin} first on the PATH, waits until the stand-in there
   * creates {@code started} (the step it stands for has begun), runs {@code during}, sends the launcher
   * {@code signal} (alone, not its process group) and waits for it to end.
   */
  private static Signalled signalled(Path launcher, Path bin, Path started, String signal, During during)
      throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "validate", "x.json").redirectErrorStream(true);
    pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(started) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(started).as("the launcher began the step").exists();
    during.check();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Signalled(p.exitValue(), out);
  }

  private static String runWithPath(Path first, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", first + java.io.File.pathSeparator + System.getenv("PATH"));
    for (String v : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /**
   * A copy of the real launcher in {@code root} over a stand-in jar that prints the JVM's options and
   * arguments ({@link JvmArgsMain}); returns the launcher.
   */
  private static Path standIn(Path root) throws Exception {
    Path launcher = root.resolve("iamlocal");
    Files.copy(repositoryRoot().resolve("iamlocal"), launcher);
    assumeTrue(launcher.toFile().setExecutable(true), "cannot make the launcher copy executable");
    Path jar = root.resolve("cli/target/iamlocal.jar");
    Files.createDirectories(jar.getParent());
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, JvmArgsMain.class.getName());
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
        java.io.InputStream cls = JvmArgsMain.class.getResourceAsStream("JvmArgsMain.class")) {
      out.putNextEntry(new java.util.jar.JarEntry(JvmArgsMain.class.getName().replace('.', '/') + ".class"));
      cls.transferTo(out);
      out.closeEntry();
    }
    return launcher;
  }

  /** The options the launcher started {@code serve}'s JVM with, {@code var} set to {@code value}. */
  private static String jvmOptions(Path launcher, String var, String value) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--port", "0").redirectErrorStream(true);
    for (String v : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(v);
    }
    pb.environment().put(var, value);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(var + "=" + value + ": " + out).isZero();
    assertThat(out).contains("args serve --port 0");
    return out;
  }

  /** What the stand-in jar printed when the launcher ran {@code args}. */
  private static String run(Path launcher, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(launcher.toString()));
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    for (String v : new String[] {"IAMLOCAL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"}) {
      pb.environment().remove(v);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).contains("args " + String.join(" ", args));
    return out;
  }

  private static Path repositoryRoot() {
    // Surefire runs in the module directory; the repository root is its parent.
    String rootProp = System.getProperty("iamlocal.repo.root");
    Path root = rootProp != null ? Path.of(rootProp) : Path.of("").toAbsolutePath().getParent();
    assumeTrue(root != null && Files.isRegularFile(root.resolve("iamlocal")), "launcher not found");
    return root;
  }

}
