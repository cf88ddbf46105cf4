package dev.onebinary.domain.migration.lint;

import java.util.List;

/** One statement of a script: where it starts and ends, its text, its tokens and the comments written for it. */
public record Statement(int line, int endLine, String text, List<Token> tokens, List<Comment> comments) {

    /** Whether the statement starts with these words (keywords compare case-insensitively). */
    boolean startsWith(String... words) {
        return at(0, words);
    }

    /** Whether the tokens from {@code index} on are these words. */
    boolean at(int index, String... words) {
        if (index < 0 || index + words.length > tokens.size()) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!tokens.get(index + i).is(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first occurrence of these words from {@code from} on, or -1. */
    int find(int from, String... words) {
        for (int i = Math.max(0, from); i + words.length <= tokens.size(); i++) {
            if (at(i, words)) {
                return i;
            }
        }
        return -1;
    }

    boolean contains(String... words) {
        return find(0, words) >= 0;
    }

    Token token(int index) {
        return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
    }

    /** The first line of the statement, shortened: how a report names it. */
    public String excerpt() {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 100 ? oneLine : oneLine.substring(0, 97) + "...";
    }
}
