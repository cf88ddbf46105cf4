package dev.onebinary.domain.records;

import java.math.BigDecimal;

/**
 * The rules for one key, string or number of a payload, each answering why the value cannot be stored as sent, or
 * null when it can.
 */
final class PayloadValues {

    private PayloadValues() {}

    /** No NUL (PostgreSQL's jsonb cannot hold it), no unpaired surrogate (not Unicode text), at most {@code limit}. */
    static String textProblem(String text, String what, int limit) {
        int codePoints = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            codePoints++;
            if (c == '\u0000') {
                return "a " + what + " holds \\u0000, which cannot be stored";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "a " + what + " holds an unpaired surrogate \\u" + Integer.toHexString(c)
                        + "; text must be valid Unicode";
            }
            if (codePoints > limit) {
                return "a " + what + " is longer than " + limit + " characters";
            }
        }
        return null;
    }

    /** At most {@code limit} digits, as sent and written out: {@code 1e400} would be 401 digits. */
    static String numberProblem(String number, int limit) {
        String shown = number.length() > 24 ? number.substring(0, 20) + "..." : number;
        if (number.length() > limit + 16) {
            return "the number " + shown + " has more than " + limit + " digits";
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            return "the number " + shown + " is out of range";
        }
        long integerDigits = Math.max((long) value.precision() - value.scale(), 1);
        long fractionDigits = Math.max(value.scale(), 0);
        if (integerDigits + fractionDigits > limit) {
            return "the number " + shown + " has more than " + limit + " digits written out; send at most " + limit;
        }
        return null;
    }
}
