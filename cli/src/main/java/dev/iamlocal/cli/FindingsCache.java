package dev.iamlocal.cli;

import dev.iamlocal.validation.PolicyKind;
import dev.iamlocal.validation.Severity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validator's printed findings (warning level and above) on the policies of scenarios, kept between runs of
 * {@code simulate} and {@code explain}, as linters keep theirs: a policy met again in a later run, by the same build
 * of iamlocal and as the same kind of policy, is not validated again. The validator's first policy in a process
 * costs most of its time (the service catalog read and indexed, the checks' code run for the first time: about
 * 0.1 s of a 0.3 s run of ten scenarios), and a CI step or a pre-commit hook decides the same policies run after
 * run.
 *
 * <p>What is kept: per policy kind and exact policy text, the findings as {@link ScenarioValidation} prints them
 * (severity, code, message, hint, line and column within the policy). The key is the text itself, not a digest, so
 * no crafted policy can take another's findings. One file per build ({@code findings-*.bin}): the build is the jar
 * the CLI runs from, by path, size and modification time, plus the Java version, so a rebuilt jar (a new catalog,
 * new checks) never reads an older build's findings.
 *
 * <p>Where: {@code $IAMLOCAL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/iamlocal}, else {@code $HOME/.cache/iamlocal};
 * {@code IAMLOCAL_CACHE=off} (or {@code 0}, {@code false}; the {@code iamlocal.cache} property first) turns it off. The directory is created private (0700);
 * one that another user owns or others may write to is not used (its findings could have been planted), nor is a
 * file that is a symbolic link. Whatever goes wrong (unreadable, corrupt, foreign, full disk) only costs the
 * validation it would have spared: the file is then not read, and rewritten whole after the run (written under a
 * temporary name and renamed, so a concurrent run never reads half of it). Bounded: the {@value #MAX_ENTRIES} most
 * recently met policies, policies up to {@value #MAX_TEXT} characters, a file up to {@value #MAX_FILE} bytes.
 *
 * <p>Not thread-safe: {@link ScenarioValidation} uses it on its checker thread only.
 */
final class FindingsCache {

  /** Policies kept; the least recently met go first. */
  static final int MAX_ENTRIES = 1024;
  /** Longer policy texts are validated every time (a file of them would be read on every run). */
  static final int MAX_TEXT = 32 * 1024;
  /** A larger file is not read (it is not one this class wrote). */
  static final int MAX_FILE = 4 * 1024 * 1024;
  /** Files of other builds not written for this long are removed when a file is written. */
  static final Duration STALE = Duration.ofDays(30);

  private static final String MAGIC = "iamlocal findings cache 1";

  /** What was found on one policy: a finding as printed, its position within the policy text. */
  record Item(Severity severity, String code, String message, String hint, int line, int column) {}

  private final Path dir;
  private final String build;
  private final Path file;
  private LinkedHashMap<KindKey<String>, List<Item>> entries;
  private boolean changed;

  /** A cache in {@code dir} for the build named {@code build}; see {@link #open} for the usual one. */
  FindingsCache(Path dir, String build) {
    this.dir = dir;
    this.build = build;
    this.file = dir.resolve("findings-" + Integer.toHexString(build.hashCode()) + ".bin");
  }

  /**
   * The cache for this process: its directory from the environment, its build from the jar this class was loaded
   * from; null when turned off, or when the CLI runs from class directories (a development tree, whose classes
   * change without a new jar) and no build is named by the {@code iamlocal.cache.build} property (tests name one).
   */
  static FindingsCache open(Map<String, String> env) {
    // (the property first: the class-data archive's training run turns the cache on whatever the environment says)
    String setting = System.getProperty("iamlocal.cache", env.getOrDefault("IAMLOCAL_CACHE", ""));
    if (setting.equalsIgnoreCase("off") || setting.equals("0") || setting.equalsIgnoreCase("false")) {
      return null;
    }
    try {
      Path dir = directory(env);
      String build = System.getProperty("iamlocal.cache.build");
      if (build == null) {
        build = jarBuild();
      }
      return dir == null || build == null ? null : new FindingsCache(dir, build + " java " + System.getProperty("java.vm.version", ""));
    } catch (RuntimeException e) {
      // a directory no path can name here (InvalidPathException: a name the file name encoding cannot hold, e.g.
      // a non-ASCII $XDG_CACHE_HOME under LANG=C) costs only the kept findings, never the run
      return null;
    }
  }

  /** Whether a file of this build's findings exists (then the catalog may never be needed). */
  boolean exists() {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  private static Path directory(Map<String, String> env) {
    String own = System.getProperty("iamlocal.cache.dir", env.get("IAMLOCAL_CACHE_DIR"));
    if (own != null) {
      return own.isBlank() ? null : Path.of(own).toAbsolutePath();
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "iamlocal");
    }
    // $HOME as the XDG base directory specification says (Java's user.home is the password file's home, which a
    // HOME=/tmp/x run would not move), user.home without one
    String home = env.get("HOME");
    if (home == null || home.isBlank() || !Path.of(home).isAbsolute()) {
      home = System.getProperty("user.home", "");
    }
    return home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "iamlocal");
  }

  /** The jar this class runs from, by path, size and time; null when it is not a jar. */
  private static String jarBuild() {
    try {
      CodeSource source = FindingsCache.class.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return null;
      }
      Path jar = Path.of(source.getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        return null;
      }
      return jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** The findings kept for this policy, or null when it has to be validated. */
  List<Item> get(PolicyKind kind, String text) {
    return loaded().get(new KindKey<>(kind, text));
  }

  /** Keeps what the validator printed for this policy. */
  void put(PolicyKind kind, String text, List<Item> items) {
    if (text.length() > MAX_TEXT || !encodable(text)
        || !items.stream().allMatch(i -> encodable(i.code()) && encodable(i.message()) && encodable(i.hint()))) {
      return;
    }
    loaded().put(new KindKey<>(kind, text), List.copyOf(items));
    changed = true;
  }

  private Map<KindKey<String>, List<Item>> loaded() {
    if (entries == null) {
      entries = new LinkedHashMap<>(64, 0.75f, true);
      if (trusted(false)) {
        try {
          read();
        } catch (IOException | RuntimeException e) {
          entries.clear();
          changed = true; // rewritten whole after the run
        }
      }
    }
    return entries;
  }

  /**
   * Whether the directory is this user's own and private to them (and, when {@code create}, made so if missing).
   * On a file system without POSIX attributes, whether it is a directory that is not a link.
   */
  private boolean trusted(boolean create) {
    try {
      if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> p = a.permissions();
      return a.isDirectory() && a.owner().getName().equals(System.getProperty("user.name"))
          && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (UnsupportedOperationException e) {
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private void read() throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (InputStream raw = Channels.newInputStream(
        Files.newByteChannel(file, Set.<java.nio.file.OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
      if (Files.size(file) > MAX_FILE) {
        throw new IOException("too large");
      }
      DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
      if (!MAGIC.equals(in.readUTF()) || !build.equals(in.readUTF())) {
        throw new IOException("another build's");
      }
      int count = in.readInt();
      if (count < 0 || count > MAX_ENTRIES) {
        throw new IOException("bad count");
      }
      PolicyKind[] kinds = PolicyKind.values();
      Severity[] severities = Severity.values();
      for (int i = 0; i < count; i++) {
        int kind = in.readUnsignedByte();
        String text = text(in, MAX_TEXT);
        int n = in.readUnsignedShort();
        List<Item> items = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          int severity = in.readUnsignedByte();
          if (severity >= severities.length) {
            throw new IOException("bad severity");
          }
          items.add(new Item(severities[severity], in.readUTF(), text(in, MAX_TEXT), text(in, MAX_TEXT),
              in.readInt(), in.readInt()));
        }
        if (kind >= kinds.length) {
          throw new IOException("bad kind");
        }
        entries.put(new KindKey<>(kinds[kind], text), List.copyOf(items));
      }
      if (in.read() != -1) {
        throw new IOException("trailing bytes");
      }
    }
  }

  /** Writes the file again when something was added; failures cost only the next run's validation. */
  void save() {
    if (!changed || entries == null || !trusted(true)) {
      return;
    }
    Path tmp = null;
    try {
      // a name of this process's own, created new (O_EXCL) and private; not Files.createTempFile, whose random name
      // seeds a SecureRandom (the security providers, ~20 ms at the end of the run)
      Path name = dir.resolve("findings-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())
          + ".tmp");
      Set<java.nio.file.OpenOption> create =
          Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
      java.nio.channels.SeekableByteChannel channel;
      try {
        channel = Files.newByteChannel(name, create,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        channel = Files.newByteChannel(name, create); // in the private directory still
      }
      OutputStream raw = Channels.newOutputStream(channel);
      tmp = name; // created by this run (a name taken already failed above): removed if what follows fails
      try (raw; DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.writeUTF(MAGIC);
        out.writeUTF(build);
        // the most recently met are last in the map (its access order); the newest that fit the bounds are kept,
        // written eldest first so that they load in the same order
        List<Map.Entry<KindKey<String>, List<Item>>> all = new ArrayList<>(entries.entrySet());
        int from = all.size();
        int bytes = 0;
        while (from > 0 && all.size() - from < MAX_ENTRIES) {
          bytes += size(all.get(from - 1));
          if (bytes > MAX_FILE / 2) {
            break;
          }
          from--;
        }
        List<Map.Entry<KindKey<String>, List<Item>>> kept = all.subList(from, all.size());
        out.writeInt(kept.size());
        for (Map.Entry<KindKey<String>, List<Item>> e : kept) {
          out.writeByte(e.getKey().kind().ordinal());
          text(out, e.getKey().policy());
          out.writeShort(e.getValue().size());
          for (Item f : e.getValue()) {
            out.writeByte(f.severity().ordinal());
            out.writeUTF(f.code());
            text(out, f.message());
            text(out, f.hint());
            out.writeInt(f.line());
            out.writeInt(f.column());
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      removeStale();
    } catch (IOException | RuntimeException e) {
      // an optimisation only: the next run validates these policies again
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // left for the next writer's clean-up of stale files
        }
      }
    }
  }

  /**
   * Other builds' files (and temporary files of runs that died) not written for {@link #STALE}: only names this
   * class gives ({@code findings-<hex>.bin} that start as its files do, {@code findings-<digits>.tmp}), as the
   * directory may be one the user keeps other files in ({@code IAMLOCAL_CACHE_DIR}).
   */
  private void removeStale() throws IOException {
    FileTime limit = FileTime.from(Instant.now().minus(STALE));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "findings-*.{bin,tmp}")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        boolean ours = name.endsWith(".bin") ? name.matches("findings-[0-9a-f]{1,8}\\.bin") && startsAsOurs(f)
            : name.matches("findings-[0-9]+-[0-9a-f]+\\.tmp");
        if (ours && !f.equals(file) && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).compareTo(limit) < 0) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Whether the file is a regular one that starts with this class's magic. */
  private static boolean startsAsOurs(Path f) {
    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream in = Channels.newInputStream(
        Files.newByteChannel(f, Set.<java.nio.file.OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
      return MAGIC.equals(new DataInputStream(in).readUTF());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the string is written and read back as itself: an unpaired surrogate would come back as {@code ?}, and
   * the policy with a {@code ?} in its place would then be given this one's findings.
   */
  private static boolean encodable(String s) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static int size(Map.Entry<KindKey<String>, List<Item>> e) {
    int n = 16 + 3 * e.getKey().policy().length();
    for (Item f : e.getValue()) {
      n += 16 + 3 * (f.code().length() + f.message().length() + f.hint().length());
    }
    return n;
  }

  /** A string of any length (writeUTF stops at 64 KB of modified UTF-8). */
  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in, int maxChars) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 4 * maxChars) {
      throw new IOException("bad length");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("truncated");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The entries kept, eldest first (tests). */
  int size() {
    return loaded().size();
  }

  /** The file this build's findings are kept in (tests). */
  Path file() {
    return file;
  }
}
