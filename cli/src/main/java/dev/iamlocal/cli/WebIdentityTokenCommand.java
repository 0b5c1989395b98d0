package dev.iamlocal.cli;

import dev.iamlocal.server.federation.OidcIssuer;
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
 * {@code iamlocal web-identity-token}: iamlocal as the OIDC issuer of any provider URL. Prints a JWT
 * signed with the store's key for that issuer (made on first use), which the server of the same store
 * verifies in AssumeRoleWithWebIdentity for an OIDC provider with that URL.
 */
@Command(name = "web-identity-token", mixinStandardHelpOptions = true,
    description = {"Print a web identity token (a signed JWT) from iamlocal as the issuer --issuer, for"
        + " AssumeRoleWithWebIdentity against the server of the same store.",
        "Example (GitHub Actions): --issuer https://token.actions.githubusercontent.com --aud sts.amazonaws.com"
        + " --sub repo:org/repo:ref:refs/heads/main"})
final class WebIdentityTokenCommand implements Callable<Integer> {

  @Mixin
  StoreOptions store;

  @Option(names = "--issuer", required = true, paramLabel = "URL",
      description = "The issuer (iss), the OIDC provider's URL: https://HOST[/PATH].")
  String issuer;

  @Option(names = "--sub", required = true, description = "The subject (sub).")
  String sub;

  @Option(names = "--aud", required = true, description = "The audience (aud); repeat for several.")
  List<String> aud = new ArrayList<>();

  @Option(names = "--claim", paramLabel = "K=V", description = "A further string claim; repeatable.")
  List<String> claims = new ArrayList<>();

  @Option(names = "--expires-in", paramLabel = "SECONDS", defaultValue = "3600",
      description = "Lifetime from now, at most 86400; negative for an already expired token"
          + " (default: ${DEFAULT-VALUE}).")
  long expiresIn;

  @Override
  public Integer call() throws Exception {
    Map<String, String> extra = new LinkedHashMap<>();
    for (String c : claims) {
      int eq = c.indexOf('=');
      if (eq <= 0) {
        System.err.println("iamlocal web-identity-token: --claim " + c + ": expected K=V");
        return Main.INVALID_INPUT;
      }
      extra.put(c.substring(0, eq), c.substring(eq + 1));
    }
    try {
      OidcIssuer.providerUrl(issuer);
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal web-identity-token: --issuer " + issuer + ": " + e.getMessage());
      return Main.INVALID_INPUT;
    }
    try (IamStore s = store.open()) {
      System.out.println(new OidcIssuer(s.identityProviders(), Clock.systemUTC()).mint(issuer, sub, aud, extra,
          expiresIn));
      return Main.OK;
    } catch (IllegalArgumentException e) {
      System.err.println("iamlocal web-identity-token: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
  }
}
