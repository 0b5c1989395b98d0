/**
 * The web console: pages over the store whose every action is authorized by the pipeline ({@link
 * dev.iamlocal.server.authz.IamAuthorization}) as the Query API's are; what a page changes, it changes by calling the Query API's own operations
 * ({@link dev.iamlocal.server.console.IamCalls}).
 */
package dev.iamlocal.server.console;
