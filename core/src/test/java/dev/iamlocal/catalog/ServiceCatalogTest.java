package dev.iamlocal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The "Sanity facts" of the source data's README, checked through the public API. */
class ServiceCatalogTest {

  private final ServiceCatalog catalog = ServiceCatalog.bundled();

  private static List<String> names(List<ActionDefinition> actions) {
    return actions.stream().map(ActionDefinition::name).toList();
  }

  @Test
  void has457Services() {
    assertThat(catalog.servicePrefixes()).hasSize(457).contains("sagemaker", "s3", "iam");
  }

  @Test
  void sagemakerCounts() {
    ServiceDefinition sm = catalog.service("SageMaker").orElseThrow();
    assertThat(sm.prefix()).isEqualTo("sagemaker");
    assertThat(sm.name()).isEqualTo("Amazon SageMaker");
    assertThat(sm.status()).isEqualTo(ServiceStatus.CURRENT);
    assertThat(sm.actions()).hasSize(449);
    assertThat(sm.resourceTypes()).hasSize(73);
    assertThat(sm.conditionKeys()).hasSize(68);
    Map<AccessLevel, Long> byLevel =
        sm.actions().stream()
            .collect(Collectors.groupingBy(ActionDefinition::accessLevel, Collectors.counting()));
    assertThat(byLevel)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                AccessLevel.WRITE, 250L,
                AccessLevel.READ, 101L,
                AccessLevel.LIST, 96L,
                AccessLevel.TAGGING, 2L));
  }

  @Test
  void totalsOverAllServices() {
    List<ActionDefinition> all = catalog.expand("*");
    assertThat(all).hasSize(22098);
    assertThat(catalog.expand("*:*")).hasSize(22098);
    assertThat(all.stream().filter(ActionDefinition::dependentActionsKnown)).hasSize(20913);
    assertThat(all.stream().filter(a -> !a.dependentActions().isEmpty())).hasSize(1696);
    assertThat(catalog.globalConditionKeys()).hasSize(59);
  }

  @Test
  void createTrainingJob() {
    ActionDefinition a = catalog.action("SAGEMAKER:createtrainingjob").orElseThrow();
    assertThat(a.fullName()).isEqualTo("sagemaker:CreateTrainingJob");
    assertThat(a.accessLevel()).isEqualTo(AccessLevel.WRITE);
    assertThat(a.dependentActions()).containsExactly("iam:PassRole", "sagemaker:AddTags");
    assertThat(a.dependentActionsKnown()).isTrue();

    Map<String, ActionResourceType> rows =
        a.resourceTypes().stream()
            .collect(Collectors.toMap(ActionResourceType::name, Function.identity()));
    assertThat(rows).containsOnlyKeys("training-job", "reserved-capacity", "training-plan");
    assertThat(rows.get("training-job").required()).isTrue();
    assertThat(rows.get("reserved-capacity").required()).isFalse();
    assertThat(rows.get("training-plan").required()).isFalse();
    assertThat(catalog.service("sagemaker").orElseThrow().resourceType("training-job"))
        .get()
        .extracting(ResourceTypeDefinition::arnFormat)
        .isEqualTo(
            "arn:${Partition}:sagemaker:${Region}:${Account}:training-job/${TrainingJobName}");

    assertThat(catalog.conditionKeysFor(a))
        .contains(
            "sagemaker:InstanceTypes",
            "sagemaker:VpcSubnets",
            "sagemaker:VpcSecurityGroupIds",
            "sagemaker:NetworkIsolation",
            "aws:RequestTag/${TagKey}",
            "aws:TagKeys",
            "sagemaker:VolumeKmsKeyArn",
            "sagemaker:OutputKmsKeyArn",
            // from the training-job resource type
            "aws:ResourceTag/${TagKey}",
            "sagemaker:ResourceTag/${TagKey}")
        .doesNotContain("sagemaker:VolumeKmsKey", "sagemaker:OutputKmsKey");
    assertThat(catalog.supportsConditionKey(a, "sagemaker:instancetypes")).isTrue();
    assertThat(catalog.supportsConditionKey(a, "sagemaker:ResourceTag/Project")).isTrue();
    assertThat(catalog.supportsConditionKey(a, "aws:SourceIp")).isTrue();
    assertThat(catalog.supportsConditionKey(a, "sagemaker:VolumeKmsKey")).isFalse();
    assertThat(catalog.supportsConditionKey(a, "sagemaker:ModelArn")).isFalse();
  }

  @Test
  void conditionKeyTypes() {
    assertThat(catalog.conditionKey("sagemaker:InstanceTypes"))
        .get()
        .satisfies(
            k -> {
              assertThat(k.type()).isEqualTo(ConditionKeyType.STRING);
              assertThat(k.multivalued()).isTrue();
              assertThat(k.global()).isFalse();
            });
    assertThat(catalog.conditionKey("sagemaker:NetworkIsolation").orElseThrow().type())
        .isEqualTo(ConditionKeyType.BOOL);
    assertThat(catalog.conditionKey("aws:TagKeys").orElseThrow())
        .satisfies(
            k -> {
              assertThat(k.multivalued()).isTrue();
              assertThat(k.global()).isTrue();
            });
    assertThat(catalog.conditionKey("aws:epochtime").orElseThrow())
        .satisfies(
            k -> {
              assertThat(k.name()).isEqualTo("aws:EpochTime");
              assertThat(k.type()).isEqualTo(ConditionKeyType.DATE);
              assertThat(k.multivalued()).isFalse();
            });
    assertThat(catalog.conditionKey("aws:SourceIp").orElseThrow().type())
        .isEqualTo(ConditionKeyType.IP_ADDRESS);
  }

  @Test
  void deprecatedKey() {
    ConditionKeyDefinition k = catalog.conditionKey("sagemaker:VolumeKmsKey").orElseThrow();
    assertThat(k.deprecated()).isTrue();
    assertThat(k.replacedBy()).contains("sagemaker:VolumeKmsKeyArn");
    assertThat(k.type()).isEqualTo(ConditionKeyType.ARN);
    assertThat(catalog.conditionKey("sagemaker:VolumeKmsKeyArn").orElseThrow().deprecated())
        .isFalse();
    assertThat(
            catalog.expand("sagemaker:*").stream()
                .filter(a -> catalog.conditionKeysFor(a).contains("sagemaker:VolumeKmsKey")))
        .isEmpty();
  }

  @Test
  void tagKeysResolveThroughTheirPattern() {
    ConditionKeyDefinition request = catalog.conditionKey("aws:RequestTag/environment").orElseThrow();
    assertThat(request.name()).isEqualTo("aws:RequestTag/${TagKey}");
    assertThat(request.type()).isEqualTo(ConditionKeyType.STRING);
    assertThat(request.global()).isTrue();
    ConditionKeyDefinition resource =
        catalog.conditionKey("SageMaker:ResourceTag/Project").orElseThrow();
    assertThat(resource.name()).isEqualTo("sagemaker:ResourceTag/${TagKey}");
    assertThat(resource.global()).isFalse();
    assertThat(catalog.conditionKey("sagemaker:NoSuchKey")).isEmpty();
    assertThat(catalog.conditionKey("nosuchservice:Key")).isEmpty();
  }

  @Test
  void keysUnderForeignPrefixesResolve() {
    assertThat(catalog.conditionKey("saml:aud")).get().extracting(ConditionKeyDefinition::name)
        .isEqualTo("saml:aud");
    assertThat(catalog.conditionKey("token.actions.octo.ghe.com:actor"))
        .get()
        .extracting(ConditionKeyDefinition::name)
        .isEqualTo("token.actions.${Domain}.ghe.com:actor");
  }

  @Test
  void typoHasSuggestion() {
    assertThat(catalog.action("sagemaker:CreateFlowDefiniton")).isEmpty();
    assertThat(catalog.action("sagemaker:CreateFlowDefinition")).isPresent();
    assertThat(catalog.suggestActions("sagemaker:CreateFlowDefiniton", 3))
        .first()
        .isEqualTo("sagemaker:CreateFlowDefinition");
    assertThat(catalog.suggestActions("sagemaker:CreaetTrainingJob", 3))
        .first()
        .isEqualTo("sagemaker:CreateTrainingJob");
    assertThat(catalog.suggestActions("sagemakr:CreateTrainingJob", 3))
        .first()
        .isEqualTo("sagemaker:CreateTrainingJob");
    assertThat(catalog.suggestServicePrefixes("sagemakr")).first().isEqualTo("sagemaker");
    assertThat(catalog.suggestActions("sagemaker:Zzzzzzzzzzzzzzzzzzzz", 3)).isEmpty();
  }

  @Test
  void wildcardExpansions() {
    assertThat(names(catalog.expand("sagemaker:*Algorithm")))
        .containsExactly("CreateAlgorithm", "DeleteAlgorithm", "DescribeAlgorithm");
    assertThat(names(catalog.expand("sagemaker:*Endpoint")))
        .containsExactly(
            "CreateEndpoint", "DeleteEndpoint", "DescribeEndpoint", "InvokeEndpoint",
            "UpdateEndpoint");
    assertThat(names(catalog.expand("SageMaker:*model")))
        .containsExactly(
            "CreateModel", "CreateSharedModel", "DeleteModel", "DeployHubModel", "DescribeModel",
            "DescribeSharedModel", "TrainHubModel", "UpdateSharedModel");
    assertThat(catalog.expand("sagemaker:*")).hasSize(449);
    assertThat(catalog.expand("s3:Get*"))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.name()).startsWith("Get"))
        .extracting(ActionDefinition::prefix)
        .containsOnly("s3");
    assertThat(names(catalog.expand("s3:GetObjec?"))).containsExactly("GetObject");
    assertThat(catalog.expand("sagemaker:CreateTrainingJob")).hasSize(1);
    assertThat(catalog.expand("nosuch:*")).isEmpty();
  }

  @Test
  void wildcardInPrefixSpansServices() {
    List<ActionDefinition> acts = catalog.expand("s3*:Get*");
    assertThat(acts).extracting(ActionDefinition::prefix).contains("s3", "s3express");
    assertThat(acts).allSatisfy(a -> assertThat(a.prefix()).startsWith("s3"));
    assertThat(acts).allSatisfy(a -> assertThat(a.name()).startsWith("Get"));
    assertThat(catalog.expand("sagemaker*:*"))
        .extracting(ActionDefinition::prefix)
        .contains("sagemaker", "sagemaker-geospatial");
  }

  @Test
  void retiredElasticInference() {
    ServiceDefinition ei = catalog.service("elastic-inference").orElseThrow();
    assertThat(ei.status()).isEqualTo(ServiceStatus.RETIRED);
    assertThat(ei.statusNote()).isPresent();
    assertThat(ei.actions()).hasSize(7);
    assertThat(catalog.action("elastic-inference:Connect"))
        .get()
        .extracting(ActionDefinition::accessLevel)
        .isEqualTo(AccessLevel.WRITE);
    assertThat(catalog.service("sagemaker").orElseThrow().statusNote()).isEmpty();
  }

  @Test
  void resourceTypesOfArns() {
    assertThat(catalog.resourceTypeOf("arn:aws:s3:::bucket")).get()
        .extracting(ResourceTypeDefinition::name).isEqualTo("bucket");
    assertThat(catalog.resourceTypeOf("arn:aws:s3:::bucket/key/x")).get()
        .extracting(ResourceTypeDefinition::name).isEqualTo("object");
    assertThat(
            catalog.resourceTypeOf("arn:aws:sagemaker:us-east-1:111122223333:training-job/j1"))
        .get()
        .extracting(ResourceTypeDefinition::name)
        .isEqualTo("training-job");
    assertThat(
            catalog.resourceTypeOf(
                "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb"))
        .get()
        .extracting(ResourceTypeDefinition::name)
        .isEqualTo("notebook-instance");
    assertThat(catalog.resourceTypeOf("arn:aws:sagemaker:us-east-1:111122223333:endpoint/e"))
        .get()
        .extracting(ResourceTypeDefinition::name)
        .isEqualTo("endpoint");
    assertThat(catalog.resourceTypeOf("arn:aws:iam::111122223333:role/path/to/MyRole"))
        .get()
        .extracting(ResourceTypeDefinition::name)
        .isEqualTo("role");
    assertThat(
            catalog.resourceTypeOf(
                "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:s1"))
        .get()
        .extracting(ResourceTypeDefinition::name)
        .isEqualTo("log-stream");
    assertThat(catalog.resourceTypeOf("arn:aws:sagemaker:us-east-1:111122223333:no-such/x"))
        .isEmpty();
    assertThat(catalog.resourceTypeOf("not an arn")).isEmpty();
  }
}
