package dev.iamlocal.server.console;

import io.javalin.Javalin;

/**
 * The pages that manage IAM as the AWS IAM console does: users, groups and roles
 * ({@link EntityPages}) and managed policies ({@link PolicyPages}), every change an IAM operation
 * of the Query API ({@link IamCalls}).
 */
final class ManagePages {

  private final Console c;

  ManagePages(Console c) {
    this.c = c;
  }

  void install(Javalin app) {
    new EntityPages(c).install(app);
    new PolicyPages(c).install(app);
  }
}
