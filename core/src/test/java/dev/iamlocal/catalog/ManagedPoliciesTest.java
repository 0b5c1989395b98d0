package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ManagedPoliciesTest {

  private final ManagedPolicies policies = ManagedPolicies.bundled();

  @Test
  void all1594ArePresentAndParse() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(policies.all()).hasSize(1594);
    assertThat(policies.list()).hasSize(1594);
    assertThat(SageMakerManagedPolicies.all()).hasSize(87);
    for (ManagedPolicy p : policies.all()) {
      JsonNode doc = mapper.readTree(p.document());
      assertThat(doc.get("Statement")).as(p.name()).isNotNull();
      assertThat(p.arn()).endsWith("/" + p.name());
      assertThat(p.arn()).isEqualTo("arn:aws:iam::aws:policy" + p.path() + p.name());
    }
  }

  @Test
  void sageMakerFullAccess() throws Exception {
    ManagedPolicy p =
        policies.byArn("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess").orElseThrow();
    assertThat(p.name()).isEqualTo("AmazonSageMakerFullAccess");
    assertThat(p.versionId()).isEqualTo("v29");
    assertThat(p.path()).isEqualTo("/");
    assertThat(p.createDate()).isEqualTo("2017-11-29T13:07:59.000Z");
    assertThat(p.updateDate()).isEqualTo("2026-02-12T17:58:32.000Z");
    JsonNode doc = new ObjectMapper().readTree(p.document());
    assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(doc.get("Statement")).hasSize(44);
    assertThat(p.document()).startsWith("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    assertThat(policies.byName("amazonsagemakerfullaccess")).contains(p);
  }

  @Test
  void pathsAreTolerated() {
    String withPath = "arn:aws:iam::aws:policy/service-role/AWSQuickSightSageMakerPolicy";
    ManagedPolicy p = policies.byArn(withPath).orElseThrow();
    assertThat(p.arn()).isEqualTo(withPath);
    assertThat(p.path()).isEqualTo("/service-role/");
    assertThat(policies.byArn("arn:aws:iam::aws:policy/AWSQuickSightSageMakerPolicy")).contains(p);
    assertThat(policies.byArn("arn:aws:iam::aws:policy/wrong-path/AWSQuickSightSageMakerPolicy"))
        .isEmpty();
    assertThat(policies.byArn("arn:aws:iam::aws:policy/NoSuchPolicy")).isEmpty();
    assertThat(policies.byArn("arn:aws:iam::123456789012:policy/AmazonSageMakerFullAccess"))
        .isEmpty();
  }

  @Test
  void everyPathOfTheDataIsThere() {
    assertThat(policies.list().stream().map(ManagedPolicies.Info::path).distinct())
        .containsExactlyInAnyOrder("/", "/service-role/", "/aws-service-role/", "/job-function/", "/root-task/");
    assertThat(policies.infoByExactArn("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess")).isPresent();
    assertThat(policies.infoByExactArn("arn:aws:iam::aws:policy/ViewOnlyAccess")).isEmpty();
    assertThat(policies.byArn("arn:aws:iam::aws:policy/ViewOnlyAccess")).isPresent();
    assertThat(policies.infoByExactArn("arn:aws:iam::aws:policy/aws-service-role/AmazonSageMakerNotebooksServiceRolePolicy"))
        .map(ManagedPolicies.Info::versionsCount).hasValueSatisfying(n -> assertThat(n).isPositive());
  }

  @Test
  void layoutIsJsonStringifyWithTwoSpaces() {
    assertThat(ManagedPolicies.layout("{\"a\":[],\"b\":{},\"c\":[1,\"x\"],\"d\":{\"e\":true}}"))
        .isEqualTo("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    \"x\"\n  ],\n  \"d\": {\n    \"e\": true\n  }\n}\n");
  }

  @Test
  void documentIsKeptAsText() {
    ManagedPolicy readOnly = policies.byName("ReadOnlyAccess").orElseThrow();
    assertThat(readOnly.versionId()).isEqualTo("v188");
    // Action strings stay as written, including the retired services' actions.
    assertThat(readOnly.document()).contains("\"deepcomposer:");
  }
}
