package dev.imagegen.testkit;

import java.util.List;

/** The text of a failed {@link ProviderEmulator#verify}: what was expected, and what the emulator received. */
final class RequestReport {
    /** Enough to spot the stray or missing call, short enough to read in a test report. */
    static final int MAX_LISTED = 20;

    private RequestReport() {
    }

    static String mismatch(String route, int expected, int actual, List<RecordedCall> log) {
        StringBuilder sb = new StringBuilder()
                .append("expected ").append(times(expected)).append(" on route ").append(route)
                .append(" but it was hit ").append(times(actual)).append('.');
        if (log.isEmpty()) {
            return sb.append(" The request log is empty.").toString();
        }
        sb.append(" The log holds ").append(log.size()).append(log.size() == 1 ? " request" : " requests");
        int from = Math.max(0, log.size() - MAX_LISTED);
        sb.append(from > 0 ? " (the last " + MAX_LISTED + " shown):" : ":");
        for (RecordedCall c : log.subList(from, log.size())) {
            sb.append("\n  ").append(c.route().equals(route) ? "* " : "  ").append(c.method()).append(' ')
                    .append(c.pathAndQuery()).append("  -> ").append(c.route());
        }
        return sb.toString();
    }

    private static String times(int n) {
        return n == 1 ? "1 request" : n + " requests";
    }
}
