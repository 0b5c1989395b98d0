package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ManagedPoliciesTest {

  private final ManagedPolicies policies = ManagedPolicies.bundled();

  @Test
  void all87ArePresentAndParse() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(policies.all()).hasSize(87);
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
  void documentIsKeptAsText() {
    ManagedPolicy readOnly = policies.byName("ReadOnlyAccess").orElseThrow();
    assertThat(readOnly.versionId()).isEqualTo("v188");
    // Action strings stay as written, including the retired services' actions.
    assertThat(readOnly.document()).contains("\"deepcomposer:");
  }
}
