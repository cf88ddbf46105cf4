/** The web process: read-only admin pages of the ledger under /admin/, off unless app.ui.enabled. */
package dev.onebinary.web.ui;
