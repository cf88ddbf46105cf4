package dev.onebinary.domain.migration.lint;

import java.util.ArrayList;
import java.util.List;

/** Reading names and lists out of a statement's tokens. */
final class Names {

    /** A possibly schema-qualified name, as its last part (how the rules compare tables), and the index after it. */
    record Name(String name, int next) {}

    private Names() {}

    static Name read(Statement s, int index) {
        Token t = s.token(index);
        if (t == null || !t.isIdentifier()) {
            return null;
        }
        String name = t.name();
        int i = index + 1;
        while (s.at(i, ".") && s.token(i + 1) != null && s.token(i + 1).isIdentifier()) {
            name = s.token(i + 1).name();
            i += 2;
        }
        return new Name(name, i);
    }

    /** Splits at commas outside parentheses: the actions of one ALTER TABLE. */
    static List<List<Token>> splitTopLevel(List<Token> tokens) {
        List<List<Token>> parts = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token t : tokens) {
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
            if (depth == 0 && t.is(",")) {
                parts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    /** The index of the parenthesis that closes the one at {@code open}, or the last index. */
    static int closing(Statement s, int open) {
        int depth = 0;
        for (int i = open; i < s.tokens().size(); i++) {
            if (s.tokens().get(i).is("(")) {
                depth++;
            } else if (s.tokens().get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return s.tokens().size() - 1;
    }
}
