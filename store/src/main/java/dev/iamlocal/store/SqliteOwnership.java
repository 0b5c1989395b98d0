package dev.iamlocal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Which open store owns an embedded SQLite database: the first to take an exclusive lock on the
 * side file {@code <database>.owner}. The owner alone writes, so it knows every change without
 * asking the database, and keeps the change counter in memory; any other store on the same file
 * (another process, or a second store in this one: {@code iamlocal log} while a server runs) only
 * reads. The OS drops the lock when the owner's process dies, however it dies.
 */
final class SqliteOwnership implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private SqliteOwnership(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes ownership of {@code database}, or returns null when another store holds it. */
  static SqliteOwnership tryTake(Path database) {
    Path side = database.resolveSibling(database.getFileName() + ".owner");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(side, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        ch.close();
        return null;
      }
      return new SqliteOwnership(ch, l);
    } catch (OverlappingFileLockException e) {
      // a store of this very process owns it
      closeQuietly(ch);
      return null;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new IllegalStateException("cannot lock " + side + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing held
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock anyway
    }
  }
}
