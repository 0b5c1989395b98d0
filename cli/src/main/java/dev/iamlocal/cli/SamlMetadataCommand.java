package dev.iamlocal.cli;

import dev.iamlocal.server.federation.SamlIssuer;
import dev.iamlocal.store.IamStore;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code iamlocal saml-metadata}: the SAML IdP metadata of iamlocal as the identity provider
 * {@code --issuer}, with the signing certificate of the store's key for it (made on first use): the
 * document CreateSAMLProvider takes, so that the assertions of {@code saml-assertion} verify.
 */
@Command(name = "saml-metadata", mixinStandardHelpOptions = true,
    description = {"Print the SAML IdP metadata document of iamlocal as the IdP --issuer, for"
        + " CreateSAMLProvider --saml-metadata-document."})
final class SamlMetadataCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--issuer", required = true, paramLabel = "ENTITY_ID", description = "The IdP's entity id.")
  String issuer;

  @Override
  public Integer call() throws Exception {
    try (IamStore s = store.open()) {
      System.out.println(new SamlIssuer(s.identityProviders(), Clock.systemUTC()).metadata(issuer));
      return Main.OK;
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal saml-metadata: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
  }
}
