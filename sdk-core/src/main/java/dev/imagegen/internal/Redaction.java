package dev.imagegen.internal;

import dev.imagegen.ImageGenerationException;
import dev.imagegen.ImageGenerationException.Details;
import dev.imagegen.JobStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The one redaction function: how a secret shows ({@code ***}), and the scrubbing of a client's secrets (its API keys
 * and the credential values built from them) out of everything a vendor sends back before it reaches a message, a
 * log line or an event: error details and their causes, job statuses and log lines, result warnings and metadata.
 * A vendor that echoes the key in an error body does not put it into an exception.
 */
public final class Redaction {

    private static final String MASK = "***";
    /** Longer strings first; a class, not comparingInt(String::length).reversed(): lambdas cost a fresh JVM's build. */
    private static final Comparator<String> LONGEST_FIRST = new Comparator<String>() {
        @Override
        public int compare(String a, String b) {
            return Integer.compare(b.length(), a.length());
        }
    };

    /** Scrubs nothing. */
    public static final Redaction NONE = new Redaction(List.of());

    private final List<String> secrets;

    private Redaction(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redaction of these secrets (values shorter than 4 characters are ignored: they would mask ordinary text). */
    public static Redaction of(Collection<String> secrets) {
        List<String> s = new ArrayList<>();
        for (String v : secrets) {
            if (v != null && v.length() >= 4 && !s.contains(v)) {
                s.add(v);
            }
        }
        // longest first, so "Bearer KEY" is masked whole rather than leaving "Bearer " around a masked key
        s.sort(LONGEST_FIRST);
        return new Redaction(List.copyOf(s));
    }

    /** How any secret shows: {@code "***"}, whatever its length (nothing of it is revealed). */
    public static String secret(String value) {
        return value == null ? "null" : MASK;
    }

    /** {@code text} with every secret replaced by {@code ***}; null stays null. */
    public String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    private boolean holdsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (String s : secrets) {
            if (text.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code e} without the secrets: unchanged when none is in it (its message or any cause's), else a copy of the same
     * type with scrubbed details and scrubbed causes.
     */
    public ImageGenerationException scrub(ImageGenerationException e) {
        if (secrets.isEmpty() || !holdsSecretInChain(e)) {
            return e;
        }
        Details d = e.details();
        Details clean = new Details(scrub(d.summary()), d.providerId(), d.httpStatus(), scrub(d.vendorCode()),
                scrub(d.vendorMessage()), scrub(d.requestId()));
        return Errors.withDetails(e, clean, scrubCause(e.getCause()));
    }

    /** {@code s} with its vendor status and log lines scrubbed. */
    public JobStatus scrub(JobStatus s) {
        if (secrets.isEmpty() || !(holdsSecret(s.vendorStatus()) || s.logs().stream().anyMatch(this::holdsSecret))) {
            return s;
        }
        return new JobStatus(s.state(), scrub(s.vendorStatus()), s.queuePosition(), s.progress(),
                s.logs().stream().map(this::scrub).toList());
    }

    private boolean holdsSecretInChain(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (holdsSecret(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private Throwable scrubCause(Throwable t) {
        if (t == null || !holdsSecretInChain(t)) {
            return t;
        }
        if (t instanceof ImageGenerationException ige) {
            return scrub(ige);
        }
        Throwable inner = scrubCause(t.getCause());
        String message = t.getClass().getName() + ": " + scrub(t.getMessage());
        Throwable out = t instanceof IOException ? new IOException(message, inner) : new RuntimeException(message, inner);
        out.setStackTrace(t.getStackTrace());
        return out;
    }
}
