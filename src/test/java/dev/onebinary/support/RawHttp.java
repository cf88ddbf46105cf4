package dev.onebinary.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as bytes over a socket, for requests no well-behaved client would send: malformed request lines, bad
 * headers, invalid UTF-8, chunked bodies of any size. The request is written while the response is read, so a server
 * that answers before the body is complete (a 413) is seen doing so.
 */
public final class RawHttp {

    /** A parsed response; {@code status} 0 when the server closed the connection without answering. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private RawHttp() {}

    /** Sends the bytes as they are and reads the answer until the server closes the connection. */
    public static Response send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < request.length; i += 64 * 1024) {
                        out.write(request, i, Math.min(64 * 1024, request.length - i));
                    }
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered and closed before taking the whole request: the answer is what counts
                }
            });
            Response response = readResponse(socket.getInputStream());
            writer.interrupt();
            return response;
        }
    }

    /** A request with a Content-Length body (or none), Connection: close. */
    public static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Transfer-Encoding"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    /** A POST whose body is sent in chunks of {@code chunk} bytes (Transfer-Encoding: chunked). */
    public static byte[] chunkedPost(String target, String contentType, byte[] body, int chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / chunk * 8 + 256);
        out.writeBytes(("POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Reads one response (after any 1xx), stopping at its end rather than waiting for the server to close. */
    private static Response readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                Response complete = complete(out.toByteArray());
                if (complete != null) {
                    return complete;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "no complete response within 15 s; got: " + out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException reset) {
            // a reset after (part of) the answer: parse what arrived
        }
        Response partial = complete(out.toByteArray());
        return partial != null ? partial : parse(out.toByteArray(), true);
    }

    /** The response in these bytes, or null while it is incomplete. */
    private static Response complete(byte[] raw) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (all.startsWith("HTTP/", start) && all.length() > start + 12 && all.charAt(start + 9) == '1') {
            int interimEnd = all.indexOf("\r\n\r\n", start);
            if (interimEnd < 0) {
                return null;
            }
            start = interimEnd + 4;
        }
        int end = all.indexOf("\r\n\r\n", start);
        if (end < 0) {
            return null;
        }
        Response head = parse(java.util.Arrays.copyOfRange(raw, start, raw.length), false);
        int bodyBytes = raw.length - end - 4;
        String length = head.header("content-length");
        if (length != null) {
            return bodyBytes >= Integer.parseInt(length) ? head : null;
        }
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            return all.endsWith("0\r\n\r\n") ? parse(java.util.Arrays.copyOfRange(raw, start, raw.length), true) : null;
        }
        return null;
    }

    private static Response parse(byte[] raw, boolean dechunk) {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (raw.length == 0 || end < 0) {
            return new Response(0, Map.of(), raw);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (dechunk && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = indexOf(chunked, i);
            int size = Integer.parseInt(
                    new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length - 1; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return data.length;
    }
}
