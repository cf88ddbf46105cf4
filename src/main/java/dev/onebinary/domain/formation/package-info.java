/** The formation: which web and worker processes, of which release, run against this database now. */
package dev.onebinary.domain.formation;
