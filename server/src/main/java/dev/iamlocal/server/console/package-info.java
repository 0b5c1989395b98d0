/**
 * The web console: pages over the store whose every action is authorized by the pipeline ({@link
 * dev.iamlocal.server.authz.IamAuthorization}) as the Query API's are, and never through the IAM
 * operations.
 */
package dev.iamlocal.server.console;
