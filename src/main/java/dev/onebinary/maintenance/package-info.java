/**
 * The one-off data tasks of this release (admin processes): each is one class that declares what it touches and what
 * to do with a batch; the task framework ({@code dev.onebinary.tasks}) does the rest.
 */
package dev.onebinary.maintenance;
