/** Entities, repositories and services shared by the web, worker and admin processes. */
package dev.onebinary.domain;
