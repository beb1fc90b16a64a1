package dev.imagegen.internal;

import dev.imagegen.ImageSize;
import dev.imagegen.internal.op.Operation;
import dev.imagegen.spi.ImageOutput;
import dev.imagegen.spi.JobUpdate;
import dev.imagegen.spi.ProviderResponse;
import dev.imagegen.spi.ProviderResult;
import okhttp3.HttpUrl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one check every output passes before it can become a result: bytes must be a PNG, JPEG, WebP, GIF or AVIF
 * (magic number) whose header gives believable dimensions; a {@code data:} URL is decoded here and checked the same
 * way; any other output must be an absolute http(s) URL, which the download then checks in turn. It runs inside the
 * exchange that brought the answer, so the one classifier types a failure by what that exchange was: an answer to a
 * paid request that holds no image is an unknown outcome (the vendor may have billed it), a poll's or a download's is
 * an invalid response.
 */
public final class ImageCheck {

    /** The largest side believed: JPEG's and GIF's format limit, far beyond what any vendor renders. */
    static final int MAX_SIDE = 65_535;

    private ImageCheck() {
    }

    /** An output that is not an image. Thrown inside an exchange's handler; see the class comment for its typing. */
    public static final class NotAnImageException extends RuntimeException {
        NotAnImageException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** {@code bytes}, when they are an image with a believable header; {@code what} names it in the error. */
    public static byte[] image(byte[] bytes, String what) {
        Optional<String> type = MediaTypes.sniff(bytes, bytes.length);
        if (type.isEmpty()) {
            throw new NotAnImageException(what + " is not an image: " + describe(bytes), null);
        }
        Optional<ImageSize> size = MediaTypes.dimensions(bytes);
        if (size.isEmpty()) {
            throw new NotAnImageException(what + " starts like " + type.get() + " but its header gives no dimensions ("
                    + bytes.length + " bytes)", null);
        }
        ImageSize s = size.get();
        if (s.width() > MAX_SIDE || s.height() > MAX_SIDE) {
            throw new NotAnImageException(what + " is " + type.get() + " whose header claims " + s + ", beyond "
                    + MAX_SIDE + " pixels a side: not a real image", null);
        }
        return bytes;
    }

    /** The response with its result's outputs checked (see {@link #result}); a pending job is returned as it is. */
    public static ProviderResponse response(ProviderResponse r) {
        return response(r, null);
    }

    /** As {@link #response(ProviderResponse)}, keeping a parsed output URL in {@code op} for its download. */
    public static ProviderResponse response(ProviderResponse r, Operation op) {
        if (!(r instanceof ProviderResponse.Completed c)) {
            return r;
        }
        ProviderResult checked = result(c.result(), op);
        return checked == c.result() ? r : ProviderResponse.completed(checked);
    }

    /** The update with its result's outputs checked, when it carries one. */
    public static JobUpdate update(JobUpdate u) {
        return u.result() == null ? u : JobUpdate.succeeded(u.status(), result(u.result()));
    }

    /**
     * The result with every output checked: bytes as they are, {@code data:} URLs decoded to bytes, other URLs parsed
     * as absolute http(s) URLs. A result without any output is not a result.
     */
    public static ProviderResult result(ProviderResult r) {
        return result(r, null);
    }

    /** As {@link #result(ProviderResult)}; each parsed URL is kept in {@code op} (when there is one) for its download. */
    static ProviderResult result(ProviderResult r, Operation op) {
        List<ImageOutput> in = r.images();
        if (in.isEmpty()) {
            throw new NotAnImageException("the answer holds no image", null);
        }
        List<ImageOutput> out = new ArrayList<>(in.size());
        boolean changed = false;
        for (int i = 0; i < in.size(); i++) {
            ImageOutput o = in.get(i);
            String what = name(i, in.size());
            if (o.bytes() != null) {
                image(o.bytes(), what);
                out.add(o);
            } else if (o.url().regionMatches(true, 0, "data:", 0, 5)) {
                out.add(decoded(o, what));
                changed = true;
            } else {
                HttpUrl url = HttpUrl.parse(o.url());
                if (url == null) {
                    throw new NotAnImageException(what + " is neither image data nor an absolute http(s) URL: '"
                            + excerpt(o.url()) + "'", null);
                }
                if (op != null) {
                    op.outputUrl(o.url(), url);
                }
                out.add(o);
            }
        }
        return changed ? r.withImages(out) : r;
    }

    /** "output 2 of 4", or "the output" when there is one. */
    public static String name(int index, int count) {
        return count == 1 ? "the output" : "output " + (index + 1) + " of " + count;
    }

    private static ImageOutput decoded(ImageOutput o, String what) {
        // data:[<media type>][;base64],<data>
        int comma = o.url().indexOf(',');
        String mediaType = comma < 0 ? "" : o.url().substring(5, comma).split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.isEmpty() && !mediaType.startsWith("image/")) {
            throw new NotAnImageException(what + " is a data: URL of " + mediaType + ", not of an image", null);
        }
        byte[] bytes;
        try {
            bytes = Base64Images.decode(o.url());
        } catch (IllegalArgumentException e) {
            throw new NotAnImageException(what + " is a data: URL that is not valid base64", e);
        }
        return ImageOutput.ofBytes(image(bytes, what), null).withNsfw(o.nsfw()).withRevisedPrompt(o.revisedPrompt());
    }

    /** At most 80 characters of a URL, without its query (which may hold a signature). */
    private static String excerpt(String url) {
        int q = url.indexOf('?');
        String s = q < 0 ? url : url.substring(0, q);
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** What the bytes look like, without quoting them (a vendor's error page may echo what it was sent). */
    static String describe(byte[] b) {
        if (b.length == 0) {
            return "empty (0 bytes)";
        }
        int first = 0;
        while (first < b.length && first < 64 && Character.isWhitespace(b[first])) {
            first++;
        }
        char c = first < b.length ? (char) (b[first] & 0xff) : ' ';
        String kind = c == '<' ? "HTML or XML" : c == '{' || c == '[' ? "JSON" : printable(b) ? "text" : "unrecognised data";
        return b.length + " bytes of " + kind + ", not PNG, JPEG, WebP, GIF or AVIF";
    }

    private static boolean printable(byte[] b) {
        int n = Math.min(b.length, 64);
        for (int i = 0; i < n; i++) {
            int v = b[i] & 0xff;
            if (v < 0x09 || (v > 0x0d && v < 0x20) || v == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
