/**
 * Start-up and wiring: {@link dev.iamlocal.server.IamServer} builds every part below and puts it
 * behind Jetty and Javalin; {@link dev.iamlocal.server.Bootstrap} prepares the data directory and
 * the root key. Nothing else depends on this package, so each concern can be read and tested on
 * its own.
 */
package dev.iamlocal.server;
