package dev.imagegen.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds JSON objects (insertion-ordered maps) for {@link Reply#json}. */
final class Json {
    private Json() {
    }

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
