/** The one-off console admin process: JPQL and SQL against live data, read-only unless asked, enforced by PostgreSQL. */
package dev.onebinary.console;
