/**
 * How this release runs on Kubernetes, as plain data with no runtime: the pod template every process shares and the
 * Job that {@code app job} prints for a one-off admin process.
 */
package dev.onebinary.platform.deploy;
