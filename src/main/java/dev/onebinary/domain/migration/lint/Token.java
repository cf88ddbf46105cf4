package dev.onebinary.domain.migration.lint;

import java.util.Locale;

/** One lexical token of a SQL script: a word, a quoted identifier, a string, a number or a punctuation mark. */
record Token(Kind kind, String text, int line) {

    enum Kind {
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        NUMBER,
        PUNCT
    }

    /** Keywords compare upper-case; quoted identifiers keep their case and never equal a keyword. */
    boolean is(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word) || kind == Kind.PUNCT && text.equals(word);
    }

    boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
    }

    /** An identifier as PostgreSQL folds it: unquoted names lower-case, quoted ones as written. */
    String name() {
        return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
    }
}
