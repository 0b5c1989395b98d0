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
    RequestContext same = base.toBuilder().build();
    RequestContext more = base.toBuilder().put("a:b", "2").put("c:d", "3").build();
    RequestContext removed = base.toBuilder().remove("A:B").build();
    assertThat(base.entries()).hasSize(1);
    assertThat(base.get("a:b").single()).isEqualTo("1");
    assertThat(same).isEqualTo(base);
    assertThat(more.get("a:b").single()).isEqualTo("2");
    assertThat(removed.contains("a:b")).isFalse();
  }

  @Test
  void aRequestTakesAContextAsIfKeyByKey() {
    RequestContext ctx = RequestContext.builder().put("aws:PrincipalTag/Team", "ml").merge("aws:principaltag/team", "ds")
        .putList("aws:TagKeys", List.of("a", "b")).build();
    AuthorizationRequest whole = AuthorizationRequest.builder().principal(Principal.parse("arn:aws:iam::123456789012:root"))
        .action("s3:GetObject").resource("*").context(ctx).build();
    AuthorizationRequest onTop = AuthorizationRequest.builder().principal(Principal.parse("arn:aws:iam::123456789012:root"))
        .action("s3:GetObject").resource("*").context("x:y", "1").context(ctx).build();
    assertThat(whole.context()).isEqualTo(ctx);
    assertThat(whole.context().get("aws:PrincipalTag/Team").values()).containsExactly("ml", "ds");
    assertThat(onTop.context().get("aws:principaltag/team").values()).containsExactly("ml", "ds");
    assertThat(onTop.context().get("aws:TagKeys").multivalued()).isTrue();
    assertThat(onTop.context().entries()).hasSize(3);
  }
}
