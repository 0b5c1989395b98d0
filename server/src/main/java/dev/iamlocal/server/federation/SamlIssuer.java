package dev.iamlocal.server.federation;

import dev.iamlocal.store.IdentityProviders;
import dev.iamlocal.store.IssuerKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * iamlocal as a SAML 2.0 identity provider: one RSA key and self-signed certificate per entity id,
 * kept in the store next to the OIDC issuers' keys ({@link IssuerKey}, kind {@value #KIND}), with
 * which it signs SAML responses ({@link #mint}) for any entity id, and whose IdP metadata
 * ({@link #metadata}) a user hands to CreateSAMLProvider.
 *
 * <p>The certificate is made by Bouncy Castle, the signature by the JDK's XML Signature
 * (RSA-SHA256, exclusive canonicalization, enveloped in the Assertion, as real IdPs sign):
 * nothing here is hand-made cryptography.
 */
public final class SamlIssuer {

  /** The {@link IssuerKey#kind()} of SAML issuer keys. */
  public static final String KIND = "saml";
  /** SAML 2.0 assertion namespace. */
  public static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
  /** SAML 2.0 protocol namespace. */
  public static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
  /** The SAML endpoint of AWS sign-in: the Recipient and Audience of assertions for AWS. */
  public static final String AWS_SIGNIN = "https://signin.aws.amazon.com/saml";
  /** The attribute naming "role ARN,provider ARN" pairs. */
  public static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
  /** The attribute naming the role session. */
  public static final String SESSION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
  /** The longest lifetime of a minted assertion. */
  public static final long MAX_EXPIRES_IN = 86_400;

  private final IdentityProviders store;
  private final Clock clock;

  /** An issuer over {@code store}'s keys, dating assertions with {@code clock}. */
  public SamlIssuer(IdentityProviders store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The key and certificate of an entity id. */
  private record Key(PrivateKey key, X509Certificate certificate) {}

  private static void checkEntityId(String entityId) {
    if (entityId == null || entityId.isBlank() || entityId.length() > 1024
        || entityId.chars().anyMatch(ch -> ch <= 0x20 || ch >= 0x7F)) {
      throw new IllegalArgumentException("an entity id is 1 to 1024 printable ASCII characters without spaces");
    }
  }

  /** The entity id's key, made (and stored) on first use. */
  private Key key(String entityId) {
    checkEntityId(entityId);
    Optional<IssuerKey> k = store.issuerKey(KIND, entityId);
    if (k.isEmpty()) {
      k = Optional.of(store.putIssuerKeyIfAbsent(fresh(entityId)));
    }
    return parse(k.get());
  }

  private IssuerKey fresh(String entityId) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      // CN is only a label: relying parties trust the certificate because the metadata carries it
      X500Name name = new X500Name("CN=iamlocal SAML IdP");
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)), name,
          pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
      return new IssuerKey(KIND, entityId, UUID.randomUUID().toString(),
          pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null)), pem(cert),
          clock.instant());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a SAML signing key: " + e.getMessage(), e);
    }
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  private static Key parse(IssuerKey k) {
    try (PEMParser key = new PEMParser(new StringReader(k.privateKey()));
        PEMParser cert = new PEMParser(new StringReader(k.certificate()))) {
      PrivateKey pk = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) key.readObject());
      X509Certificate c = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) cert.readObject());
      return new Key(pk, c);
    } catch (IOException | GeneralSecurityException | ClassCastException | NullPointerException e) {
      throw new IllegalStateException("the stored key of SAML issuer " + k.issuer() + " is unreadable", e);
    }
  }

  /** The entity id's signing certificate, base64 DER as metadata carries it. */
  public String certificate(String entityId) {
    try {
      return Base64.getEncoder().encodeToString(key(entityId).certificate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The IdP metadata document of {@code entityId}, with its signing certificate, for CreateSAMLProvider. */
  public String metadata(String entityId) {
    String cert = certificate(entityId);
    Document d = SamlMetadata.safeBuilder().newDocument();
    Element root = d.createElementNS(SamlMetadata.MD, "md:EntityDescriptor");
    root.setAttribute("entityID", entityId);
    d.appendChild(root);
    Element idp = child(root, SamlMetadata.MD, "md:IDPSSODescriptor");
    idp.setAttribute("WantAuthnRequestsSigned", "false");
    idp.setAttribute("protocolSupportEnumeration", PROTOCOL);
    Element kd = child(idp, SamlMetadata.MD, "md:KeyDescriptor");
    kd.setAttribute("use", "signing");
    Element ki = child(kd, SamlMetadata.DS, "ds:KeyInfo");
    child(child(ki, SamlMetadata.DS, "ds:X509Data"), SamlMetadata.DS, "ds:X509Certificate").setTextContent(cert);
    child(idp, SamlMetadata.MD, "md:NameIDFormat").setTextContent(
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
    Element sso = child(idp, SamlMetadata.MD, "md:SingleSignOnService");
    sso.setAttribute("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    sso.setAttribute("Location", "http://127.0.0.1/iamlocal-offline-idp");
    return serialize(d);
  }

  /**
   * A SAML response of {@code entityId} for AWS, base64 as AssumeRoleWithSAML takes it: one Assertion,
   * signed (enveloped), with the subject as a persistent NameID, Recipient and Audience AWS sign-in,
   * the Role attribute's pairs, RoleSessionName (the subject unless {@code attributes} names one)
   * and the further attributes, valid from now for {@code expiresIn} seconds (negative: expired).
   *
   * @param roles "roleArn,providerArn" pairs
   * @param attributes further attributes by name (single values)
   */
  public String mint(String entityId, String subject, List<String> roles, Map<String, String> attributes,
      long expiresIn) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("an assertion needs a subject");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("an assertion for AWS needs a role (ROLE_ARN,PROVIDER_ARN)");
    }
    if (expiresIn > MAX_EXPIRES_IN) {
      throw new IllegalArgumentException("an assertion lives at most " + MAX_EXPIRES_IN + " seconds");
    }
    Key k = key(entityId);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plusSeconds(expiresIn);
    Instant issued = expiresIn < 0 ? exp.minusSeconds(300) : now;
    Document d = SamlMetadata.safeBuilder().newDocument();
    Element response = d.createElementNS(PROTOCOL, "samlp:Response");
    d.appendChild(response);
    response.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:saml", ASSERTION);
    response.setAttribute("ID", "_" + UUID.randomUUID());
    response.setAttribute("Version", "2.0");
    response.setAttribute("IssueInstant", issued.toString());
    response.setAttribute("Destination", AWS_SIGNIN);
    child(response, ASSERTION, "saml:Issuer").setTextContent(entityId);
    child(child(response, PROTOCOL, "samlp:Status"), PROTOCOL, "samlp:StatusCode").setAttribute("Value",
        "urn:oasis:names:tc:SAML:2.0:status:Success");
    Element a = child(response, ASSERTION, "saml:Assertion");
    String id = "_" + UUID.randomUUID();
    a.setAttribute("ID", id);
    a.setAttribute("Version", "2.0");
    a.setAttribute("IssueInstant", issued.toString());
    Element issuer = child(a, ASSERTION, "saml:Issuer");
    issuer.setTextContent(entityId);
    Element subj = child(a, ASSERTION, "saml:Subject");
    Element nameId = child(subj, ASSERTION, "saml:NameID");
    nameId.setAttribute("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
    nameId.setTextContent(subject);
    Element sc = child(subj, ASSERTION, "saml:SubjectConfirmation");
    sc.setAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
    Element scd = child(sc, ASSERTION, "saml:SubjectConfirmationData");
    scd.setAttribute("NotOnOrAfter", exp.toString());
    scd.setAttribute("Recipient", AWS_SIGNIN);
    Element cond = child(a, ASSERTION, "saml:Conditions");
    cond.setAttribute("NotBefore", issued.toString());
    cond.setAttribute("NotOnOrAfter", exp.toString());
    child(child(cond, ASSERTION, "saml:AudienceRestriction"), ASSERTION, "saml:Audience").setTextContent(AWS_SIGNIN);
    Element authn = child(a, ASSERTION, "saml:AuthnStatement");
    authn.setAttribute("AuthnInstant", issued.toString());
    authn.setAttribute("SessionIndex", id);
    child(child(authn, ASSERTION, "saml:AuthnContext"), ASSERTION, "saml:AuthnContextClassRef").setTextContent(
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport");
    Element stmt = child(a, ASSERTION, "saml:AttributeStatement");
    attribute(stmt, ROLE_ATTRIBUTE, roles);
    if (!attributes.containsKey(SESSION_ATTRIBUTE)) {
      attribute(stmt, SESSION_ATTRIBUTE, List.of(subject));
    }
    attributes.forEach((n, v) -> attribute(stmt, n, List.of(v)));
    // re-read before signing so that every namespace is a declared attribute, as the verifier's
    // parser will see it: canonicalization of a built DOM could otherwise differ from the parsed one
    Document signed;
    try {
      signed = SamlMetadata.safeBuilder().parse(new org.xml.sax.InputSource(new StringReader(serialize(d))));
    } catch (org.xml.sax.SAXException | IOException e) {
      throw new IllegalStateException("cannot re-read the assertion: " + e.getMessage(), e);
    }
    Element sa = (Element) signed.getElementsByTagNameNS(ASSERTION, "Assertion").item(0);
    Element si = (Element) sa.getElementsByTagNameNS(ASSERTION, "Issuer").item(0);
    sign(sa, si, id, k);
    d = signed;
    return Base64.getEncoder().encodeToString(serialize(d).getBytes(StandardCharsets.UTF_8));
  }

  private static void attribute(Element stmt, String name, List<String> values) {
    Element at = child(stmt, ASSERTION, "saml:Attribute");
    at.setAttribute("Name", name);
    for (String v : values) {
      child(at, ASSERTION, "saml:AttributeValue").setTextContent(v);
    }
  }

  /** Signs {@code assertion} (enveloped, placed right after its Issuer as the schema orders it). */
  private static void sign(Element assertion, Element issuer, String id, Key k) {
    try {
      XMLSignatureFactory f = XMLSignatureFactory.getInstance("DOM");
      Reference ref = f.newReference("#" + id, f.newDigestMethod(DigestMethod.SHA256, null),
          List.of(f.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
              f.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)), null, null);
      SignedInfo si = f.newSignedInfo(f.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE,
          (C14NMethodParameterSpec) null), f.newSignatureMethod(SignatureMethod.RSA_SHA256, null), List.of(ref));
      KeyInfoFactory kif = f.getKeyInfoFactory();
      KeyInfo ki = kif.newKeyInfo(List.of(kif.newX509Data(List.of(k.certificate()))));
      assertion.setIdAttributeNS(null, "ID", true);
      DOMSignContext ctx = new DOMSignContext(k.key(), assertion, issuer.getNextSibling());
      ctx.setDefaultNamespacePrefix("ds");
      f.newXMLSignature(si, ki).sign(ctx);
    } catch (GeneralSecurityException | javax.xml.crypto.MarshalException
        | javax.xml.crypto.dsig.XMLSignatureException e) {
      throw new IllegalStateException("cannot sign the assertion: " + e.getMessage(), e);
    }
  }

  private static Element child(Element parent, String ns, String qname) {
    Element e = parent.getOwnerDocument().createElementNS(ns, qname);
    parent.appendChild(e);
    return e;
  }

  /** The document as XML text, unindented (whitespace inside a signed element would break it). */
  public static String serialize(Document d) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(d), new StreamResult(w));
      return w.toString();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
    }
  }
}
