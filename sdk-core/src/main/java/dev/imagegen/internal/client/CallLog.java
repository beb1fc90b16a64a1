package dev.imagegen.internal.client;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** What each vendor call of a request tried, as {@code provider:outcome} entries, for the result's routing metadata. */
final class CallLog {

    private final List<List<String>> calls;

    CallLog(int n) {
        calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            calls.add(new ArrayList<>(2)); // most calls are answered at the first attempt
        }
    }

    synchronized void add(int call, String providerId, String outcome) {
        calls.get(call).add(String.valueOf(providerId).concat(":").concat(String.valueOf(outcome))); // no indy on a fresh JVM
    }

    synchronized String attempts() {
        if (calls.size() == 1 && calls.get(0).size() == 1) {
            return calls.get(0).get(0); // the common case: one call, answered at the first attempt
        }
        StringJoiner out = new StringJoiner(";");
        for (List<String> c : calls) {
            out.add(String.join(",", c));
        }
        return out.toString();
    }

    /** The first call's attempts before the one that succeeded. */
    synchronized List<String> failedBeforeFirstSuccess() {
        List<String> first = calls.get(0);
        if (first.isEmpty() || first.get(0).endsWith(":ok")) {
            return List.of(); // the common case: the first attempt succeeded
        }
        List<String> out = new ArrayList<>();
        for (String a : first) {
            if (a.endsWith(":ok")) {
                break;
            }
            out.add(a);
        }
        return out;
    }
}
