package dev.iamlocal.server;

import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Account;
import dev.iamlocal.store.Accounts;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * First-start setup of a data directory: the account (created once, so its id is stable), the
 * root access key (created once) and {@code <data-dir>/credentials}, an AWS shared-credentials
 * file with profile {@code iamlocal}.
 *
 * <p>What is already there belongs to the user: a directory iamlocal did not create keeps its
 * mode ({@code --data-dir /tmp} must not make {@code /tmp} private), and an existing credentials
 * file (or the file a symlink there points to) keeps every other profile, as {@code aws configure}
 * keeps them: only the {@code [iamlocal]} profile is written, atomically, and only when it changed.
 *
 * @param account the emulated account
 * @param rootKey the root user's access key, with its secret
 * @param credentialsFile where the credentials were written
 * @param rootKeyCreated whether this start created the root key (its secret was never shown before)
 */
public record Bootstrap(Account account, AccessKey rootKey, Path credentialsFile, boolean rootKeyCreated) {

  /** The profile name in the credentials file. */
  public static final String PROFILE = "iamlocal";

  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  /**
   * Creates {@code dataDir} owner-only when it does not exist (the database in it holds the secrets
   * of every access key); leaves an existing directory's mode alone. Call before opening the store.
   *
   * @return a warning to show when an existing directory is writable by its group or by everyone
   */
  public static Optional<String> prepareDirectory(Path dataDir) throws IOException {
    boolean posix = posix();
    if (!Files.exists(dataDir)) {
      Path parent = dataDir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try {
        if (posix) {
          Files.createDirectory(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectory(dataDir);
        }
        return Optional.empty();
      } catch (FileAlreadyExistsException e) {
        // made by someone else meanwhile: theirs, so treat it as existing
      }
    }
    if (!Files.isDirectory(dataDir)) {
      throw new IOException(dataDir + " exists and is not a directory");
    }
    if (posix) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dataDir);
      if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
        return Optional.of("data directory " + dataDir + " is writable by others (" + PosixFilePermissions.toString(mode)
            + "): iamlocal keeps its files there owner-only, but anyone who may write the directory may replace"
            + " them; prefer a directory of your own");
      }
    }
    return Optional.empty();
  }

  /**
   * Creates the SQLite database file owner-only when it does not exist yet, before SQLite opens it:
   * SQLite gives its journal files the database file's mode, and would otherwise create all of
   * them with the process's umask (world-readable, in a directory like {@code /tmp}).
   */
  public static void prepareDatabaseFile(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      if (posix()) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // created meanwhile (another process starting): SQLite opens it as it is
    }
  }

  /**
   * Ensures the account and its root key exist in {@code store} and that the credentials file in
   * {@code dataDir} holds them in profile {@value #PROFILE}. Idempotent: a restart finds and keeps
   * what the first start made, and rewrites nothing that already says the same.
   */
  public static Bootstrap ensure(IamStore store, Path dataDir) throws IOException {
    if (!Files.exists(dataDir)) {
      prepareDirectory(dataDir);
    }
    Accounts.AccountAndRootKey found = store.accounts().ensureAccount();
    Account account = found.account();
    AccessKey root = found.rootKey();
    Path file = dataDir.resolve("credentials");
    writeProfile(file, List.of("aws_access_key_id = " + root.accessKeyId(),
        "aws_secret_access_key = " + root.secret(), "region = us-east-1"));
    return new Bootstrap(account, root, file, found.rootKeyCreated());
  }

  /**
   * Writes profile {@value #PROFILE} into the shared-credentials file {@code file}: its section is
   * replaced (or appended), every other line is kept as it was. Through a symlink, the file it
   * points to is written, and the link stays. The new text is written to a temporary file beside
   * the target (owner-only from its creation, so the secret is never readable by others, or with
   * the existing file's mode) and moved over it atomically.
   */
  static void writeProfile(Path file, List<String> settings) throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    String old = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
    String text = withProfile(old, PROFILE, settings);
    if (text.equals(old)) {
      return;
    }
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".credentials-", ".tmp",
        posix() ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"))} : new java.nio.file.attribute.FileAttribute<?>[0]);
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      if (old != null && posix()) {
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * {@code text} (an INI file, or null for none) with section {@code [profile]} holding exactly
   * {@code settings}: the section replaced where it is (a repeated one is dropped), or appended.
   */
  static String withProfile(String text, String profile, List<String> settings) {
    List<String> out = new ArrayList<>();
    boolean inProfile = false;
    boolean written = false;
    if (text != null && !text.isEmpty()) {
      for (String line : text.split("\n", -1)) {
        String t = line.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
          boolean wasInProfile = inProfile;
          inProfile = t.substring(1, t.length() - 1).strip().equals(profile);
          if (wasInProfile && !inProfile) {
            out.add(""); // the replaced section's blank line before the next one
          }
          if (inProfile) {
            if (!written) {
              out.add("[" + profile + "]");
              out.addAll(settings);
              written = true;
            }
            continue;
          }
        }
        if (!inProfile) {
          out.add(line);
        }
      }
      // split keeps a last empty element after a final newline: rejoined below
      if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
        out.remove(out.size() - 1);
      }
    }
    if (!written) {
      if (!out.isEmpty() && !out.get(out.size() - 1).isBlank()) {
        out.add("");
      }
      out.add("[" + profile + "]");
      out.addAll(settings);
    }
    return String.join("\n", out) + "\n";
  }

  /**
   * A warning when the credentials file (or the file its symlink points to) may be read by its
   * group or by everyone: it now holds the root secret, and an existing file keeps the mode its
   * owner gave it.
   */
  public static Optional<String> credentialsWarning(Path file) throws IOException {
    if (!posix() || !Files.exists(file)) {
      return Optional.empty();
    }
    Path target = file.toRealPath();
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
    if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
      return Optional.of("credentials file " + target + " holds the root secret and is readable by others ("
          + PosixFilePermissions.toString(mode) + "); make it owner-only: chmod 600 " + target);
    }
    return Optional.empty();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
