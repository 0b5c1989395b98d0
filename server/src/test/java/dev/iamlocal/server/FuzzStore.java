package dev.iamlocal.server;

import dev.iamlocal.store.IamStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The SQLite store the server fuzz targets share for a whole run: in {@code /dev/shm} when there is
 * one (a fuzzer writes thousands of times a second), removed with its files when the JVM exits.
 */
public final class FuzzStore {

  private FuzzStore() {}

  /** A store with one account and its user {@code fuzzer}, allowed everything (the targets' caller). */
  public record Seeded(IamStore store, String account) {}

  public static Seeded withAllowAllUser() {
    IamStore store = open();
    String acct = store.accounts().createAccount().accountId();
    store.users().createUser(acct, "fuzzer", "/", java.util.Map.of());
    store.inlinePolicies().putInlinePolicy(acct, dev.iamlocal.store.EntityType.USER, "fuzzer", "all", "{\"Version\":\"2012-10-17\","
        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
    return new Seeded(store, acct);
  }

  static IamStore open() {
    try {
      Path shm = Path.of("/dev/shm");
      Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "iamlocal-fuzz")
          : Files.createTempDirectory("iamlocal-fuzz");
      IamStore store = IamStore.openSqlite(dir.resolve("iam.db"));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          // best effort: a temp directory
        }
      }));
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
