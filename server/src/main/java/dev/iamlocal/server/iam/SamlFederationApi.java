package dev.iamlocal.server.iam;

import static dev.iamlocal.server.iam.ApiSupport.validateIdentityPolicy;
import static dev.iamlocal.server.federation.SamlIssuer.ASSERTION;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.request.RequestContext;
import dev.iamlocal.server.authz.AuthorizationPipeline;
import dev.iamlocal.server.authz.Subjects;
import dev.iamlocal.server.federation.SamlIssuer;
import dev.iamlocal.server.federation.SamlMetadata;
import dev.iamlocal.server.iam.ApiSupport.Ctx;
import dev.iamlocal.server.protocol.AwsError;
import dev.iamlocal.server.protocol.JsonNodes;
import dev.iamlocal.store.IamException;
import dev.iamlocal.store.Role;
import dev.iamlocal.store.SamlProvider;
import dev.iamlocal.store.StsSession;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.KeySelector;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * STS AssumeRoleWithSAML, unsigned as AWS answers it: the caller is the SAML response, verified in
 * this order (every failure an error answer, iamlocal's reason in the detail header):
 *
 * <ol>
 *   <li>{@code PrincipalArn} names a SAML provider of the role's account ("Specified provider doesn't
 *       exist");
 *   <li>the assertion is base64 of at most the model's 100,000 characters, parsed with DTDs refused
 *       and nothing external read, a {@code samlp:Response} holding exactly one {@code saml:Assertion}
 *       (and no encrypted one) anywhere in the document;
 *   <li>its Issuer is the provider's metadata {@code entityID};
 *   <li>an XML signature (the JDK's XML Signature, secure validation) by a certificate of the
 *       provider's metadata, enveloped in that very Assertion (or in the Response that holds it),
 *       whose only Reference is {@code #ID} of its parent, resolved by the IDs of the Response and the
 *       Assertion only, with only the enveloped and exclusive-C14N transforms. So a signature cannot be
 *       valid on one element while the attributes used come from another (XML signature wrapping);
 *   <li>the Conditions' NotBefore/NotOnOrAfter and the bearer SubjectConfirmationData's NotOnOrAfter,
 *       with IAM's five minutes of skew (ExpiredTokenException), Recipient and Audience AWS sign-in;
 *   <li>the Role attribute holds the pair (RoleArn, PrincipalArn), in either order, and the
 *       RoleSessionName attribute is there and well formed;
 *   <li>the role's trust policy through {@link AuthorizationPipeline#federated} with the keys IAM
 *       fills for SAML: {@code saml:aud}, {@code saml:sub}, {@code saml:sub_type}, {@code saml:iss},
 *       {@code saml:namequalifier}, {@code saml:doc}, the attributes IAM maps to keys
 *       ({@code saml:edupersonprincipalname}, {@code saml:mail}, …), {@code aws:FederatedProvider}.
 * </ol>
 */
final class SamlFederationApi {

  /** The action authorized. */
  static final String ACTION = "sts:AssumeRoleWithSAML";
  private static final long SKEW_SECONDS = WebIdentityApi.SKEW_SECONDS;
  private static final int MAX_ASSERTION = 100_000;
  private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
  private static final String NAMEID_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
  private static final Pattern SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");
  /** Audiences IAM accepts: AWS sign-in's SAML endpoint (global or regional) or its URN. */
  private static final Pattern AUDIENCE = Pattern.compile(
      "https://([a-z0-9-]+\\.)?signin\\.aws\\.amazon\\.com/saml|urn:amazon:webservices");
  private static final Pattern RECIPIENT = Pattern.compile("https://([a-z0-9-]+\\.)?signin\\.aws\\.amazon\\.com/saml");
  private static final Set<String> TRANSFORMS = Set.of(Transform.ENVELOPED, CanonicalizationMethod.EXCLUSIVE,
      CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS);

  /**
   * The SAML attributes IAM maps to condition keys (IAM User Guide, "Available keys for SAML-based
   * federation"), by the attribute's OID name; the key is {@code saml:} and the value here.
   */
  private static final Map<String, String> ATTRIBUTE_KEYS = Map.ofEntries(
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "edupersonaffiliation"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.2", "edupersonnickname"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.3", "edupersonorgdn"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.4", "edupersonorgunitdn"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.5", "edupersonprimaryaffiliation"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.6", "edupersonprincipalname"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.7", "edupersonentitlement"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.8", "edupersonprimaryorgunitdn"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.9", "edupersonscopedaffiliation"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.10", "edupersontargetedid"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.1.1.11", "edupersonassurance"),
      Map.entry("urn:oid:2.5.4.3", "cn"),
      Map.entry("urn:oid:2.5.4.42", "givenName"),
      Map.entry("urn:oid:2.5.4.4", "surname"),
      Map.entry("urn:oid:0.9.2342.19200300.100.1.3", "mail"),
      Map.entry("urn:oid:0.9.2342.19200300.100.1.1", "uid"),
      Map.entry("urn:oid:2.5.4.41", "name"),
      Map.entry("urn:oid:2.5.4.10", "organizationName"),
      Map.entry("urn:oid:2.5.4.11", "ou"),
      Map.entry("urn:oid:2.16.840.1.113730.3.1.241", "displayName"),
      Map.entry("urn:oid:2.5.4.45", "x500UniqueIdentifier"),
      Map.entry("urn:oid:2.5.4.12", "title"),
      Map.entry("urn:oid:2.5.4.20", "telephoneNumber"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.2", "eduorghomepageuri"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.3", "eduorgidentityauthnpolicyuri"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.4", "eduorglegalname"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.5", "eduorgsuperioruri"),
      Map.entry("urn:oid:1.3.6.1.4.1.5923.1.2.1.6", "eduorgwhitepagesuri"));

  private final ApiSupport s;
  private final SecureRandom random = new SecureRandom();

  SamlFederationApi(ApiSupport s) {
    this.s = s;
  }

  /** Registers the operation in STS's registry. */
  void register(Map<String, Operation> sts) {
    sts.put("AssumeRoleWithSAML", this::assumeRoleWithSaml);
  }

  /** What a verified assertion says. */
  record Verified(String issuer, String subject, String subjectType, String recipient, String sessionName,
      Map<String, List<String>> attributes, Integer sessionDuration) {}

  ObjectNode assumeRoleWithSaml(OperationInput p, Ctx c) {
    String roleArn = p.required("RoleArn");
    String principalArn = p.required("PrincipalArn");
    String assertion = p.required("SAMLAssertion");
    Integer duration = p.integer("DurationSeconds");
    String sessionPolicy = p.get("Policy");
    List<String> policyArns = WebIdentityApi.policyArns(p);
    if (assertion.length() < 4 || assertion.length() > MAX_ASSERTION) {
      throw AwsError.validation("1 validation error detected: Value at 'sAMLAssertion' failed to satisfy constraint:"
          + " Member must have length " + (assertion.length() < 4 ? "greater than or equal to 4"
              : "less than or equal to " + MAX_ASSERTION));
    }
    String[] arn = roleArn.split(":", 6);
    if (arn.length != 6 || !arn[0].equals("arn") || arn[1].isEmpty() || arn[2].isEmpty() || arn[5].isEmpty()) {
      throw AwsError.validation(roleArn + " is invalid");
    }
    String account = arn[4];
    String[] parn = principalArn.split(":", 6);
    SamlProvider provider = null;
    if (parn.length == 6 && parn[0].equals("arn") && parn[2].equals("iam") && parn[4].equals(account)
        && parn[5].startsWith("saml-provider/")) {
      provider = s.store.identityProviders().saml(account, parn[5].substring("saml-provider/".length()))
          .filter(x -> x.arn().equals(principalArn)).orElse(null);
    }
    if (provider == null) {
      throw invalid("Specified provider doesn't exist").withDetail("no SAML provider " + principalArn
          + " in the role's account " + account);
    }
    Verified v = verify(assertion, provider, roleArn, s.clock.instant().getEpochSecond());

    String nameQualifier = nameQualifier(v.issuer, account, provider.name());
    RequestContext.Builder ctx = RequestContext.builder()
        .put("aws:FederatedProvider", provider.arn())
        .put("aws:PrincipalType", "SAMLUser")
        .put("sts:RoleSessionName", v.sessionName)
        .put("saml:aud", v.recipient)
        .put("saml:sub", v.subject)
        .put("saml:sub_type", v.subjectType)
        .put("saml:iss", v.issuer)
        .put("saml:namequalifier", nameQualifier)
        .put("saml:doc", account + "/" + provider.name());
    v.attributes.forEach((name, values) -> {
      String key = ATTRIBUTE_KEYS.get(name);
      if (key != null && !values.isEmpty()) {
        ctx.putList("saml:" + key, values);
      }
    });
    RequestContext given = ctx.build();

    Role role = WebIdentityApi.trustingRole(s, account, arn, roleArn, ACTION, "assertion");
    Policy trust = Subjects.parseStored(role.name(), role.trustPolicy(), "resource");
    AuthorizationPipeline.Evaluation e = s.pipeline.federated(provider.arn(), c.net(), ACTION, roleArn, given,
        trust);
    if (!e.allowed()) {
      throw AwsError.accessDenied("Not authorized to perform " + ACTION).withDetail("the trust policy of "
          + roleArn + " does not allow the assertion of " + provider.arn() + " (sub " + v.subject + "): "
          + e.decision().reason());
    }
    // DurationSeconds wins over the assertion's SessionDuration attribute (AssumeRoleWithSAML reference)
    int seconds = duration != null ? duration : v.sessionDuration != null ? v.sessionDuration : 3600;
    if (seconds > role.maxSessionDuration()) {
      throw AwsError.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }
    if (sessionPolicy != null) {
      validateIdentityPolicy(sessionPolicy);
    }
    for (String a : policyArns) {
      if (s.store.policies().managedPolicyDocument(role.accountId(), a).isEmpty()) {
        throw new AwsError(400, "InvalidParameterValue", "Policy " + a + " does not exist or is not attachable.");
      }
    }
    int packed = WebIdentityApi.packedPercent(sessionPolicy, policyArns);
    if (packed > 100) {
      throw new AwsError(400, "PackedPolicyTooLarge", "Packed policy consumes " + packed
          + "% of allotted space, please use smaller policy.");
    }
    Instant now = Instant.ofEpochSecond(s.clock.instant().getEpochSecond());
    StsSession session = new StsSession("ASIA" + chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 16),
        role.accountId(), chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40), token(),
        role.roleId(), role.arn(), v.sessionName, sessionPolicy, policyArns, Map.of(), null, now,
        now.plusSeconds(seconds), List.of());
    s.store.sessions().createSession(session);
    ObjectNode out = JsonNodes.object();
    ObjectNode credentials = out.putObject("Credentials").put("AccessKeyId", session.accessKeyId())
        .put("SecretAccessKey", session.secret()).put("SessionToken", session.sessionToken());
    credentials.set("Expiration", JsonNodes.time(session.expiration()));
    out.putObject("AssumedRoleUser").put("AssumedRoleId", role.roleId() + ":" + v.sessionName)
        .put("Arn", "arn:aws:sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + v.sessionName);
    if (sessionPolicy != null || !policyArns.isEmpty()) {
      out.put("PackedPolicySize", packed);
    }
    out.put("Subject", v.subject);
    out.put("SubjectType", v.subjectType);
    out.put("Issuer", v.issuer);
    out.put("Audience", v.recipient);
    out.put("NameQualifier", nameQualifier);
    return out;
  }

  /** AWS's NameQualifier: BASE64(SHA1(issuer + account id + "/" + provider name)). */
  static String nameQualifier(String issuer, String account, String providerName) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
          (issuer + account + "/" + providerName).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Steps 2 to 6 of the class comment, at {@code now} (epoch seconds). */
  static Verified verify(String base64, SamlProvider provider, String roleArn, long now) {
    byte[] xml;
    try {
      xml = Base64.getMimeDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid base64 SAMLResponse").withDetail("SAMLAssertion is not base64");
    }
    Document d;
    try {
      d = SamlMetadata.safeBuilder().parse(new ByteArrayInputStream(xml));
    } catch (org.xml.sax.SAXException | java.io.IOException e) {
      throw invalid("Invalid SAML response").withDetail("not well-formed XML, or it has a DTD"
          + SamlMetadata.where(e));
    }
    Element response = d.getDocumentElement();
    if (!SamlIssuer.PROTOCOL.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
      throw invalid("Invalid SAML response").withDetail("the document is not a samlp:Response");
    }
    NodeList all = d.getElementsByTagNameNS(ASSERTION, "Assertion");
    if (d.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion").getLength() > 0) {
      throw invalid("Invalid SAML response").withDetail("encrypted assertions are not decrypted by iamlocal");
    }
    if (all.getLength() != 1) {
      throw invalid("Invalid SAML response").withDetail("the response holds " + all.getLength()
          + " assertions; exactly one is accepted (a second one is how signature wrapping is tried)");
    }
    Element assertion = (Element) all.item(0);
    if (assertion.getParentNode() != response) {
      throw invalid("Invalid SAML response").withDetail("the Assertion is not a child of the Response");
    }
    Element issuerEl = firstChild(assertion, ASSERTION, "Issuer");
    String issuer = issuerEl == null ? "" : issuerEl.getTextContent().strip();
    SamlMetadata metadata;
    try {
      metadata = SamlMetadata.parse(provider.metadata());
    } catch (SamlMetadata.Invalid e) {
      throw invalid("Invalid SAML response").withDetail("the provider's metadata is unreadable: " + e.getMessage());
    }
    if (!issuer.equals(metadata.entityId())) {
      throw invalid("Issuer not present in specified provider").withDetail("the assertion's Issuer '" + issuer
          + "' is not the entityID of " + provider.arn() + " (" + metadata.entityId() + ")");
    }
    verifySignature(response, assertion, metadata.certificates());

    // the subject
    Element subject = firstChild(assertion, ASSERTION, "Subject");
    Element nameId = subject == null ? null : firstChild(subject, ASSERTION, "NameID");
    if (nameId == null || nameId.getTextContent().isBlank()) {
      throw invalid("Invalid SAML response").withDetail("the Assertion has no Subject/NameID");
    }
    String sub = nameId.getTextContent().strip();
    String format = nameId.hasAttribute("Format") ? nameId.getAttribute("Format")
        : "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    String subType = format.startsWith(NAMEID_FORMAT) ? format.substring(NAMEID_FORMAT.length()) : format;
    List<Element> confirmations = children(subject, ASSERTION, "SubjectConfirmation");
    if (confirmations.size() != 1 || !BEARER.equals(confirmations.get(0).getAttribute("Method"))) {
      throw invalid("Invalid SAML response").withDetail("the Subject needs exactly one bearer SubjectConfirmation");
    }
    Element scd = firstChild(confirmations.get(0), ASSERTION, "SubjectConfirmationData");
    if (scd == null || !scd.hasAttribute("NotOnOrAfter") || !scd.hasAttribute("Recipient")) {
      // AWS's text, its misspelling ("Confirmaton") included
      throw invalid("Responses must contain SubjectConfirmatonData with a Recipient and NotOnOrAfter")
          .withDetail("SubjectConfirmationData needs NotOnOrAfter and Recipient");
    }
    String recipient = scd.getAttribute("Recipient");
    if (!RECIPIENT.matcher(recipient).matches()) {
      throw invalid("Invalid SAML response").withDetail("the Recipient " + recipient
          + " is not AWS sign-in's SAML endpoint " + SamlIssuer.AWS_SIGNIN);
    }
    long expires = time(scd.getAttribute("NotOnOrAfter"));
    if (now >= expires + SKEW_SECONDS) {
      throw expired(now, expires);
    }
    // the conditions
    Element conditions = firstChild(assertion, ASSERTION, "Conditions");
    if (conditions != null) {
      if (conditions.hasAttribute("NotOnOrAfter")) {
        long notAfter = time(conditions.getAttribute("NotOnOrAfter"));
        if (now >= notAfter + SKEW_SECONDS) {
          throw expired(now, notAfter);
        }
      }
      if (conditions.hasAttribute("NotBefore") && time(conditions.getAttribute("NotBefore")) > now + SKEW_SECONDS) {
        throw invalid("Invalid SAML response").withDetail("the assertion is not valid before "
            + conditions.getAttribute("NotBefore"));
      }
    }
    boolean audience = false;
    if (conditions != null) {
      for (Element r : children(conditions, ASSERTION, "AudienceRestriction")) {
        for (Element a : children(r, ASSERTION, "Audience")) {
          audience |= AUDIENCE.matcher(a.getTextContent().strip()).matches();
        }
      }
    }
    if (!audience) {
      throw invalid("Response does not contain the required audience.").withDetail("no AudienceRestriction names "
          + SamlIssuer.AWS_SIGNIN + " or urn:amazon:webservices");
    }
    // the attributes
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (Element st : children(assertion, ASSERTION, "AttributeStatement")) {
      for (Element at : children(st, ASSERTION, "Attribute")) {
        List<String> values = attributes.computeIfAbsent(at.getAttribute("Name"), k -> new ArrayList<>());
        for (Element v : children(at, ASSERTION, "AttributeValue")) {
          values.add(v.getTextContent().strip());
        }
      }
    }
    boolean pair = false;
    for (String v : attributes.getOrDefault(SamlIssuer.ROLE_ATTRIBUTE, List.of())) {
      String[] two = v.split(",");
      if (two.length == 2) {
        String a = two[0].strip();
        String b = two[1].strip();
        pair |= a.equals(roleArn) && b.equals(provider.arn()) || b.equals(roleArn) && a.equals(provider.arn());
      }
    }
    if (!pair) {
      // AWS's words, recorded in aws-adfs style tools' botocore errors (InvalidIdentityToken, not AccessDenied)
      throw invalid("SAML Assertion doesn't contain the requested Role and Metadata in the attributes")
          .withDetail("the assertion's Role attribute (" + SamlIssuer.ROLE_ATTRIBUTE + ") has no pair " + roleArn
              + "," + provider.arn());
    }
    List<String> names = attributes.getOrDefault(SamlIssuer.SESSION_ATTRIBUTE, List.of());
    if (names.isEmpty()) {
      throw invalid("RoleSessionName is required in AuthnResponse");
    }
    String sessionName = names.get(0);
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      throw invalid("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}");
    }
    Integer sessionDuration = null;
    List<String> sd = attributes.getOrDefault("https://aws.amazon.com/SAML/Attributes/SessionDuration", List.of());
    if (!sd.isEmpty()) {
      try {
        sessionDuration = Integer.parseInt(sd.get(0));
      } catch (NumberFormatException e) {
        throw invalid("Invalid SAML response").withDetail("SessionDuration is no number of seconds: " + sd.get(0));
      }
      if (sessionDuration < 900 || sessionDuration > 43_200) {
        throw invalid("Invalid SAML response").withDetail("SessionDuration must be 900 to 43200 seconds");
      }
    }
    return new Verified(issuer, sub, subType, recipient, sessionName, attributes, sessionDuration);
  }

  /**
   * Step 4: a signature enveloped in the Assertion or in the Response that holds it, whose one
   * Reference is its parent's ID, and that verifies with a certificate of the metadata.
   */
  private static void verifySignature(Element response, Element assertion, List<X509Certificate> certs) {
    if (response.hasAttribute("ID") && response.getAttribute("ID").equals(assertion.getAttribute("ID"))) {
      // one ID for two elements would leave it to the resolver which one a Reference names
      throw invalid("Response signature invalid").withDetail("the Response and the Assertion share the ID "
          + response.getAttribute("ID"));
    }
    // only these two elements are ID-typed: a Reference can resolve to nothing else
    if (response.hasAttribute("ID")) {
      response.setIdAttributeNS(null, "ID", true);
    }
    if (assertion.hasAttribute("ID")) {
      assertion.setIdAttributeNS(null, "ID", true);
    }
    Element signature = firstChild(assertion, SamlMetadata.DS, "Signature");
    Element signed = assertion;
    if (signature == null) {
      signature = firstChild(response, SamlMetadata.DS, "Signature");
      signed = response;
    }
    if (signature == null || !signed.hasAttribute("ID")) {
      throw invalid("Response signature invalid").withDetail("neither the Assertion nor the Response is signed");
    }
    XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
    String detail = "the signature does not verify with a certificate of the provider's metadata";
    for (X509Certificate cert : certs) {
      DOMValidateContext ctx = new DOMValidateContext(KeySelector.singletonKeySelector(cert.getPublicKey()),
          signature);
      ctx.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
      try {
        XMLSignature sig = f.unmarshalXMLSignature(ctx);
        List<?> refs = sig.getSignedInfo().getReferences();
        if (refs.size() != 1) {
          throw invalid("Response signature invalid").withDetail("the signature has " + refs.size()
              + " references; one, to the signed element, is accepted");
        }
        Reference ref = (Reference) refs.get(0);
        if (!("#" + signed.getAttribute("ID")).equals(ref.getURI())) {
          throw invalid("Response signature invalid").withDetail("the signature's reference " + ref.getURI()
              + " is not the element that holds it (" + signed.getLocalName() + " " + signed.getAttribute("ID") + ")");
        }
        for (Object t : ref.getTransforms()) {
          if (!TRANSFORMS.contains(((Transform) t).getAlgorithm())) {
            throw invalid("Response signature invalid").withDetail("transform " + ((Transform) t).getAlgorithm()
                + " is not accepted (only enveloped-signature and exclusive C14N)");
          }
        }
        if (sig.validate(ctx)) {
          return;
        }
      } catch (javax.xml.crypto.MarshalException | javax.xml.crypto.dsig.XMLSignatureException
          | RuntimeException e) {
        if (e instanceof AwsError a) {
          throw a;
        }
        // the XML signature library's message names its classes: say what failed instead
        detail = "the signature cannot be validated: its references, transforms or algorithms cannot be processed";
      }
    }
    throw invalid("Response signature invalid").withDetail(detail);
  }

  private static long time(String v) {
    try {
      return Instant.parse(v).getEpochSecond();
    } catch (DateTimeParseException e) {
      throw invalid("Invalid SAML response").withDetail("not an xs:dateTime in UTC: " + v);
    }
  }

  private static AwsError expired(long now, long expires) {
    return new AwsError(400, "ExpiredTokenException", "Token expired: current date/time " + now
        + " must be before the expiration date/time " + expires).withDetail("the assertion expired at "
            + Instant.ofEpochSecond(expires) + " (with five minutes of clock skew)");
  }

  private static AwsError invalid(String message) {
    return new AwsError(400, "InvalidIdentityToken", message);
  }

  private static Element firstChild(Element parent, String ns, String local) {
    List<Element> c = children(parent, ns, local);
    return c.isEmpty() ? null : c.get(0);
  }

  private static List<Element> children(Element parent, String ns, String local) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private String token() {
    byte[] b = new byte[192];
    random.nextBytes(b);
    return "IQoJb2lhbWxvY2Fs" + Base64.getEncoder().encodeToString(b);
  }

  private String chars(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
