package dev.iamlocal.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scenario file is read in memory proportional to one scenario, whatever lies between its scenarios: a run of
 * white space (or commas) of any length before, between or after them is not held (64 MB of it after the last
 * scenario ran a JVM with -Xmx64m out of memory).
 */
class ScenarioReaderMemoryTest {

  private static final String SCENARIO = "{\"name\": \"n%d\", \"identityPolicies\": [{\"Version\": \"2012-10-17\","
      + " \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}],"
      + " \"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"}";

  /** The most characters the reader being tested held, sampled at every read of the file (inside the parsing). */
  private ScenarioReader reading;
  private int peak;

  /** The parts in order, each white space part produced lazily (never held by the test either). */
  private Reader file(Object... parts) {
    return new Reader() {
      int part;
      long left = -1;
      int pos;

      @Override
      public int read(char[] buf, int off, int len) {
        if (reading != null) {
          peak = Math.max(peak, reading.heldChars());
        }
        while (part < parts.length) {
          Object o = parts[part];
          if (o instanceof Long ws) {
            if (left < 0) {
              left = ws;
            }
            if (left == 0) {
              part++;
              left = -1;
              continue;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
              buf[off + i] = i % 80 == 79 ? '\n' : ' ';
            }
            left -= n;
            return n;
          }
          String s = (String) o;
          if (pos == s.length()) {
            part++;
            pos = 0;
            continue;
          }
          int n = Math.min(len, s.length() - pos);
          s.getChars(pos, pos + n, buf, off);
          pos += n;
          return n;
        }
        return -1;
      }

      @Override
      public void close() {}
    };
  }

  private static final long GAP = 20_000_000L;

  @Test
  void whiteSpaceBeforeBetweenAndAfterTheScenariosIsNotHeld() {
    List<Scenario> read = new ArrayList<>();
    int maxHeld = 0;
    try (ScenarioReader r = new ScenarioReader(file(GAP, "[", GAP, SCENARIO.formatted(1), GAP, ",", GAP,
        SCENARIO.formatted(2), ",", GAP, ",", GAP, "]", GAP), "gaps.json")) {
      reading = r;
      for (Scenario s = r.next(); s != null; s = r.next()) {
        read.add(s);
        maxHeld = Math.max(maxHeld, r.heldChars());
      }
      maxHeld = Math.max(maxHeld, r.heldChars());
    } catch (ScenarioException e) {
      // ", ," is not JSON: the error comes after the second scenario, at its place
      assertThat(e.getMessage()).contains("gaps.json");
    }
    assertThat(read).extracting(Scenario::name).startsWith("n1", "n2");
    assertThat(Math.max(maxHeld, peak)).as("characters held at most").isLessThan(1 << 20);
  }

  @Test
  void aSingleScenarioWithWhiteSpaceAroundItAndItsPositions() {
    try (ScenarioReader r = new ScenarioReader(file(GAP, SCENARIO.formatted(7), GAP), "one.json")) {
      reading = r;
      Scenario s = r.next();
      assertThat(s.name()).isEqualTo("n7");
      // the policy's text is cut from the file as it is, wherever the file put it
      assertThat(s.identityPolicies().get(0).text()).startsWith("{\"Version\": \"2012-10-17\"");
      assertThat(r.next()).isNull();
      assertThat(Math.max(r.heldChars(), peak)).isLessThan(1 << 20);
    }
  }

  @Test
  void contentAfterTheWhiteSpaceIsStillAnError() {
    try (ScenarioReader r = new ScenarioReader(file(SCENARIO.formatted(1), GAP, "x"), "tail.json")) {
      assertThatThrownBy(r::next).isInstanceOf(ScenarioException.class).hasMessageContaining("tail.json");
    }
  }

  /** Between a scenario's members and between the policies of a list, as between scenarios. */
  @Test
  void whiteSpaceBetweenMembersAndPoliciesIsNotHeld() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\","
        + " \"Resource\": \"*\"}]}";
    try (ScenarioReader r = new ScenarioReader(file("{\"name\": \"spaced\",", GAP, "\"identityPolicies\": [", policy, ",",
        GAP, policy, GAP, "],", GAP, "\"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"",
        GAP, "}"), "members.json")) {
      reading = r;
      Scenario s = r.next();
      assertThat(s.name()).isEqualTo("spaced");
      assertThat(s.identityPolicies()).extracting(PolicySource::text).containsExactly(policy, policy);
      assertThat(r.next()).isNull();
      assertThat(Math.max(r.heldChars(), peak)).isLessThan(1 << 20);
    }
  }
}
