package dev.iamlocal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hole 5, pinned: crossing accounts cannot be written. Every public method of the stores that
 * reads or writes an account's data takes the account ({@code accountId}, which the query puts in
 * its WHERE clause), or a record that carries it; the few that are truly global are listed here,
 * each with why. A new store method without an account fails this test until it takes one (or is
 * argued into the list).
 */
class StoreAccountScopeTest {

  /** Global by nature: not one account's data, or looked up before any account is known. */
  private static final Map<String, String> GLOBAL = Map.ofEntries(
      Map.entry("Accounts.createAccount", "makes an account"),
      Map.entry("Accounts.ensureAccount", "the store's first account, at startup"),
      Map.entry("Accounts.all", "the list of accounts"),
      Map.entry("AccessKeys.accessKey", "request authentication: the key id is all a request names; the key carries"
          + " its account"),
      Map.entry("Sessions.session", "request authentication: the ASIA key id is all a request names; the session"
          + " carries its account"),
      Map.entry("AccessKeys.recordAccessKeyUse", "bookkeeping of authenticated keys by key id"),
      Map.entry("AccountSettings.accountOfAlias", "console sign-in by alias: the alias is all the form names, and"
          + " aliases are unique on the server"),
      Map.entry("IamStore.changeVersion", "the store's change counter"),
      Map.entry("IamStore.writable", "a property of the store"),
      Map.entry("IamStore.close", "a property of the store"),
      Map.entry("ServerSecrets.key", "the server's own keys (sealing MFA seeds, authorization messages): no account's"
          + " data"),
      Map.entry("IdentityProviders.issuerKey", "iamlocal's own issuer keys: an issuer is one party for every"
          + " account (migration V33)"),
      Map.entry("IdentityProviders.putIssuerKeyIfAbsent", "iamlocal's own issuer keys: an issuer is one party for"
          + " every account (migration V33)"));

  /** Take a record that carries its account (checked inside the transaction). */
  private static final List<Class<?>> ACCOUNT_RECORDS = List.of(StsSession.class, SageMakerResource.class);

  /**
   * The store's handle, the repositories it hands out (every public accessor's type, so that a new
   * repository is checked as soon as the handle offers it) and the sibling stores.
   */
  private static List<Class<?>> stores() {
    List<Class<?>> out = new ArrayList<>(List.of(IamStore.class, SageMakerStore.class));
    for (Method m : IamStore.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Repository.class.isAssignableFrom(m.getReturnType())) {
        out.add(m.getReturnType());
      }
    }
    return out;
  }

  @Test
  void everyRepositoryOfTheStoreIsChecked() {
    assertThat(stores()).contains(Accounts.class, AccessKeys.class, Users.class, Groups.class, Roles.class,
        Policies.class, InlinePolicies.class, Tags.class, Sessions.class);
  }

  @Test
  void everyPublicStoreMethodTakesTheAccountOrIsKnownGlobal() throws NoSuchMethodException {
    Parameter first = Users.class.getMethod("getUser", String.class, String.class).getParameters()[0];
    assertThat(first.isNamePresent()).as("the store is compiled with -parameters (store/pom.xml)").isTrue();
    List<String> unscoped = new ArrayList<>();
    for (Class<?> type : stores()) {
      for (Method m : type.getDeclaredMethods()) {
        // static methods (open, openSqlite, nonWhitespaceLength) have no store to query
        if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        // the handle's accessors hand out a repository; they query nothing (the repository is checked)
        if (type == IamStore.class && Repository.class.isAssignableFrom(m.getReturnType())
            && m.getParameterCount() == 0) {
          continue;
        }
        String name = type.getSimpleName() + "." + m.getName();
        boolean scoped = Arrays.stream(m.getParameters())
            .anyMatch(p -> p.getName().equals("accountId") && p.getType() == String.class
                || ACCOUNT_RECORDS.contains(p.getType()));
        if (!scoped && !GLOBAL.containsKey(name)) {
          unscoped.add(name + Arrays.toString(m.getParameters()));
        }
      }
    }
    assertThat(unscoped).as("public store methods without an accountId").isEmpty();
  }

  @Test
  void theGlobalListNamesOnlyMethodsThatExist() {
    for (String name : GLOBAL.keySet()) {
      String type = name.substring(0, name.indexOf('.'));
      String method = name.substring(name.indexOf('.') + 1);
      assertThat(stores().stream().filter(c -> c.getSimpleName().equals(type))
          .flatMap(c -> Arrays.stream(c.getDeclaredMethods())).anyMatch(m -> m.getName().equals(method)))
          .as(name).isTrue();
    }
  }
}
