package dev.iamlocal.server.federation;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A SAML 2.0 identity provider's metadata document, read as IAM reads CreateSAMLProvider's
 * {@code SAMLMetadataDocument}: an {@code md:EntityDescriptor} with an {@code md:IDPSSODescriptor}
 * and the X.509 signing certificates of its {@code md:KeyDescriptor}s.
 *
 * <p>The document is hostile input: it is parsed by the JDK's parser with DTDs refused outright
 * (no entity of any kind, so no XXE and no entity expansion), secure processing on, and nothing
 * fetched; its size is bounded before it gets here (the model's 10,000,000 characters, the server's
 * body limit). Certificates are read by the JDK's {@link CertificateFactory}.
 *
 * @param entityId the {@code entityID}: the issuer of the provider's assertions
 * @param certificates the signing certificates (use {@code signing} or no use), at least one
 * @param validUntil the document's {@code validUntil}, when it has one
 */
public record SamlMetadata(String entityId, List<X509Certificate> certificates, Optional<Instant> validUntil) {

  /** SAML 2.0 metadata's namespace. */
  public static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  /** XML Signature's namespace. */
  public static final String DS = "http://www.w3.org/2000/09/xmldsig#";

  /** Why a document is no metadata IAM accepts. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** A namespace-aware builder that refuses DTDs and never resolves anything external. */
  public static DocumentBuilder safeBuilder() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are not read");
      });
      b.setErrorHandler(null);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
    }
  }

  /** Reads {@code xml}; {@link Invalid} says why it is no IdP metadata. */
  public static SamlMetadata parse(String xml) throws Invalid {
    Document d;
    try {
      d = safeBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | java.io.IOException e) {
      throw new Invalid("not well-formed XML (or it has a DTD)" + where(e));
    }
    Element root = d.getDocumentElement();
    if (!MD.equals(root.getNamespaceURI()) || !"EntityDescriptor".equals(root.getLocalName())) {
      throw new Invalid("the root element is not md:EntityDescriptor (" + MD + ")");
    }
    String entityId = root.getAttribute("entityID");
    if (entityId.isEmpty()) {
      throw new Invalid("the EntityDescriptor has no entityID");
    }
    NodeList idps = root.getElementsByTagNameNS(MD, "IDPSSODescriptor");
    if (idps.getLength() == 0) {
      throw new Invalid("there is no IDPSSODescriptor");
    }
    List<X509Certificate> certs = new ArrayList<>();
    NodeList keys = ((Element) idps.item(0)).getElementsByTagNameNS(MD, "KeyDescriptor");
    for (int i = 0; i < keys.getLength(); i++) {
      Element k = (Element) keys.item(i);
      String use = k.getAttribute("use");
      if (!use.isEmpty() && !use.equals("signing")) {
        continue;
      }
      NodeList x = k.getElementsByTagNameNS(DS, "X509Certificate");
      for (int j = 0; j < x.getLength(); j++) {
        certs.add(certificate(x.item(j).getTextContent()));
      }
    }
    if (certs.isEmpty()) {
      throw new Invalid("the IDPSSODescriptor has no signing certificate (KeyDescriptor/ds:X509Certificate)");
    }
    Optional<Instant> validUntil = Optional.empty();
    if (!root.getAttribute("validUntil").isEmpty()) {
      try {
        validUntil = Optional.of(Instant.parse(root.getAttribute("validUntil")));
      } catch (DateTimeParseException e) {
        throw new Invalid("validUntil is no xs:dateTime in UTC: " + root.getAttribute("validUntil"));
      }
    }
    return new SamlMetadata(entityId, List.copyOf(certs), validUntil);
  }

  private static X509Certificate certificate(String base64) throws Invalid {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64.strip());
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
      // the JDK's message names its own classes ("java.io.IOException: …"): words instead
      throw new Invalid("a ds:X509Certificate is no X.509 certificate (base64 of a DER-encoded certificate)");
    }
  }

  /**
   * Where the XML parser stopped, as " at line L, column C", or "" when it does not say. The
   * parser's message itself is left out: it names parser features and internals, not the document.
   */
  public static String where(Exception e) {
    if (e instanceof org.xml.sax.SAXParseException p && p.getLineNumber() > 0) {
      return " at line " + p.getLineNumber() + ", column " + Math.max(p.getColumnNumber(), 1);
    }
    return "";
  }
}
