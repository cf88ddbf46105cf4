/** The migration lint, used by the one-off {@code app migrate} processes: static rules and observed measurements. */
package dev.onebinary.domain.migration.lint;
