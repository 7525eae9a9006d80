package io.distlock.test.redis;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes commands as RESP arrays of bulk strings and decodes replies (RESP2, plus the RESP3 types
 * a server may send after {@code HELLO 3}).
 *
 * <p>Replies map to: simple and bulk strings → {@link String} (UTF-8), integers → {@link Long},
 * arrays, sets and pushes → {@link List}, maps → {@link Map}, nil → {@code null}, booleans → {@link Boolean},
 * doubles → {@link Double}, big numbers → {@link BigInteger}. A top-level error is thrown as
 * {@link RedisCommandException}; an error nested in an array (e.g. inside an {@code EXEC} reply) is returned
 * as a {@link RedisCommandException} element.
 */
final class RespCodec {

    private RespCodec() {
    }

    static byte[] encode(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeAscii(out, "*" + args.length + "\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeAscii(out, "$" + bytes.length + "\r\n");
            out.writeBytes(bytes);
            writeAscii(out, "\r\n");
        }
        return out.toByteArray();
    }

    /** Reads one reply, throwing {@link RedisCommandException} if it is an error. */
    static Object readReply(InputStream in) throws IOException {
        Object reply = readValue(in);
        if (reply instanceof RedisCommandException) {
            RedisCommandException error = (RedisCommandException) reply;
            throw new RedisCommandException(error.getMessage());
        }
        return reply;
    }

    private static Object readValue(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Connection closed by the server");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisCommandException(line);
            case ':':
                return Long.parseLong(line);
            case '$':
            case '=':
                String bulk = readBulk(in, Integer.parseInt(line));
                return type == '=' && bulk != null && bulk.length() >= 4 ? bulk.substring(4) : bulk;
            case '!':
                return new RedisCommandException(readBulk(in, Integer.parseInt(line)));
            case '*':
            case '~':
            case '>':
                return readList(in, Integer.parseInt(line));
            case '%':
            case '|':
                return readMap(in, Integer.parseInt(line));
            case '_':
                return null;
            case '#':
                return "t".equals(line);
            case ',':
                return parseDouble(line);
            case '(':
                return new BigInteger(line);
            default:
                throw new IOException("Unexpected RESP type byte '" + (char) type + "' followed by: " + line);
        }
    }

    private static List<Object> readList(InputStream in, int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readValue(in));
        }
        return items;
    }

    private static Map<Object, Object> readMap(InputStream in, int count) throws IOException {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Object key = readValue(in);
            map.put(key, readValue(in));
        }
        return map;
    }

    private static Double parseDouble(String line) {
        switch (line) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                return Double.parseDouble(line);
        }
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("Connection closed in the middle of a reply");
        }
        readLine(in);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed in the middle of a reply");
            }
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
                if (next < 0) {
                    throw new EOFException("Connection closed in the middle of a reply");
                }
                line.write(next);
            } else {
                line.write(b);
            }
        }
    }

    private static void writeAscii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
