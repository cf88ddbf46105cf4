package dev.onebinary.domain.migration.lint;

/** A comment of a SQL script ({@code --} or block), with the line it starts on. */
record Comment(int line, String text) {}
