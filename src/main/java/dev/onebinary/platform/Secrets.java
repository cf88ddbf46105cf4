package dev.onebinary.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks secrets wherever this application prints or stores settings and arguments. */
public final class Secrets {

    public static final String MASK = "****";

    private static final String SECRET_WORD = "(password|passwd|secret|token|credential|api[-_.]?key|private[-_.]?key)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*" + SECRET_WORD + ".*");
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)(--?[\\w.-]*" + SECRET_WORD + "[\\w.-]*)(=.*)?");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|passwd)=)[^&;\\s]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

    private Secrets() {}

    /** The value of a setting as it may be shown: masked whole when the key looks secret, else passwords in URLs. */
    public static String mask(String key, String value) {
        return SECRET_KEY.matcher(key).matches() ? MASK : maskInText(value);
    }

    /** Passwords inside URLs and connection strings: {@code //user:****@host}, {@code password=****}. */
    public static String maskInText(String value) {
        String masked = URL_PASSWORD.matcher(value).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return URL_USERINFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "@");
    }

    /** Command-line arguments as the ledger stores them: values of secret-looking options are masked. */
    public static List<String> maskArguments(String... args) {
        List<String> masked = new ArrayList<>(args.length);
        boolean nextIsSecret = false;
        for (String arg : args) {
            Matcher option = SECRET_OPTION.matcher(arg);
            if (nextIsSecret) {
                masked.add(MASK);
                nextIsSecret = false;
            } else if (option.matches()) {
                nextIsSecret = option.group(3) == null;
                masked.add(option.group(3) == null ? arg : option.group(1) + "=" + MASK);
            } else {
                masked.add(maskInText(arg));
            }
        }
        return masked;
    }
}
