package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** iamlocal diff: access added and removed, by service and access level, each with an example. */
class DiffCommandTest {

  @Test
  void seed21ToSeed01AddsTaggingAndProjectBAndOtherServices() {
    Cli.Result r = Cli.run("diff", Cli.seedDir().resolve("21-devteam1-deny-project-b.json").toString(),
        Cli.seedDir().resolve("01-console-access.json").toString(), "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = r.json();
    JsonNode tagging = j.get("added").get("sagemaker").get("Tagging");
    assertThat(tagging.toString()).contains("sagemaker:AddTags").contains("sagemaker:DeleteTags");
    // a write on a Project=B resource: the example carries the tag
    JsonNode write = j.get("added").get("sagemaker").get("Write").get(0);
    assertThat(write.get("context").get("sagemaker:ResourceTag/Project").asText()).isEqualTo("B");
    assertThat(j.get("added").has("iam")).isTrue();
    assertThat(j.get("removed").size()).isZero();
  }

  @Test
  void textGroupsAndSigns() {
    String old = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Resource\":\"*\"}]}";
    String nw = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":\"*\"}]}";
    Cli.Result r = Cli.run("diff", old, nw);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("+ access added (1 action)").contains("+ s3:ListBucket  e.g. on").contains("List:")
        .contains("- access removed (1 action)").contains("- s3:PutObject  e.g. on").contains("Write:");
    assertThat(Cli.run("diff", old, old).out()).contains("no access added or removed");
    assertThat(Cli.run("diff", old, "{").code()).isEqualTo(2);
  }

  @Test
  void anActionOutsideTheCatalogIsADifference() {
    String old = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:GetBrandNewThing\",\"Resource\":\"*\"}]}";
    String nw = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    Cli.Result r = Cli.run("diff", old, nw);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("+ s3:GetBrandNewThing").contains("not in the catalog")
        .doesNotContain("no access added or removed");
  }
}
