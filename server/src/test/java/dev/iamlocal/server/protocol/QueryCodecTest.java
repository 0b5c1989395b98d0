package dev.iamlocal.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codecs serialize by the model's output shape, and nothing the model lacks. */
class QueryCodecTest {

  private final QueryCodec iam = new QueryCodec(ApiModel.iam());

  @Test
  void theOutputIsWrappedInTheResultWrapperInTheModelsMemberOrderWithMetadata() {
    ObjectNode role = JsonNodes.object().put("RoleName", "r").put("Path", "/").put("Description", (String) null);
    role.set("CreateDate", JsonNodes.time(Instant.parse("2024-01-02T03:04:05.678Z")));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("b", "2");
    tags.put("a", "<&>");
    role.set("Tags", JsonNodes.tags(tags));
    String xml = iam.write("CreateRole", out("Role", role), "rid-1");
    assertThat(xml).isEqualTo("<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
        + "<CreateRoleResult><Role><Path>/</Path><RoleName>r</RoleName><CreateDate>2024-01-02T03:04:05Z</CreateDate>"
        + "<Tags><member><Key>b</Key><Value>2</Value></member><member><Key>a</Key><Value>&lt;&amp;&gt;</Value>"
        + "</member></Tags></Role></CreateRoleResult>"
        + "<ResponseMetadata><RequestId>rid-1</RequestId></ResponseMetadata></CreateRoleResponse>");
  }

  /**
   * GetWebIdentityToken's Expiration is the one timestamp written with milliseconds, always three digits, as
   * captured from STS; the credentials of AssumeRole (the same shape, dateType) stay in whole seconds.
   */
  @Test
  void getWebIdentityTokensExpirationHasThreeDigitsOfMillisecondsOtherTimestampsNone() {
    QueryCodec sts = new QueryCodec(ApiModel.sts());
    for (String[] c : new String[][] {{"2026-04-21T06:06:47.641Z", "2026-04-21T06:06:47.641Z"},
        {"2026-04-21T07:37:10Z", "2026-04-21T07:37:10.000Z"}, {"2026-04-21T07:37:10.007999Z", "2026-04-21T07:37:10.007Z"},
        {"2026-04-21T07:37:10.05Z", "2026-04-21T07:37:10.050Z"}}) {
      ObjectNode out = JsonNodes.object().put("WebIdentityToken", "t");
      out.set("Expiration", JsonNodes.time(Instant.parse(c[0])));
      assertThat(sts.write("GetWebIdentityToken", out, "r")).contains("<Expiration>" + c[1] + "</Expiration>");
    }
    ObjectNode creds = JsonNodes.object().put("AccessKeyId", "ASIA").put("SecretAccessKey", "s").put("SessionToken", "t");
    creds.set("Expiration", JsonNodes.time(Instant.parse("2026-04-21T06:06:47.641Z")));
    assertThat(sts.write("AssumeRole", out("Credentials", creds), "r"))
        .contains("<Expiration>2026-04-21T06:06:47Z</Expiration>");
  }

  @Test
  void anOperationWithoutOutputShapeAnswersTheBareResponse() {
    assertThat(iam.write("DeleteUser", null, "rid-2")).isEqualTo("<DeleteUserResponse xmlns="
        + "\"https://iam.amazonaws.com/doc/2010-05-08/\"><ResponseMetadata><RequestId>rid-2</RequestId>"
        + "</ResponseMetadata></DeleteUserResponse>");
  }

  @Test
  void booleansNumbersListsOfScalarsEmptyListsAndMaps() {
    ObjectNode out = JsonNodes.object().put("IsTruncated", false);
    out.putArray("PolicyNames").add("a").add("b");
    assertThat(iam.write("ListUserPolicies", out, "r")).contains("<ListUserPoliciesResult><PolicyNames>"
        + "<member>a</member><member>b</member></PolicyNames><IsTruncated>false</IsTruncated></ListUserPoliciesResult>");
    ObjectNode result = JsonNodes.object().put("EvalActionName", "s3:GetObject").put("EvalDecision", "allowed");
    result.putArray("MissingContextValues");
    result.putObject("EvalDecisionDetails").put("ResourcePolicy", "implicitDeny");
    ObjectNode sim = JsonNodes.object();
    sim.putArray("EvaluationResults").add(result);
    assertThat(iam.write("SimulateCustomPolicy", sim, "r")).contains("<EvaluationResults><member>"
        + "<EvalActionName>s3:GetObject</EvalActionName><EvalDecision>allowed</EvalDecision>"
        + "<MissingContextValues></MissingContextValues><EvalDecisionDetails><entry><key>ResourcePolicy</key>"
        + "<value>implicitDeny</value></entry></EvalDecisionDetails></member></EvaluationResults>");
  }

  @Test
  void aMemberTheModelLacksIsNeverWritten() {
    ObjectNode role = JsonNodes.object().put("RoleName", "r").put("Secret", "x");
    assertThatThrownBy(() -> iam.write("GetRole", out("Role", role), "r"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("Secret");
    assertThatThrownBy(() -> iam.write("DeleteUser", JsonNodes.object().put("UserName", "u"), "r"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void jsonKeepsTheOutputShapesMembersOnlyAndWritesEpochSeconds() {
    JsonCodec sageMaker = new JsonCodec(ApiModel.sageMaker());
    ObjectNode out = JsonNodes.object().put("NotebookInstanceName", "n").put("NotAMember", "x");
    out.set("CreationTime", JsonNodes.time(Instant.ofEpochSecond(1_700_000_000, 500_000_000)));
    out.set("LastModifiedTime", JsonNodes.time(Instant.ofEpochSecond(1_700_000_001)));
    assertThat(sageMaker.write("DescribeNotebookInstance", out)).isEqualTo("{\"NotebookInstanceName\":\"n\","
        + "\"CreationTime\":1.7000000005E9,\"LastModifiedTime\":1700000001}");
    assertThat(sageMaker.write("DeleteNotebookInstance", null)).isEqualTo("{}");
  }

  /** An output with one member. */
  private static com.fasterxml.jackson.databind.node.ObjectNode out(String member,
      com.fasterxml.jackson.databind.JsonNode value) {
    com.fasterxml.jackson.databind.node.ObjectNode o = JsonNodes.object();
    o.set(member, value);
    return o;
  }
}
