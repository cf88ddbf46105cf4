package dev.onebinary.platform;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets wherever this application prints or stores settings, arguments and statements: values of
 * secret-looking settings and options, passwords in URLs and connection strings, and in SQL the string literal that
 * follows a secret word ({@code PASSWORD '…'}, {@code api_token = '…'}, {@code OPTIONS (password '…')}).
 */
public final class Secrets {

    public static final String MASK = "****";

    private static final String SECRET_WORD =
            "(?:password|passwd|secret|token|credential|api[-_.]?key|private[-_.]?key)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*" + SECRET_WORD + ".*");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)(--?[\\w.-]*" + SECRET_WORD + "[\\w.-]*)(=.*)?");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|passwd)=)[^&;\\s]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]*)@");

    /**
     * A SQL string literal in any of PostgreSQL's forms, up to its end or, unterminated, to the end of the text:
     * E'…' (backslash escapes), U&'…', '…' (doubled quotes), and $tag$…$tag$.
     */
    private static final String LITERAL = "(?:[Ee]'(?<e>[^'\\\\]*+(?:(?:''|\\\\.)[^'\\\\]*+)*+)(?:'|$)"
            + "|(?:[Uu]&)?'(?<s>[^']*+(?:''[^']*+)*+)(?:'|$)"
            + "|\\$(?<tag>(?:[A-Za-z_][A-Za-z_0-9]*)?)\\$(?<d>(?s:.*?))(?:\\$\\k<tag>\\$|$))";
    /** A secret word outside quotes, then whitespace, {@code =}, {@code :=}, {@code =>} or {@code :}, then a literal. */
    private static final Pattern SQL_SECRET_LITERAL =
            Pattern.compile("(?i)(\\b[\\w.]*" + SECRET_WORD + "[\\w.]*(?:\\s*(?:=>|:=|=|:)\\s*|\\s+))" + LITERAL);
    /** A literal naming a secret setting, then the literal of its value: {@code set_config('app.secret', '…')}. */
    private static final Pattern SQL_SECRET_ARGUMENT =
            Pattern.compile("(?i)('[^']*" + SECRET_WORD + "[^']*'\\s*,\\s*)" + LITERAL);
    /** {@code password=…}, {@code api_token=…} in connection strings and URLs (no spaces around {@code =}). */
    private static final Pattern SECRET_PAIR =
            Pattern.compile("(?i)(\\b[\\w.-]*" + SECRET_WORD + "[\\w.-]*=)(?!')([^&;\\s'\",)}]+)");

    private Secrets() {}

    /** The value of a setting as it may be shown: masked whole when the key looks secret, else passwords in URLs. */
    public static String mask(String key, String value) {
        return SECRET_KEY.matcher(key).matches() ? MASK : maskInText(value);
    }

    /**
     * Any text that is printed or stored (a setting's value, an error message): passwords inside URLs and connection
     * strings ({@code //user:****@host}, {@code password=****}) and whatever {@link #maskSql} masks, since a message
     * may quote a statement.
     */
    public static String maskInText(String value) {
        if (value == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return maskSql(URL_USERINFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@"));
    }

    /**
     * A SQL statement (or any text that may hold one) as it may be stored or printed: the literal after a secret word
     * becomes {@code '****'}, and secret pairs and URL passwords are masked as in {@link #maskInText}.
     */
    public static String maskSql(String text) {
        if (text == null) {
            return null;
        }
        try {
            return maskSqlByPatterns(text);
        } catch (StackOverflowError e) {
            // Thousands of doubled quotes or escapes in one literal: the patterns give up, every literal is masked.
            return maskEveryLiteral(text);
        }
    }

    private static String maskSqlByPatterns(String text) {
        String masked = SQL_SECRET_LITERAL
                .matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "'" + MASK + "'"));
        masked = SQL_SECRET_ARGUMENT
                .matcher(masked)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "'" + MASK + "'"));
        masked = SECRET_PAIR.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return URL_USERINFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** True when {@link #maskSql} would change the text: it holds something that looks like a secret. */
    public static boolean containsSecret(String text) {
        return text != null && !maskSql(text).equals(text);
    }

    /**
     * A message about a statement (a database error, which may quote part of it), masked as {@link #maskSql} masks and
     * with every secret value found in the statement replaced, wherever the message repeats it.
     */
    public static String redact(String message, String statement) {
        if (message == null) {
            return null;
        }
        String masked = maskSql(message);
        Set<String> secrets;
        try {
            secrets = secretValues(statement);
        } catch (StackOverflowError e) {
            // The statement defeats the patterns (see maskSql): its words may be anywhere in the message.
            return MASK + " (the database's message about a statement whose secrets cannot be told apart)";
        }
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * The fallback of {@link #maskSql}: the body of every literal, quoted ({@code '…'}, {@code E'…'}) or dollar-quoted,
     * becomes {@link #MASK}, found by a plain scan that no input can make recurse.
     */
    static String maskEveryLiteral(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == '\'') {
                boolean escapes = i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
                int j = i + 1;
                while (j < n) {
                    char c = text.charAt(j);
                    if (escapes && c == '\\') {
                        j += 2;
                    } else if (c == '\'' && j + 1 < n && text.charAt(j + 1) == '\'') {
                        j += 2;
                    } else if (c == '\'') {
                        break;
                    } else {
                        j++;
                    }
                }
                out.append('\'').append(MASK).append('\'');
                i = Math.min(j, n - 1) + 1;
            } else if (ch == '$') {
                int tagEnd = i + 1;
                while (tagEnd < n && (Character.isLetterOrDigit(text.charAt(tagEnd)) || text.charAt(tagEnd) == '_')) {
                    tagEnd++;
                }
                if (tagEnd < n && text.charAt(tagEnd) == '$') {
                    String tag = text.substring(i, tagEnd + 1);
                    int close = text.indexOf(tag, tagEnd + 1);
                    out.append(tag).append(MASK).append(tag);
                    i = close < 0 ? n : close + tag.length();
                } else {
                    out.append(ch);
                    i++;
                }
            } else {
                out.append(ch);
                i++;
            }
        }
        return SECRET_PAIR.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    private static Set<String> secretValues(String statement) {
        Set<String> values = new LinkedHashSet<>();
        if (statement == null) {
            return values;
        }
        for (Pattern p : List.of(SQL_SECRET_LITERAL, SQL_SECRET_ARGUMENT)) {
            Matcher m = p.matcher(statement);
            while (m.find()) {
                for (String group : List.of("e", "s", "d")) {
                    addSecret(values, m.group(group));
                }
            }
        }
        for (Pattern p : List.of(SECRET_PAIR, URL_USERINFO)) {
            Matcher m = p.matcher(statement);
            while (m.find()) {
                addSecret(values, m.group(2));
            }
        }
        return values;
    }

    private static void addSecret(Set<String> values, String value) {
        // Short values would mask ordinary words of the message; they are masked in the statement itself all the same.
        if (value != null && value.length() >= 3) {
            values.add(value);
            values.add(value.replace("''", "'"));
        }
    }

    /** Command-line arguments as the ledger stores them: values of secret-looking options and secrets in SQL masked. */
    public static List<String> maskArguments(String... args) {
        List<String> masked = new ArrayList<>(args.length);
        boolean nextIsSecret = false;
        for (String arg : args) {
            Matcher option = SECRET_OPTION.matcher(arg);
            if (nextIsSecret) {
                masked.add(MASK);
                nextIsSecret = false;
            } else if (option.matches()) {
                nextIsSecret = option.group(2) == null;
                masked.add(option.group(2) == null ? arg : option.group(1) + "=" + MASK);
            } else {
                masked.add(maskSql(arg));
            }
        }
        return masked;
    }
}
