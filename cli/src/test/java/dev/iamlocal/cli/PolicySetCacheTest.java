package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iamlocal.cli.scenario.PolicySetCache;
import dev.iamlocal.cli.scenario.Scenario;
import dev.iamlocal.cli.scenario.ScenarioException;
import dev.iamlocal.cli.scenario.ScenarioReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySetCacheTest {

  private static String scenario(String policy, String name) {
    return "{\"identityPolicies\": [{\"name\": \"" + name + "\", \"policy\": " + policy + "}],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"sagemaker:ListModels\"}";
  }

  @Test
  void samePoliciesCompileOnceDifferentTextOrNameCompilesAgain() {
    String p21 = Cli.seed("21-").strip();
    String p22 = Cli.seed("22-").strip();
    List<Scenario> all = ScenarioReader.readAll("[" + scenario(p21, "A") + "," + scenario(p21, "A") + ","
        + scenario(p22, "A") + "," + scenario(p21, "B") + "," + scenario(p21, "A") + "]", "t.json");
    PolicySetCache cache = new PolicySetCache(16);
    var first = cache.policySet(all.get(0), "t.json");
    assertThat(cache.policySet(all.get(1), "t.json")).isSameAs(first);
    cache.policySet(all.get(2), "t.json");
    cache.policySet(all.get(3), "t.json");
    assertThat(cache.policySet(all.get(4), "t.json")).isSameAs(first);
    assertThat(cache.compiledSets()).isEqualTo(3);
    assertThat(cache.parsedPolicies()).isEqualTo(3);
  }

  @Test
  void theCacheIsBounded() {
    PolicySetCache cache = new PolicySetCache(1);
    List<Scenario> all = ScenarioReader.readAll("[" + scenario(Cli.seed("21-"), "A") + "," + scenario(Cli.seed("22-"), "A") + ","
        + scenario(Cli.seed("21-"), "A") + "]", "t.json");
    all.forEach(s -> cache.policySet(s, "t.json"));
    assertThat(cache.compiledSets()).isEqualTo(3);
  }

  @Test
  void anInvalidPolicyIsLocatedInTheFile() {
    Scenario s = ScenarioReader.readAll("{\n\"identityPolicies\": [\n  {\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\"}}],"
        + " \"principal\": \"arn:aws:iam::111122223333:user/a\", \"action\": \"s3:GetObject\"}", "f.json").get(0);
    assertThatThrownBy(() -> new PolicySetCache(4).policySet(s, "f.json"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("f.json:3:")
        .hasMessageContaining("MISSING_ACTION");
  }
}
