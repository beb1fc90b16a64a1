package dev.imagegen.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** What each vendor call of a request tried, as {@code provider:outcome} entries, for the result's routing metadata. */
final class CallLog {

    private final List<List<String>> calls = new ArrayList<>();

    CallLog(int n) {
        for (int i = 0; i < n; i++) {
            calls.add(new ArrayList<>());
        }
    }

    synchronized void add(int call, String providerId, String outcome) {
        calls.get(call).add(providerId + ":" + outcome);
    }

    synchronized String attempts() {
        StringJoiner out = new StringJoiner(";");
        for (List<String> c : calls) {
            out.add(String.join(",", c));
        }
        return out.toString();
    }

    /** The first call's attempts before the one that succeeded. */
    synchronized List<String> failedBeforeFirstSuccess() {
        List<String> out = new ArrayList<>();
        for (String a : calls.get(0)) {
            if (a.endsWith(":ok")) {
                break;
            }
            out.add(a);
        }
        return out;
    }
}
