/**
 * AWS's models drive the wire: the bundled API models ({@link
 * dev.iamlocal.server.protocol.ApiModel}) and the codecs that read and check a request and write a
 * response by them (AWS Query in, XML out; AWS JSON 1.1), with AWS's errors. It depends on no
 * other package of the server.
 */
package dev.iamlocal.server.protocol;
