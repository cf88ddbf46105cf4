package dev.onebinary.domain.records;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes to text as UTF-8, refusing (never replacing) anything else, naming where the first bad byte is. */
final class StrictUtf8 {

    private StrictUtf8() {}

    static String decode(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF) {
            throw new RecordBody.Refused("the record starts with a byte order mark; send the JSON without one");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new RecordBody.Refused(
                    "the record is not valid UTF-8 (byte " + in.position() + " of " + body.length + ")");
        }
        return out.flip().toString();
    }
}
