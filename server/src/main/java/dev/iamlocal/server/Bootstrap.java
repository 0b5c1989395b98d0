package dev.iamlocal.server;

import dev.iamlocal.store.AccessKey;
import dev.iamlocal.store.Account;
import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * First-start setup of a data directory: the account (created once, so its id is stable), the
 * root access key (created once) and {@code <data-dir>/credentials}, an AWS shared-credentials
 * file with profile {@code iamlocal}, readable by the owner only.
 *
 * @param account the emulated account
 * @param rootKey the root user's access key, with its secret
 * @param credentialsFile where the credentials were written
 */
public record Bootstrap(Account account, AccessKey rootKey, Path credentialsFile) {

  /** The profile name in the credentials file. */
  public static final String PROFILE = "iamlocal";

  /**
   * Creates {@code dataDir} (if needed) and makes it owner-only: the database in it holds the
   * secrets of every access key. Call before opening the store.
   */
  public static void prepareDirectory(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Ensures the account and its root key exist in {@code store} and that the credentials file in
   * {@code dataDir} holds them. Idempotent: a restart finds and keeps what the first start made.
   */
  public static Bootstrap ensure(IamStore store, Path dataDir) throws IOException {
    IamStore.AccountAndRootKey found = store.ensureAccount();
    Account account = found.account();
    AccessKey root = found.rootKey();
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("credentials");
    String text = "[" + PROFILE + "]\n"
        + "aws_access_key_id = " + root.accessKeyId() + "\n"
        + "aws_secret_access_key = " + root.secret() + "\n"
        + "region = us-east-1\n";
    Path tmp = dataDir.resolve("credentials.tmp");
    Files.deleteIfExists(tmp);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      // created owner-only before the secret is written, so it is never readable by others
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new Bootstrap(account, root, file);
  }
}
