/**
 * The SageMaker JSON 1.1 surface: its operations, the condition keys a request carries, and the
 * kinds of resource it manages. It authorizes through the pipeline and shares nothing with the IAM
 * operations.
 */
package dev.iamlocal.server.sagemaker;
