package dev.iamlocal.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iamlocal.server.ServerFixture;
import dev.iamlocal.server.auth.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of the server's three codecs (Query for IAM and STS, JSON 1.1 for SageMaker, REST-JSON for
 * IAM Access Analyzer) fed malformed and hostile bodies: wrong JSON types, numbers no type holds,
 * nesting deeper than any parser allows, invalid UTF-8, inputs that library parsers refuse (keys,
 * certificates, tokens, XML). AWS answers each with a client error in its own words; so must
 * iamlocal: no 5xx, and neither the body nor any header (the {@code x-iamlocal-detail} explanation
 * included) may show a Java class name, a stack frame or a parser library's wording.
 */
class HostileBodiesTest extends ServerFixture {

  /** What only a Java program's internals say: qualified class names, exception names, frames, Jackson's words. */
  static final Pattern LEAK = Pattern.compile(
      "\\b(?:java|javax|jdk|sun|com\\.fasterxml|org|dev\\.iamlocal|io\\.javalin|software\\.amazon)\\.[a-z][\\w$]*\\.[\\w.$]+"
          + "|\\b[A-Z]\\w*(?:Exception|Error)\\b(?<!ValidationException|SerializationException"
          + "|InvalidParameterException|AccessDeniedException|InternalServerException|UnknownOperationException"
          + "|InvalidAuthorizationMessageException|InvalidIdentityTokenException|IDPRejectedClaimException"
          + "|ResourceNotFoundException|ThrottlingException|ValidationError|MissingAuthenticationTokenException)"
          + "|\\bat [a-z][\\w$]*\\.[\\w.$]+\\(|Cannot deserialize|Unexpected character \\(|\\(code \\d+\\)"
          + "|StreamReadConstraints|\\[Source:|JSON String, Number, Array|Illegal unquoted character"
          + "|Invalid UTF-8|Unexpected end-of-input|lineNumber:|columnNumber:|cvc-|Content is not allowed");

