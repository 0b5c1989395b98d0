package dev.iamlocal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iamlocal access-matrix: principals × actions, each cell ALWAYS / NEVER / CONDITIONAL, proved, with examples. */
class AccessMatrixCommandTest {

  @TempDir Path dir;

  @Test
  void onePrincipalFromItsPolicyAsJson() {
    Cli.Result r = Cli.run("access-matrix", "--policy", Cli.seedDir().resolve("21-devteam1-deny-project-b.json").toString(),
        "--actions", "sagemaker:AddTags,sagemaker:DescribeNotebookInstance,s3:GetObject", "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode cells = r.json().get("principals").get(0).get("cells");
    assertThat(cells.get(0).get("result").asText()).isEqualTo("NEVER");
    assertThat(cells.get(0).has("deniedExample")).isTrue();
    JsonNode describe = cells.get(1);
    assertThat(describe.get("result").asText()).isEqualTo("CONDITIONAL");
    assertThat(describe.get("condition").asText()).isEqualTo("unless sagemaker:ResourceTag/Project = B");
    assertThat(describe.get("deniedExample").get("context").get("sagemaker:ResourceTag/Project").asText()).isEqualTo("B");
    assertThat(describe.get("allowedExample").get("action").asText()).isEqualTo("sagemaker:DescribeNotebookInstance");
    assertThat(cells.get(2).get("result").asText()).isEqualTo("NEVER");
  }

  @Test
  void principalsFromScenariosWithTagsAndBoundaries() {
    String tagged = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"data\"}}}]}";
    String boundary = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"*\"}]}";
    String scenarios = "["
        + "{\"name\":\"a\",\"principal\":\"arn:aws:iam::111122223333:user/ana\",\"principalTags\":{\"team\":\"data\"},"
        + "\"identityPolicies\":[" + tagged + "],\"action\":\"s3:GetObject\",\"resource\":\"*\"},"
        + "{\"name\":\"b\",\"principal\":\"arn:aws:iam::111122223333:user/ben\",\"principalTags\":{\"team\":\"web\"},"
        + "\"identityPolicies\":[" + tagged + "],\"action\":\"s3:GetObject\",\"resource\":\"*\"},"
        + "{\"name\":\"c\",\"principal\":\"arn:aws:iam::111122223333:user/cy\",\"principalTags\":{\"team\":\"data\"},"
        + "\"identityPolicies\":[" + tagged + "],\"permissionsBoundary\":" + boundary + ",\"action\":\"s3:GetObject\","
        + "\"resource\":\"*\"}]";
    Path f = Cli.write(dir, "principals.json", scenarios);
    Cli.Result r = Cli.run("access-matrix", "--input", f.toString(), "--actions", "s3:GetObject,s3:PutObject",
        "--output", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines()).first().isEqualTo("principal,action,result,condition,allowed_example,denied_example");
    assertThat(r.out()).contains("arn:aws:iam::111122223333:user/ana,s3:GetObject,ALWAYS,")
        .contains("arn:aws:iam::111122223333:user/ana,s3:PutObject,ALWAYS,")
        .contains("arn:aws:iam::111122223333:user/ben,s3:GetObject,NEVER,")
        .contains("arn:aws:iam::111122223333:user/cy,s3:GetObject,ALWAYS,")
        .contains("arn:aws:iam::111122223333:user/cy,s3:PutObject,NEVER,");
  }

  @Test
  void theSameArnWithOtherPoliciesIsARowOfItsOwn() {
    // two scenarios of one ARN, one allowed everything, one nothing: both rows, in order (a map by
    // name kept only the second's cells, under the first's position)
    String all = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    String none = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    String scenarios = "["
        + "{\"name\":\"a\",\"principal\":\"arn:aws:iam::111122223333:user/ana\",\"identityPolicies\":[" + all
        + "],\"action\":\"s3:GetObject\",\"resource\":\"*\"},"
        + "{\"name\":\"b\",\"principal\":\"arn:aws:iam::111122223333:user/ana\",\"identityPolicies\":[" + none
        + "],\"action\":\"s3:GetObject\",\"resource\":\"*\"}]";
    Path f = Cli.write(dir, "same-arn.json", scenarios);
    Cli.Result r = Cli.run("access-matrix", "--input", f.toString(), "--actions", "s3:GetObject", "--output", "csv");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().skip(1).map(l -> l.split(",")[2]).toList()).containsExactly("ALWAYS", "NEVER");
  }

  @Test
  void examplesListThePrincipalsTagsInTheFilesOrder() {
    // Map.copyOf's order changes from one JVM to the next; the tags' order is the file's, so two runs
    // of one input print the same bytes
    StringBuilder tags = new StringBuilder();
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String k = "t" + (char) ('z' - i) + i;
      names.add("aws:principaltag/" + k); // (the output's context names keys in lower case)
      tags.append(i == 0 ? "" : ",").append('"').append(k).append("\":\"v").append(i).append('"');
    }
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
        + "\"Resource\":\"arn:aws:s3:::b/${aws:PrincipalTag/tz0}/*\"}]}";
    String scenarios = "[{\"principal\":\"arn:aws:iam::111122223333:user/ana\",\"principalTags\":{" + tags
        + "},\"identityPolicies\":[" + policy + "],\"action\":\"s3:GetObject\",\"resource\":\"*\"}]";
    Path f = Cli.write(dir, "tags.json", scenarios);
    Cli.Result r = Cli.run("access-matrix", "--input", f.toString(), "--actions", "s3:GetObject", "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> seen = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(aws:principaltag/[a-z0-9]+)\"").matcher(r.out());
    while (m.find() && seen.size() < names.size()) {
      seen.add(m.group(1));
    }
    assertThat(seen).containsExactlyElementsOf(names);
  }

  @Test
  void textShowsTheConditionAndBothExamples() {
    Cli.Result r = Cli.run("access-matrix", "--policy", Cli.seedDir().resolve("14-enforce-training-instance-type.json")
        .toString(), "--actions", "sagemaker:CreateTrainingJob");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("sagemaker:CreateTrainingJob").contains("CONDITIONAL")
        .contains("only if sagemaker:InstanceTypes ⊆ like ml.c5.*").contains("allowed e.g.").contains("denied e.g.");
  }

  @Test
  void aWholeServiceAndItsInvalidInputs() {
    Cli.Result r = Cli.run("access-matrix", "--policy", Cli.seedDir().resolve("21-devteam1-deny-project-b.json").toString(),
        "--service", "sagemaker", "--output", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.json().get("principals").get(0).get("cells").size()).isGreaterThan(400);
    assertThat(Cli.run("access-matrix", "--policy", "{", "--actions", "s3:GetObject").code()).isEqualTo(2);
    assertThat(Cli.run("access-matrix", "--actions", "s3:GetObject").code()).isEqualTo(2);
    assertThat(Cli.run("access-matrix", "--policy", "{}", "--actions", "s3:Get*").code()).isEqualTo(2);
    assertThat(Cli.run("access-matrix", "--policy", "{}", "--service", "nosuchservice").code()).isEqualTo(2);
  }
}
