package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CatalogTextTest {

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private static final String TEXT =
      lines(
          "# comment",
          "G\taws:PrincipalTag/${TagKey}\tString\t\t\t^aws:PrincipalTag/.+$\tprincipal",
          "G\taws:Old\tArrayOfString\td\taws:New\t\tprincipal",
          "S\tdemo\tDemo Service\tretired\tgone\\tsince 2020\tdemo other\tx-${Id}",
          "T\tthing\tarn:${Partition}:demo:::thing/${Id}\tdemo:Tag\\sA aws:ResourceTag/${TagKey}",
          "K\tdemo:Tag\\sA\tArrayOfIPAddress\t\t\t^demo:a\\\\.b$",
          "A\tGetThing\tRead\t\t\tu",
          "R\tthing\tr\tdemo:Tag\\sA\tdemo:ListThings",
          "A\tRunThing\tPermissions management\tdemo:K1\tdemo:A demo:B\t",
          "R\tthing\t\t\t",
          "C\tScenarioOne",
          "R\tthing\tr\t\t",
          "R\tother\t\t\t",
          "C\tScenarioTwo",
          "",
          "S\tsecond\tSecond\tcurrent\t\t\t",
          "A\tList\tList\t\t\t");

  @Test
  void decodesEveryRecordKind() {
    CatalogText text = CatalogText.of(TEXT);

    assertThat(text.globalKeys())
        .containsExactly(
            new ConditionKeyDefinition("aws:PrincipalTag/${TagKey}", ConditionKeyType.STRING,
                false, true, false, Optional.empty(), Optional.of("^aws:PrincipalTag/.+$")),
            new ConditionKeyDefinition("aws:Old", ConditionKeyType.STRING, true, true, true,
                Optional.of("aws:New"), Optional.empty()));

    assertThat(text.index()).hasSize(2);
    ServiceCatalog.IndexEntry demo = text.index().get(0);
    assertThat(demo.prefix()).isEqualTo("demo");
    assertThat(demo.name()).isEqualTo("Demo Service");
    assertThat(demo.status()).isEqualTo(ServiceStatus.RETIRED);
    assertThat(demo.arnServices()).isEqualTo(Set.of("demo", "other"));
    assertThat(demo.keyPrefixPatterns()).containsExactly("x-*");

    ServiceDefinition s = text.service(demo);
    assertThat(s.statusNote()).contains("gone\tsince 2020");
    assertThat(s.resourceTypes())
        .containsExactly(new ResourceTypeDefinition("demo", "thing",
            "arn:${Partition}:demo:::thing/${Id}", List.of("demo:Tag A", "aws:ResourceTag/${TagKey}")));
    assertThat(s.conditionKeys())
        .containsExactly(new ConditionKeyDefinition("demo:Tag A", ConditionKeyType.IP_ADDRESS, true,
            false, false, Optional.empty(), Optional.of("^demo:a\\.b$")));
    assertThat(s.actions())
        .containsExactly(
            new ActionDefinition("demo", "GetThing", AccessLevel.READ,
                List.of(new ActionResourceType("thing", true, List.of("demo:Tag A"),
                    List.of("demo:ListThings"))),
                List.of(), List.of(), false, List.of()),
            new ActionDefinition("demo", "RunThing", AccessLevel.PERMISSIONS_MANAGEMENT,
                List.of(new ActionResourceType("thing", false, List.of(), List.of())),
                List.of("demo:K1"), List.of("demo:A", "demo:B"), true,
                List.of(
                    new ActionScenario("ScenarioOne", List.of(
                        new ActionResourceType("thing", true, List.of(), List.of()),
                        new ActionResourceType("other", false, List.of(), List.of()))),
                    new ActionScenario("ScenarioTwo", List.of()))));

    ServiceDefinition second = text.service(text.index().get(1));
    assertThat(second.status()).isEqualTo(ServiceStatus.CURRENT);
    assertThat(second.statusNote()).isEmpty();
    assertThat(second.actions()).extracting(ActionDefinition::fullName).containsExactly("second:List");
  }

  @Test
  void aCatalogOverTextAnswersLikeTheBundledOne() {
    ServiceCatalog catalog = ServiceCatalog.over(CatalogText.of(TEXT));
    assertThat(catalog.servicePrefixes()).containsExactly("demo", "second");
    assertThat(catalog.action("DEMO:getthing")).map(ActionDefinition::name).contains("GetThing");
    assertThat(catalog.conditionKey("aws:PrincipalTag/team")).map(ConditionKeyDefinition::global)
        .contains(true);
    assertThat(catalog.conditionKey("x-7:anything")).isEmpty();
    assertThat(catalog.resourceTypeOf("arn:aws:demo:::thing/1")).map(ResourceTypeDefinition::name)
        .contains("thing");
  }

  @Test
  void aMalformedLineNamesItsLine() {
    CatalogText text = CatalogText.of(lines("S\tdemo\tDemo\tcurrent\t\t\t", "A\tOnly\tRead\t\t\t", "Z\tjunk"));
    assertThatThrownBy(() -> text.service(text.index().get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("rerun CatalogGenerator");

    CatalogText shortLine = CatalogText.of(lines("S\tdemo\tDemo\tcurrent\t\t\t", "A\tOnly\tRead"));
    assertThatThrownBy(() -> shortLine.service(shortLine.index().get(0)))
        .hasMessageContaining("line 2: expected another field");

    CatalogText rowFirst = CatalogText.of(lines("S\tdemo\tDemo\tcurrent\t\t\t", "R\tthing\t\t\t"));
    assertThatThrownBy(() -> rowFirst.service(rowFirst.index().get(0)))
        .hasMessageContaining("an action (A) before its rows");
  }

  @Property(tries = 300)
  void escapedTextReadsBackUnchanged(@ForAll String scalar, @ForAll String item) {
    if (scalar.isEmpty() || item.isEmpty()) {
      return;
    }
    String line = "S\tp\tname\tcurrent\t" + CatalogGenerator.escape(scalar, false) + "\t"
        + CatalogGenerator.escape(item, true) + " b\t";
    CatalogText text = CatalogText.of(line + "\n");
    ServiceCatalog.IndexEntry e = text.index().get(0);
    assertThat(e.arnServices()).isEqualTo(Set.of(item, "b"));
    assertThat(text.service(e).statusNote()).contains(scalar);
  }
}
