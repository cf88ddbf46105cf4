package dev.onebinary.domain.migration.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration script into statements the way PostgreSQL reads it: semicolons end statements except inside
 * strings, quoted identifiers, dollar-quoted bodies and comments. Each statement keeps its line and the comments
 * written for it (those before it, and one on the line where it ends), which is where suppressions live.
 */
public final class SqlScript {

    private final String sql;
    private int pos;
    private int line = 1;

    private SqlScript(String sql) {
        this.sql = sql;
    }

    /** The statements of a script, in order. */
    public static List<Statement> statements(String sql) {
        return new SqlScript(sql).split();
    }

    private List<Statement> split() {
        List<Statement> statements = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        List<Comment> comments = new ArrayList<>();
        int start = -1;
        int lastEndLine = -1;
        Statement previous = null;
        while (true) {
            skipWhitespace();
            if (pos >= sql.length()) {
                break;
            }
            int tokenLine = line;
            int tokenStart = pos;
            Comment comment = comment();
            if (comment != null) {
                if (previous != null && comment.line() == lastEndLine && tokens.isEmpty()) {
                    // A comment on the line where the previous statement ended is about that statement.
                    previous.comments().add(comment);
                } else {
                    comments.add(comment);
                }
                continue;
            }
            Token token = token();
            if (token.is(";")) {
                if (!tokens.isEmpty()) {
                    previous = new Statement(
                            tokens.getFirst().line(),
                            tokenLine,
                            sql.substring(start, tokenStart).strip(),
                            tokens,
                            comments);
                    statements.add(previous);
                    lastEndLine = tokenLine;
                    tokens = new ArrayList<>();
                    comments = new ArrayList<>();
                }
                continue;
            }
            if (tokens.isEmpty()) {
                start = tokenStart;
            }
            tokens.add(token);
        }
        if (!tokens.isEmpty()) {
            statements.add(new Statement(
                    tokens.getFirst().line(), line, sql.substring(start).strip(), tokens, comments));
        } else if (!comments.isEmpty() && previous != null) {
            previous.comments().addAll(comments);
        }
        return statements;
    }

    private void skipWhitespace() {
        while (pos < sql.length() && Character.isWhitespace(sql.charAt(pos))) {
            advance();
        }
    }

    private Comment comment() {
        int startLine = line;
        if (sql.startsWith("--", pos)) {
            int end = sql.indexOf('\n', pos);
            end = end < 0 ? sql.length() : end;
            String text = sql.substring(pos + 2, end).strip();
            pos = end;
            return new Comment(startLine, text);
        }
        if (sql.startsWith("/*", pos)) {
            int begin = pos;
            int depth = 0;
            while (pos < sql.length()) {
                if (sql.startsWith("/*", pos)) {
                    depth++;
                    advance();
                    advance();
                } else if (sql.startsWith("*/", pos)) {
                    depth--;
                    advance();
                    advance();
                    if (depth == 0) {
                        break;
                    }
                } else {
                    advance();
                }
            }
            String body = sql.substring(begin + 2, Math.max(begin + 2, pos - 2));
            return new Comment(startLine, body.strip());
        }
        return null;
    }

    private Token token() {
        int startLine = line;
        char c = sql.charAt(pos);
        if ((c == 'E' || c == 'e') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
            advance();
            return new Token(Token.Kind.STRING, quoted('\'', true), startLine);
        }
        if (c == '\'') {
            return new Token(Token.Kind.STRING, quoted('\'', false), startLine);
        }
        if (c == '"') {
            return new Token(Token.Kind.QUOTED_IDENTIFIER, quoted('"', false), startLine);
        }
        if (c == '$') {
            String tag = dollarTag();
            if (tag != null) {
                int bodyStart = pos + tag.length();
                int end = sql.indexOf(tag, bodyStart);
                end = end < 0 ? sql.length() : end;
                String body = sql.substring(bodyStart, end);
                while (pos < Math.min(sql.length(), end + tag.length())) {
                    advance();
                }
                return new Token(Token.Kind.STRING, body, startLine);
            }
        }
        if (Character.isLetter(c) || c == '_') {
            int begin = pos;
            while (pos < sql.length()
                    && (Character.isLetterOrDigit(sql.charAt(pos))
                            || sql.charAt(pos) == '_'
                            || sql.charAt(pos) == '$')) {
                advance();
            }
            return new Token(Token.Kind.WORD, sql.substring(begin, pos), startLine);
        }
        if (Character.isDigit(c)) {
            int begin = pos;
            while (pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
                advance();
            }
            return new Token(Token.Kind.NUMBER, sql.substring(begin, pos), startLine);
        }
        for (String two : new String[] {"::", "<=", ">=", "<>", "!="}) {
            if (sql.startsWith(two, pos)) {
                advance();
                advance();
                return new Token(Token.Kind.PUNCT, two, startLine);
            }
        }
        advance();
        return new Token(Token.Kind.PUNCT, String.valueOf(c), startLine);
    }

    /** {@code $$} or {@code $tag$} at the current position, or null. */
    private String dollarTag() {
        int i = pos + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == pos + 1 || !Character.isDigit(sql.charAt(pos + 1)))) {
            return sql.substring(pos, i + 1);
        }
        return null;
    }

    private String quoted(char quote, boolean backslashEscapes) {
        StringBuilder text = new StringBuilder();
        advance();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\' && pos + 1 < sql.length()) {
                advance();
                text.append(sql.charAt(pos));
                advance();
            } else if (c == quote) {
                advance();
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    text.append(quote);
                    advance();
                } else {
                    break;
                }
            } else {
                text.append(c);
                advance();
            }
        }
        return text.toString();
    }

    private void advance() {
        if (sql.charAt(pos) == '\n') {
            line++;
        }
        pos++;
    }
}
