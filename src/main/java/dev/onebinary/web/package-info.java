/** The long-running web process: HTTP resources, response bodies, exception mappers and health checks. */
package dev.onebinary.web;
