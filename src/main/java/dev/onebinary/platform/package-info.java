/** Shared by every process type: release identity, typed config, exit codes, the process-mode switch and output. */
package dev.onebinary.platform;
