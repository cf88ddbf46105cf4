package dev.onebinary.web;

import java.math.BigInteger;

/**
 * Reads whole numbers from query parameters and paths: ASCII digits only, checked against the range as a number
 * before any narrowing, so {@code 4294967297} is refused as out of range instead of wrapping to 1.
 */
final class WholeNumbers {

    private WholeNumbers() {}

    static long parse(String name, String value, long min, long max) {
        String range = "at least " + min + " and at most " + max;
        if (value == null || !value.matches("-?[0-9]{1,1000}")) {
            throw new BadRequest(name + " must be a whole number, " + range + ", not " + shown(value));
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new BadRequest(name + " must be " + range + ", not " + shown(value));
        }
        return number.longValueExact();
    }

    /** The value as the client sent it, quoted and cut short, with control characters escaped. */
    static String shown(String value) {
        if (value == null) {
            return "nothing";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        StringBuilder s = new StringBuilder("'");
        cut.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f || Character.isSurrogate((char) c)) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.append((char) c);
            }
        });
        return s.append('\'').toString();
    }
}
