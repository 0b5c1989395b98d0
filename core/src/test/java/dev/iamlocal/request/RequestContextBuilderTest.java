package dev.iamlocal.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A built context never changes, whatever its builder does next (the builder shares its map until then). */
class RequestContextBuilderTest {

  @Test
  void changesAfterBuildDoNotReachTheBuiltContext() {
    RequestContext.Builder b = RequestContext.builder().put("aws:SourceIp", "10.0.0.1");
    RequestContext first = b.build();
    b.put("aws:SourceIp", "10.0.0.2").putList("aws:TagKeys", List.of("team")).putIfAbsent("aws:userid", "AIDA")
        .merge("aws:PrincipalTag/Team", "ml");
    RequestContext second = b.build();
    b.remove("aws:SourceIp");
    RequestContext third = b.build();

    assertThat(first.entries()).extracting(ContextValue::key).containsExactly("aws:SourceIp");
    assertThat(first.get("aws:sourceip").single()).isEqualTo("10.0.0.1");
    assertThat(second.get("aws:SourceIp").single()).isEqualTo("10.0.0.2");
    assertThat(second.entries()).hasSize(4);
    assertThat(third.contains("aws:SourceIp")).isFalse();
    assertThat(second.contains("aws:SourceIp")).isTrue();
  }

  @Test
  void putIfAbsentKeepsTheValueAlreadySetInAnyCase() {
    RequestContext c = RequestContext.builder().put("AWS:CurrentTime", "2020-01-01T00:00:00Z")
        .putIfAbsent("aws:CurrentTime", "2026-11-28T00:00:00Z").putIfAbsent("aws:EpochTime", "1").build();
    assertThat(c.get("aws:currenttime").single()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(c.get("aws:currenttime").key()).as("the spelling first given").isEqualTo("AWS:CurrentTime");
    assertThat(c.get("aws:EpochTime").single()).isEqualTo("1");
  }

  @Test
  void aBuilderFromAContextLeavesThatContextAlone() {
    RequestContext base = RequestContext.builder().put("a:b", "1").build();
    RequestContext more = base.toBuilder().put("a:b", "2").put("c:d", "3").build();
    assertThat(base.entries()).hasSize(1);
    assertThat(base.get("a:b").single()).isEqualTo("1");
    assertThat(more.get("a:b").single()).isEqualTo("2");
  }
}
