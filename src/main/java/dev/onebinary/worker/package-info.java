/** The long-running worker process: validates pending records in batches, many processes side by side. */
package dev.onebinary.worker;
