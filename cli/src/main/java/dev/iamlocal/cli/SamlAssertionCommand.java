package dev.iamlocal.cli;

import dev.iamlocal.server.federation.SamlIssuer;
import dev.iamlocal.store.IamStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal saml-assertion}: iamlocal as the SAML identity provider of any entity id. Prints a
 * base64 SAML response signed with the store's key for that entity id (made on first use), which the
 * server of the same store verifies in AssumeRoleWithSAML for a SAML provider created from
 * {@code iamlocal saml-metadata} of the same entity id.
 */
@Command(name = "saml-assertion", mixinStandardHelpOptions = true,
    description = {"Print a base64 SAML response (one signed assertion) from iamlocal as the IdP --issuer, for"
        + " AssumeRoleWithSAML against the server of the same store.",
        "Example: --issuer https://idp.example.com/saml --sub alice --role"
        + " arn:aws:iam::123456789012:role/admin,arn:aws:iam::123456789012:saml-provider/corp"})
final class SamlAssertionCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--issuer", required = true, paramLabel = "ENTITY_ID",
      description = "The IdP's entity id (the assertion's Issuer; the metadata's entityID).")
  String issuer;

  @Option(names = "--sub", required = true, description = "The subject (a persistent NameID).")
  String sub;

  @Option(names = "--role", required = true, paramLabel = "ROLE_ARN,PROVIDER_ARN",
      description = "A value of the Role attribute; repeat for several.")
  List<String> roles = new ArrayList<>();

  @Option(names = "--attribute", paramLabel = "K=V",
      description = "A further attribute (e.g. urn:oid:1.3.6.1.4.1.5923.1.1.1.6=alice@example.com, or"
          + " https://aws.amazon.com/SAML/Attributes/RoleSessionName=alice); repeatable.")
  List<String> attributes = new ArrayList<>();

  @Option(names = "--expires-in", paramLabel = "SECONDS", defaultValue = "300",
      description = "Lifetime from now, at most 86400; negative for an already expired assertion"
          + " (default: ${DEFAULT-VALUE}).")
  long expiresIn;

  @Override
  public Integer call() throws Exception {
    Map<String, String> extra = new LinkedHashMap<>();
    for (String a : attributes) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        System.err.println("iamlocal saml-assertion: --attribute " + a + ": expected K=V");
        return Main.INVALID_INPUT;
      }
      extra.put(a.substring(0, eq), a.substring(eq + 1));
    }
    for (String r : roles) {
      if (r.split(",").length != 2) {
        System.err.println("iamlocal saml-assertion: --role " + r + ": expected ROLE_ARN,PROVIDER_ARN");
        return Main.INVALID_INPUT;
      }
    }
    try (IamStore s = store.open()) {
      System.out.println(new SamlIssuer(s.identityProviders(), Clock.systemUTC()).mint(issuer, sub, roles, extra,
          expiresIn));
      return Main.OK;
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal saml-assertion: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
  }
}
