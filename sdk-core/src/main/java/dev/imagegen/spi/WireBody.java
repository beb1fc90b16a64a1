package dev.imagegen.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen.internal.FlatJson;
import dev.imagegen.internal.Json;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The body of a {@link WireRequest}: JSON, an urlencoded form, or multipart form data. */
public sealed interface WireBody permits WireBody.JsonBody, WireBody.FormBody, WireBody.MultipartBody {

    /**
     * The Content-Type header value.
     *
     * @return the media type with any parameters, e.g. {@code application/json; charset=utf-8}; for multipart the core
     *         adds the boundary
     */
    String contentType();

    /**
     * JSON bytes, UTF-8, non-ASCII characters written as they are (not escaped).
     *
     * @param bytes the JSON document, UTF-8
     */
    record JsonBody(byte[] bytes) implements WireBody {
        @Override
        public String contentType() {
            return "application/json; charset=utf-8";
        }
    }

    /**
     * {@code application/x-www-form-urlencoded} fields, in order, encoded as UTF-8.
     *
     * @param fields the fields as name-value pairs, in order
     */
    record FormBody(List<Map.Entry<String, String>> fields) implements WireBody {
        /**
         * Copies the fields.
         *
         * @param fields the fields as name-value pairs, in order; copied
         */
        public FormBody {
            fields = List.copyOf(fields);
        }

        @Override
        public String contentType() {
            return "application/x-www-form-urlencoded";
        }
    }

    /**
     * {@code multipart/form-data} parts, in order. The core picks the boundary.
     *
     * @param parts the parts, in order
     */
    record MultipartBody(List<Part> parts) implements WireBody {
        /**
         * Copies the parts.
         *
         * @param parts the parts, in order; copied
         */
        public MultipartBody {
            parts = List.copyOf(parts);
        }

        @Override
        public String contentType() {
            return "multipart/form-data";
        }
    }

    /**
     * One multipart part: a text field ({@code fileName} null) or a file.
     *
     * @param name        the field name
     * @param fileName    the file name, or null for a text field
     * @param contentType the file's media type, or null for a text field
     * @param data        the value's bytes (UTF-8 text for a field)
     */
    record Part(String name, @Nullable String fileName, @Nullable String contentType, byte[] data) {
        /**
         * Checks name and data.
         *
         * @param name        the field name
         * @param fileName    the file name, or null for a text field
         * @param contentType the file's media type, or null for a text field
         * @param data        the value's bytes (UTF-8 text for a field)
         * @throws NullPointerException if {@code name} or {@code data} is null
         */
        public Part {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(data, "data");
        }

        /**
         * A text field.
         *
         * @param name  the field name
         * @param value the field value, sent as UTF-8
         * @return a part without file name or content type
         */
        public static Part field(String name, String value) {
            return new Part(name, null, null, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /**
         * A file.
         *
         * @param name        the field name
         * @param fileName    the file name sent in the part's Content-Disposition, e.g. {@code image.png}
         * @param contentType the file's media type, e.g. {@code image/png}
         * @param data        the file's bytes, not copied
         * @return a file part
         */
        public static Part file(String name, String fileName, String contentType, byte[] data) {
            return new Part(name, Objects.requireNonNull(fileName, "fileName"), Objects.requireNonNull(contentType, "contentType"), data);
        }

        /**
         * Whether this part is a file.
         *
         * @return true if the part has a file name
         */
        public boolean isFile() {
            return fileName != null;
        }

        @Override
        public String toString() {
            return isFile() ? "Part{" + name + ", file " + fileName + ", " + data.length + " bytes}" : "Part{" + name + "}";
        }
    }

    /**
     * A JSON body from a tree (serialised once, here).
     *
     * @param tree the JSON document
     * @return a {@link JsonBody} holding the serialised bytes
     */
    static WireBody json(JsonNode tree) {
        try {
            return new JsonBody(Json.MAPPER.writeValueAsBytes(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON object of {@code fields}, in the map's order, serialised once, here. Text, {@link Integer}, {@link Long}
     * and {@link Boolean} values are written straight into one array of the body's length (the usual request body,
     * without a Jackson tree and its serialisation: about a kilobyte less per request); a map holding any other value
     * (a double, null, a list or a map) is serialised with the SDK's Jackson mapper. The bytes are the same either way.
     *
     * @param fields the object's fields, in order; read once, not kept
     * @return a {@link JsonBody} holding the serialised bytes
     */
    static WireBody json(Map<String, ?> fields) {
        byte[] flat = FlatJson.of(fields);
        if (flat != null) {
            return new JsonBody(flat);
        }
        try {
            return new JsonBody(Json.MAPPER.writeValueAsBytes(fields));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A form body builder.
     *
     * @return an empty builder; it builds an urlencoded body unless a file is added or multipart is forced
     */
    static FormBuilder form() {
        return new FormBuilder();
    }

    /** Collects form fields, or multipart parts once a file is added. */
    final class FormBuilder {
        private final List<Part> parts = new ArrayList<>();
        private boolean multipart;

        private FormBuilder() {
        }

        /**
         * Adds a text field.
         *
         * @param name  the field name; a repeated name adds another field
         * @param value the field value, as UTF-8 text
         * @return this builder
         */
        public FormBuilder field(String name, String value) {
            parts.add(Part.field(name, value));
            return this;
        }

        /**
         * Adds a file (the body becomes multipart).
         *
         * @param name        the field name
         * @param fileName    the file name, e.g. {@code image.png}
         * @param contentType the file's media type, e.g. {@code image/png}
         * @param data        the file's bytes, not copied
         * @return this builder
         */
        public FormBuilder file(String name, String fileName, String contentType, byte[] data) {
            parts.add(Part.file(name, fileName, contentType, data));
            multipart = true;
            return this;
        }

        /**
         * Forces multipart even without a file.
         *
         * @param multipart true to send multipart form data; false keeps what the builder had (never turns it off)
         * @return this builder
         */
        public FormBuilder multipart(boolean multipart) {
            this.multipart = this.multipart || multipart;
            return this;
        }

        /**
         * Urlencoded when no file was added (and multipart not forced), else multipart.
         *
         * @return a {@link FormBody} or a {@link MultipartBody} with the fields and files in the order added
         */
        public WireBody build() {
            if (multipart) {
                return new MultipartBody(parts);
            }
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (Part p : parts) {
                fields.add(Map.entry(p.name(), new String(p.data(), java.nio.charset.StandardCharsets.UTF_8)));
            }
            return new FormBody(fields);
        }
    }
}
