package dev.onebinary.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.core.Parser;

/**
 * The words of a SQL statement outside string literals and comments, found the way pgjdbc's own parser walks the
 * text (its quote, dollar-quote and comment rules, and the connection's {@code standard_conforming_strings}), so the
 * guard looks at the same statement the driver sends. Keywords and unquoted identifiers are lower-cased; quoted
 * identifiers keep their text.
 */
record SqlWords(List<Word> words, boolean unicodeEscapedIdentifier) {

    /** One word; {@code quoted} for a {@code "quoted identifier"}, {@code call} when a {@code (} follows it. */
    record Word(String text, boolean quoted, boolean call) {}

    static SqlWords of(String sql, boolean standardConformingStrings) {
        char[] chars = sql.toCharArray();
        List<Word> words = new ArrayList<>();
        boolean unicodeEscaped = false;
        int i = 0;
        while (i < chars.length) {
            char ch = chars[i];
            if (ch == '\'') {
                i = Parser.parseSingleQuotes(chars, i, standardConformingStrings) + 1;
            } else if (ch == '"') {
                int end = Parser.parseDoubleQuotes(chars, i);
                unicodeEscaped |= i >= 2 && chars[i - 1] == '&' && (chars[i - 2] == 'u' || chars[i - 2] == 'U');
                int last = Math.min(end, chars.length - 1);
                String text = new String(chars, i + 1, Math.max(0, last - i - 1));
                i = end + 1;
                words.add(new Word(text, true, opensParenthesis(chars, i)));
            } else if (ch == '-' && i + 1 < chars.length && chars[i + 1] == '-') {
                i = Parser.parseLineComment(chars, i) + 1;
            } else if (ch == '/' && i + 1 < chars.length && chars[i + 1] == '*') {
                i = Parser.parseBlockComment(chars, i) + 1;
            } else if (ch == '$' && Parser.parseDollarQuotes(chars, i) != i) {
                i = Parser.parseDollarQuotes(chars, i) + 1;
            } else if (Character.isDigit(ch)) {
                i = skipNumber(chars, i);
            } else if (Parser.isIdentifierStartChar(ch)) {
                int start = i;
                while (i < chars.length && Parser.isIdentifierContChar(chars[i])) {
                    i++;
                }
                String text = new String(chars, start, i - start).toLowerCase(Locale.ROOT);
                words.add(new Word(text, false, opensParenthesis(chars, i)));
            } else {
                i++;
            }
        }
        return new SqlWords(List.copyOf(words), unicodeEscaped);
    }

    /** True when the next thing after whitespace and comments is {@code (}: the word names a function. */
    private static boolean opensParenthesis(char[] chars, int i) {
        while (i < chars.length) {
            if (Character.isWhitespace(chars[i])) {
                i++;
            } else if (chars[i] == '-' && i + 1 < chars.length && chars[i + 1] == '-') {
                i = Parser.parseLineComment(chars, i) + 1;
            } else if (chars[i] == '/' && i + 1 < chars.length && chars[i + 1] == '*') {
                i = Parser.parseBlockComment(chars, i) + 1;
            } else {
                return chars[i] == '(';
            }
        }
        return false;
    }

    private static int skipNumber(char[] chars, int i) {
        while (i < chars.length && (Parser.isIdentifierContChar(chars[i]) || chars[i] == '.')) {
            i++;
        }
        return i;
    }

    /** The n-th word, lower-cased, or "" past the end. */
    String word(int n) {
        return n < words.size() ? words.get(n).text().toLowerCase(Locale.ROOT) : "";
    }

    int size() {
        return words.size();
    }
}
