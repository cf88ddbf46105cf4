/**
 * The one-off task framework used by admin commands: keyset batching, short transactions, dry runs in read-only
 * transactions, resumable cursors, advisory locks, sharding, throttling, signals, progress and the report.
 */
package dev.onebinary.tasks;
