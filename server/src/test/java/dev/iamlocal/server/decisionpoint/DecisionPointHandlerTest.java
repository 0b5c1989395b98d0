package dev.iamlocal.server.decisionpoint;

import dev.iamlocal.server.http.Exchange;
import dev.iamlocal.server.ServerFixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/authorize} is served by a Jetty handler in front of Javalin: what Javalin did for
 * it (limits, error bodies, leaving other routes alone) must still hold. The signed happy paths
 * are in {@link StsAndAuthorizeSdkTest}.
 */
class DecisionPointHandlerTest extends ServerFixture {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create(server.endpoint() + path);
  }

  @Test
  void anUnsignedCallGetsAwsErrorAsJsonWithARequestId() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/authorize"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).contains("\"code\":\"MissingAuthenticationToken\"");
    String id = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertThat(r.body()).contains("\"requestId\":\"" + id + "\"");
  }

  @Test
  void aBodyOverTheLimitIsRefusedBeforeAnythingElse() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/authorize"))
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(Exchange.MAX_BODY + 1))));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("RequestEntityTooLarge");
  }

  @Test
  void aTrailingSlashIsTheSameRouteAsWithJavalinAndJettysStatisticsStillSeeEveryRequest() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/v1/authorize/"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("MissingAuthenticationToken");
    var stats = server.jetty().getChildHandlerByClass(org.eclipse.jetty.server.handler.StatisticsHandler.class);
    assertThat(stats).as("Javalin's StatisticsHandler (graceful stop) is kept").isNotNull();
    assertThat(stats.getChildHandlerByClass(DecisionPointHandler.class)).as("and sees /v1/authorize").isNotNull();
  }

  @Test
  void otherMethodsAndPathsStillReachJavalin() throws Exception {
    assertThat(send(HttpRequest.newBuilder(uri("/v1/authorize")).GET()).statusCode()).isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri("/v1/authorize/x/"))
        .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(404);
    HttpResponse<String> css = send(HttpRequest.newBuilder(uri("/console/static/console.css")).GET());
    assertThat(css.statusCode()).isEqualTo(200);
    // the IAM Query API on POST / is still Javalin's
    HttpResponse<String> iam = send(HttpRequest.newBuilder(uri("/"))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")));
    assertThat(iam.statusCode()).isEqualTo(403);
    assertThat(iam.body()).contains("<Code>MissingAuthenticationToken</Code>");
  }
}
