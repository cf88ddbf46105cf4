package dev.onebinary.platform.deploy;

import java.time.Instant;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Names and label values Kubernetes accepts: object names that are DNS-1123 labels, label values of 63 chars. */
public final class KubernetesNames {

    /** A DNS-1123 label: what a Job's name must be, since it becomes its pods' hostname and a label value. */
    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public static final int MAX_LENGTH = 63;

    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final String SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private KubernetesNames() {}

    public static boolean isDnsLabel(String name) {
        return name.length() <= MAX_LENGTH && DNS_LABEL.matcher(name).matches();
    }

    /**
     * {@code prefix-<time>-<random>}: the time (seconds, base 36) sorts runs, the 5 random characters (no vowels, as
     * Kubernetes' generateName) keep two runs in the same second apart; the prefix is cut so the whole fits 63.
     */
    public static String unique(String prefix, Instant now, RandomGenerator random) {
        StringBuilder suffix = new StringBuilder("-")
                .append(Long.toString(now.getEpochSecond(), 36))
                .append('-');
        for (int i = 0; i < 5; i++) {
            suffix.append(SUFFIX_CHARS.charAt(random.nextInt(SUFFIX_CHARS.length())));
        }
        String base = dnsLabel(prefix);
        base = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length()))
                .replaceAll("-+$", "");
        return base + suffix;
    }

    /** Lower case, anything else than a letter or digit becomes '-', no '-' at either end. */
    static String dnsLabel(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "x" : s;
    }

    /** A release id as a label value: {@code 0.1.0+3f2a9c1@v42} becomes {@code 0.1.0_3f2a9c1_v42}, at most 63 chars. */
    public static String labelValue(String text) {
        String s = text.replaceAll("[^-A-Za-z0-9_.]", "_");
        s = s.substring(0, Math.min(s.length(), MAX_LENGTH)).replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
        return s;
    }

    public static boolean isLabelValue(String value) {
        return value.length() <= MAX_LENGTH && LABEL_VALUE.matcher(value).matches();
    }
}