  static final String DEEP_ARRAYS = "[".repeat(5000) + "]".repeat(5000);
  static final String DEEP_OBJECTS = "{\"a\":".repeat(3000) + "1" + "}".repeat(3000);
  static final String HUGE = "9".repeat(400);
  static final byte[] BAD_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0,
      (byte) 0x80};

  final HttpClient http = HttpClient.newHttpClient();
  final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

  @org.junit.jupiter.api.BeforeEach
  void noFailuresYet() {
    failures.clear();
  }

  @BeforeAll
  void probeUser() {
    root.createUser(r -> r.userName("probe"));
  }

  // --------------------------------------------------------------------------- Query (IAM, STS)

  @Test
  void theQueryCodecAnswersHostileFormsWithClientErrorsInAwsWords() throws Exception {
    String policyHead = "{\"Version\":\"2012-10-17\",\"Statement\":";
    List<byte[]> bodies = new ArrayList<>();
    for (String form : List.of(
        "Action=ListUsers&Version=2010-05-08&MaxItems=" + HUGE,
        "Action=ListUsers&Version=2010-05-08&MaxItems=1e400",
        "Action=ListUsers&Version=2010-05-08&MaxItems=-99999999999999999999",
        "Action=ListUsers&Version=2010-05-08&MaxItems=abc",
        "Action=ListUsers&Version=2010-05-08&Marker=%00%FF%FE",
        "Action=CreateUser&Version=2010-05-08&UserName=%C3%28%FF",
        "Action=CreateUser&Version=2010-05-08&UserName=probe2&Tags.member.99999999999999999999.Key=a",
        "Action=CreatePolicy&Version=2010-05-08&PolicyName=deep&PolicyDocument=" + enc(DEEP_ARRAYS),
        "Action=CreatePolicy&Version=2010-05-08&PolicyName=deep&PolicyDocument=" + enc(DEEP_OBJECTS),
        "Action=CreatePolicy&Version=2010-05-08&PolicyName=deep&PolicyDocument=" + enc(policyHead + "[{\"Effect\""),
        "Action=CreatePolicy&Version=2010-05-08&PolicyName=num&PolicyDocument=" + enc(policyHead + "1e99999}"),
        "Action=CreatePolicy&Version=2010-05-08&PolicyName=num&PolicyDocument=" + enc(policyHead + "[{\"Effect\":"
            + "\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":"
            + HUGE + "}}}]}"),
        "Action=PutUserPolicy&Version=2010-05-08&UserName=probe&PolicyName=p&PolicyDocument=" + enc("{'a':1}"),
        "Action=PutUserPolicy&Version=2010-05-08&UserName=probe&PolicyName=p&PolicyDocument=%FF%FE",
        "Action=SimulatePrincipalPolicy&Version=2010-05-08&PolicySourceArn=arn:aws:iam::" + acct()
            + ":user/probe&ActionNames.member.1=s3:GetObject&PolicyInputList.member.1=" + enc(DEEP_ARRAYS),
        "Action=SimulateCustomPolicy&Version=2010-05-08&ActionNames.member.1=s3:GetObject&PolicyInputList.member.1="
            + enc("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]") ,
        "Action=UploadSSHPublicKey&Version=2010-05-08&UserName=probe&SSHPublicKeyBody=" + enc("ssh-rsa AAAAB3NzaC1yc2E="),
        "Action=UploadSSHPublicKey&Version=2010-05-08&UserName=probe&SSHPublicKeyBody=" + enc("ssh-rsa !!!notbase64"),
        "Action=UploadSSHPublicKey&Version=2010-05-08&UserName=probe&SSHPublicKeyBody="
            + enc("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
        "Action=UploadSigningCertificate&Version=2010-05-08&UserName=probe&CertificateBody="
            + enc("-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----"),
        "Action=UploadServerCertificate&Version=2010-05-08&ServerCertificateName=c&CertificateBody="
            + enc("-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----") + "&PrivateKey="
            + enc("-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"),
        "Action=CreateSAMLProvider&Version=2010-05-08&Name=p1&SAMLMetadataDocument=" + enc("<x" + "x".repeat(1000)),
        "Action=CreateSAMLProvider&Version=2010-05-08&Name=p2&SAMLMetadataDocument=" + enc(
            "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://idp.example.com\">"
            + "<IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"><KeyDescriptor"
            + " use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data>"
            + "<ds:X509Certificate>MIIBAAAA</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>"
            + "</IDPSSODescriptor></EntityDescriptor>"),
        "Action=CreateSAMLProvider&Version=2010-05-08&Name=p3&SAMLMetadataDocument="
            + enc("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"),
        "Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=" + enc("https://[::1:bad") ,
        "Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=" + enc("https://%zz.example.com"),
        "Action=GetFederationToken&Version=2011-06-15&Name=probe&Policy=" + enc(DEEP_OBJECTS),
        "Action=GetFederationToken&Version=2011-06-15&Name=probe&DurationSeconds=" + HUGE,
        "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=1e400",
        "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::" + acct() + ":role/x&RoleSessionName=s"
            + "&DurationSeconds=" + HUGE + "&Policy=" + enc(DEEP_ARRAYS),
        "Action=DecodeAuthorizationMessage&Version=2011-06-15&EncodedMessage=" + enc("!!!" + "A".repeat(100)))) {
      bodies.add(form.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.writeBytes("Action=CreateUser&Version=2010-05-08&UserName=".getBytes(StandardCharsets.US_ASCII));
    raw.writeBytes(BAD_UTF8);
    bodies.add(raw.toByteArray());
    for (byte[] body : bodies) {
      String service = new String(body, StandardCharsets.ISO_8859_1).contains("Version=2011-06-15") ? "sts" : "iam";
      check("Query " + abbreviate(body), send("POST", "/", null, "application/x-www-form-urlencoded", Map.of(), body,
          service, true));
    }
    // the federation calls the SDKs send unsigned: the token or assertion is the hostile input
    for (String form : List.of(
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::" + acct() + ":role/x"
            + "&RoleSessionName=s&WebIdentityToken=" + enc("a.b.c"),
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn:aws:iam::" + acct() + ":role/x"
            + "&RoleSessionName=s&WebIdentityToken=" + enc("eyJhbGciOiJub25lIn0." + "e".repeat(30) + ".x"),
        "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn:aws:iam::" + acct() + ":role/x&PrincipalArn="
            + "arn:aws:iam::" + acct() + ":saml-provider/p&SAMLAssertion=" + enc("!!!!notbase64-" + "x".repeat(10)),
        "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn:aws:iam::" + acct() + ":role/x&PrincipalArn="
            + "arn:aws:iam::" + acct() + ":saml-provider/p&SAMLAssertion="
            + enc(Base64.getEncoder().encodeToString("<samlp:Response".getBytes(StandardCharsets.UTF_8))))) {
      check("Query unsigned " + form.substring(0, 40), send("POST", "/", null, "application/x-www-form-urlencoded",
          Map.of(), form.getBytes(StandardCharsets.UTF_8), "sts", false));
    }
    assertThat(failures).isEmpty();
  }

  // ------------------------------------------------------------------------ JSON 1.1 (SageMaker)

  @Test
  void theJsonCodecAnswersHostileBodiesWithClientErrorsInAwsWords() throws Exception {
    for (Map.Entry<String, byte[]> c : jsonBodies("NameContains", "MaxResults").entrySet()) {
      for (String op : List.of("ListDomains", "DescribeDomain", "CreatePresignedDomainUrl")) {
        check("JSON 1.1 " + op + " " + c.getKey(), send("POST", "/", null, "application/x-amz-json-1.1",
            Map.of("X-Amz-Target", "SageMaker." + op), c.getValue(), "sagemaker", true));
      }
    }
    assertThat(failures).isEmpty();
  }

  // ---------------------------------------------------------------- REST-JSON (Access Analyzer)

  @Test
  void theRestJsonCodecAnswersHostileBodiesWithClientErrorsInAwsWords() throws Exception {
    for (Map.Entry<String, byte[]> c : jsonBodies("policyDocument", "locale").entrySet()) {
      for (String path : List.of("/policy/validation", "/policy/check-no-new-access",
          "/policy/check-access-not-granted")) {
        check("REST-JSON " + path + " " + c.getKey(), send("POST", path, null, "application/json", Map.of(),
            c.getValue(), "access-analyzer", true));
      }
    }
    // text after the body's JSON value makes it malformed, as on the JSON 1.1 side: it was ignored
    String valid = "{\"policyDocument\":\"{}\",\"policyType\":\"IDENTITY_POLICY\"}";
    for (String trailing : List.of("xyz", "{}", "]")) {
      Answer a = send("POST", "/policy/validation", null, "application/json", Map.of(),
          (valid + trailing).getBytes(StandardCharsets.UTF_8), "access-analyzer", true);
      assertThat(a.status()).as(trailing + ": " + a.body()).isEqualTo(400);
      assertThat(a.headers().get("x-amzn-ErrorType")).as(trailing).isNotNull();
      assertThat(a.headers().get("x-amzn-ErrorType").get(0)).startsWith("SerializationException");
    }
    assertThat(send("POST", "/policy/validation", null, "application/json", Map.of(),
        (valid + " \n").getBytes(StandardCharsets.UTF_8), "access-analyzer", true).status()).isEqualTo(200);
    for (String query : List.of("maxResults=" + HUGE, "maxResults=1e400", "maxResults=-1", "nextToken=%FF%FE",
        "maxResults=abc")) {
      check("REST-JSON query " + query, send("POST", "/policy/validation", query, "application/json", Map.of(),
          "{\"policyDocument\":\"{}\",\"policyType\":\"IDENTITY_POLICY\"}".getBytes(StandardCharsets.UTF_8),
          "access-analyzer", true));
    }
    for (String doc : List.of(DEEP_ARRAYS, DEEP_OBJECTS, "{\"Statement\":" + HUGE + "}", "{'a':1}",
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
            + "\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":" + HUGE + "}}}]}")) {
      String body = "{\"policyType\":\"IDENTITY_POLICY\",\"policyDocument\":" + quote(doc) + ",\"newPolicyDocument\":"
          + quote(doc) + ",\"existingPolicyDocument\":" + quote(doc) + ",\"access\":[{\"actions\":[\"s3:GetObject\"]}]}";
      for (String path : List.of("/policy/validation", "/policy/check-no-new-access",
          "/policy/check-access-not-granted")) {
        check("REST-JSON policy " + path + " " + doc.substring(0, Math.min(30, doc.length())), send("POST", path,
            null, "application/json", Map.of(), body.getBytes(StandardCharsets.UTF_8), "access-analyzer", true));
      }
    }
    assertThat(failures).isEmpty();
  }

  /** Bodies that are not JSON, not an object, of the wrong types, too big, too deep or not UTF-8. */
  static Map<String, byte[]> jsonBodies(String stringMember, String otherMember) {
    Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    for (String b : List.of("{", "[", "\"x\"", "nul", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":01}",
        "{\"" + stringMember + "\":" + HUGE + "}", "{\"" + stringMember + "\":1e400}",
        "{\"" + otherMember + "\":" + HUGE + "}", "{\"" + otherMember + "\":1e400}",
        "{\"" + otherMember + "\":-" + HUGE + "}", "{\"" + otherMember + "\":1.5e308}",
        "{\"" + otherMember + "\":\"a\"}", "{\"" + stringMember + "\":{\"a\":[1]}}",
        "{\"" + stringMember + "\":[1,2]}", "{\"" + stringMember + "\":\"\\ud800\"}",
        "{\"" + stringMember + "\":\"\\u00\"}", "{\"x\":" + DEEP_ARRAYS + "}", DEEP_OBJECTS,
        "{\"" + stringMember + "\":\"" + "a".repeat(300_000) + "\"}",
        "{\"" + stringMember + "\":\"a\",\"" + stringMember + "\":\"b\"}", "{\"a\":1}{\"b\":2}")) {
      out.put(b.length() > 40 ? b.substring(0, 40) + "…" : b, b.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    bad.writeBytes(("{\"" + stringMember + "\":\"").getBytes(StandardCharsets.US_ASCII));
    bad.writeBytes(BAD_UTF8);
    bad.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
    out.put("invalid UTF-8", bad.toByteArray());
    return out;
  }

  // ------------------------------------------------------------------------------------ helpers

  record Answer(int status, Map<String, List<String>> headers, String body) {}

  Answer send(String method, String path, String query, String contentType, Map<String, String> extra, byte[] body,
      String service, boolean sign) throws Exception {
    URI uri = URI.create(server.endpoint() + path + (query == null ? "" : "?" + query));
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    extra.forEach(b::header);
    if (sign) {
      SigV4Signer.sign(method, uri.getHost() + ":" + uri.getPort(), uri.getRawPath(), uri.getRawQuery(), body,
          boot.rootKey().accessKeyId(), boot.rootKey().secret(), null, "us-east-1", service, Instant.now())
          .forEach(b::header);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().map(), r.body());
  }

  void check(String what, Answer a) {
    if (a.status() >= 500) {
      failures.add(what + ": status " + a.status() + " " + a.body());
    }
    java.util.regex.Matcher m = LEAK.matcher(a.body());
    if (m.find()) {
      failures.add(what + ": body shows '" + m.group() + "': " + a.body());
    }
    a.headers().forEach((k, vs) -> vs.forEach(v -> {
      java.util.regex.Matcher hm = LEAK.matcher(v);
      if (hm.find()) {
        failures.add(what + ": header " + k + " shows '" + hm.group() + "': " + v);
      }
    }));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String quote(String s) {
    return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
  }

  static String abbreviate(byte[] body) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    return s.length() > 90 ? s.substring(0, 90) + "…" : s;
  }
}
