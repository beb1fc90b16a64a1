package dev.imagegen.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Typed, validating access to request fields that came either as JSON (types are checked strictly: an integer must
 * be a JSON integer) or as form fields (text that must parse). Every failure is a {@link ValidationException}
 * whose message names the field.
 */
final class Fields {
    private final JsonNode json;
    private final FormData form;

    private Fields(JsonNode json, FormData form) {
        this.json = json;
        this.form = form;
    }

    static Fields json(JsonNode object) {
        return new Fields(object, null);
    }

    static Fields form(FormData form) {
        return new Fields(null, form);
    }

    boolean isJson() {
        return json != null;
    }

    /** Present and not null (JSON) or present and not empty (form). */
    boolean has(String name) {
        if (json != null) {
            JsonNode n = json.get(name);
            return n != null && !n.isNull();
        }
        String v = form.first(name);
        return v != null && !v.isEmpty();
    }

    String string(String name) {
        if (!has(name)) {
            return null;
        }
        if (json != null) {
            JsonNode n = json.get(name);
            if (!n.isTextual()) {
                throw new ValidationException(name, name + " must be a string");
            }
            return n.textValue();
        }
        return form.first(name);
    }

    String requireString(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) {
            throw new ValidationException(name, name + " is required");
        }
        return v;
    }

    String oneOf(String name, List<String> allowed, String dflt) {
        String v = string(name);
        if (v == null) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw new ValidationException(name, name + " must be one of " + String.join(", ", allowed)
                    + " (got '" + v + "')");
        }
        return v;
    }

    Long integer(String name, long min, long max) {
        if (!has(name)) {
            return null;
        }
        long v;
        if (json != null) {
            JsonNode n = json.get(name);
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                throw new ValidationException(name, name + " must be an integer");
            }
            v = n.longValue();
        } else {
            try {
                v = Long.parseLong(form.first(name).trim());
            } catch (NumberFormatException e) {
                throw new ValidationException(name, name + " must be an integer (got '" + form.first(name) + "')");
            }
        }
        if (v < min || v > max) {
            throw new ValidationException(name, name + " must be between " + min + " and " + max + " (got " + v
                    + ")");
        }
        return v;
    }

    Double number(String name, double min, double max) {
        if (!has(name)) {
            return null;
        }
        double v;
        if (json != null) {
            JsonNode n = json.get(name);
            if (!n.isNumber()) {
                throw new ValidationException(name, name + " must be a number");
            }
            v = n.doubleValue();
        } else {
            try {
                v = Double.parseDouble(form.first(name).trim());
            } catch (NumberFormatException e) {
                throw new ValidationException(name, name + " must be a number (got '" + form.first(name) + "')");
            }
        }
        if (!(v >= min && v <= max)) {
            throw new ValidationException(name, name + " must be between " + fmt(min) + " and " + fmt(max)
                    + " (got " + fmt(v) + ")");
        }
        return v;
    }

    Boolean bool(String name) {
        if (!has(name)) {
            return null;
        }
        if (json != null) {
            JsonNode n = json.get(name);
            if (!n.isBoolean()) {
                throw new ValidationException(name, name + " must be a boolean");
            }
            return n.booleanValue();
        }
        switch (form.first(name).trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new ValidationException(name, name + " must be a boolean (got '" + form.first(name) + "')");
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A field failed validation; the message names the field. */
    static final class ValidationException extends RuntimeException {
        final String field;

        ValidationException(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
