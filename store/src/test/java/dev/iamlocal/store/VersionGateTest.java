package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VersionGateTest {

  @Test
  void aCallerNeverSeesAValueOlderThanTheDatabaseAtItsArrival() throws Exception {
    AtomicLong database = new AtomicLong();
    VersionGate gate = new VersionGate(() -> {
      long v = database.get();
      Thread.onSpinWait();
      return v;
    });
    AtomicInteger stale = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      boolean writer = t < 2;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 20_000; i++) {
          if (writer) {
            database.incrementAndGet();
          } else {
            long before = database.get();
            if (gate.read() < before) {
              stale.incrementAndGet();
            }
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(stale).hasValue(0);
  }

  @Test
  void callersThatArriveDuringAReadShareTheNextOne() throws Exception {
    AtomicInteger queries = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    VersionGate gate = new VersionGate(() -> {
      int n = queries.incrementAndGet();
      if (n == 1) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return n;
    });
    long[] results = new long[8];
    List<Thread> threads = new ArrayList<>();
    Thread first = new Thread(() -> results[0] = gate.read());
    first.start();
    while (queries.get() == 0) {
      Thread.onSpinWait();
    }
    for (int t = 1; t < 8; t++) {
      int slot = t;
      threads.add(new Thread(() -> results[slot] = gate.read()));
    }
    threads.forEach(Thread::start);
    while (gate.waiting() < 7) {
      Thread.sleep(1);
    }
    release.countDown();
    first.join();
    for (Thread t : threads) {
      t.join();
    }
    // the first read began before the others arrived, so they need a second one: exactly one more
    assertThat(queries).hasValue(2);
    assertThat(results[0]).isEqualTo(1);
    for (int t = 1; t < 8; t++) {
      assertThat(results[t]).isEqualTo(2);
    }
  }
}
