package dev.iamlocal.server.iam;

import dev.iamlocal.server.protocol.JsonNodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Hole 12: a page of a list touches only its own items, so a simulation whose results are computed
 * on access (SimulationApi) costs MaxItems evaluations, not actions x resources.
 */
class PageTest {

  @Test
  void hole12_aPageComputesOnlyItsOwnItems() {
    AtomicInteger computed = new AtomicInteger();
    AbstractList<Integer> million = new AbstractList<>() {
      @Override
      public Integer get(int i) {
        computed.incrementAndGet();
        return i;
      }

      @Override
      public int size() {
        return 1_000_000;
      }
    };
    ApiSupport.Page<Integer> first = ApiSupport.page(million, new IamApi.Params(Map.of()));
    first.into(JsonNodes.object(), "Results", i -> JsonNodes.object().numberNode(i));
    assertThat(computed.get()).isEqualTo(100);
    ApiSupport.Page<Integer> next = ApiSupport.page(million,
        new IamApi.Params(Map.of("Marker", first.nextMarker(), "MaxItems", "1000")));
    var y = next.into(JsonNodes.object(), "Results", i -> JsonNodes.object().numberNode(i));
    assertThat(computed.get()).isEqualTo(1100);
    assertThat(y.get("Results").get(0).asInt()).isEqualTo(100);
    assertThat(y.get("Results")).hasSize(1000);
    assertThat(y.get("Results").get(999).asInt()).isEqualTo(1099);
  }
}
