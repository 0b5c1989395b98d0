package dev.iamlocal.server.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.request.RequestContext;
import org.junit.jupiter.api.Test;

/** {@code --listener} specs: what each setting puts into the request context, and what is refused. */
class ListenerTest {

  @Test
  void settingsBecomeTheNetworkTheRequestsComeFrom() {
    Listener vpc = Listener.parse("127.0.0.1:4567,vpc=vpc-1a2b3c4d,vpce=vpce-0abc");
    RequestContext.Builder b = RequestContext.builder();
    vpc.profile("10.0.0.5").putInto(b);
    RequestContext ctx = b.build();
    assertThat(ctx.get("aws:SourceVpc").single()).isEqualTo("vpc-1a2b3c4d");
    assertThat(ctx.get("aws:VpcSourceIp").single()).isEqualTo("10.0.0.5");
    assertThat(ctx.get("aws:SourceIp")).isNull();
    assertThat(ctx.get("aws:SecureTransport").single()).isEqualTo("true");

    Listener plain = Listener.parse("127.0.0.2:4568, source-ip=192.0.2.10 ,secure-transport=false");
    // what a request carried under a network key's name is replaced: AWS sets these from the connection
    b = RequestContext.builder().put("aws:SourceIp", "127.0.0.1").put("aws:SourceVpc", "vpc-forged")
        .put("aws:SecureTransport", "true");
    plain.profile("127.0.0.1").putInto(b);
    ctx = b.build();
    assertThat(ctx.get("aws:SourceIp").single()).isEqualTo("192.0.2.10");
    assertThat(ctx.get("aws:SecureTransport").single()).isEqualTo("false");
    assertThat(ctx.get("aws:SourceVpc")).isNull();
    assertThat(Listener.parse("127.0.0.1:1,secure-transport=true").secureTransport()).isTrue();
  }

  @Test
  void badSpecsSayWhatWasExpected() {
    assertThatThrownBy(() -> Listener.parse("127.0.0.1:1,secure-transport=no"))
        .hasMessageContaining("secure-transport must be true or false, got no");
    assertThatThrownBy(() -> Listener.parse("127.0.0.1:1,tls=false"))
        .hasMessageContaining("unknown setting 'tls' (expected vpc=, vpce=, source-ip= or secure-transport=)");
    assertThatThrownBy(() -> Listener.parse("4567")).hasMessageContaining("expected HOST:PORT first");
    assertThatThrownBy(() -> Listener.parse("127.0.0.1:1,vpce=vpce-1")).hasMessageContaining("vpce= needs vpc=");
  }
}
