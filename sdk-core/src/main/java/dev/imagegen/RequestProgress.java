package dev.imagegen;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where one vendor call of a request stands, as told to the request's own {@link ProgressListener}.
 *
 * @param provider the provider serving this call (after a failover, the one failed over to)
 * @param jobId    the vendor's job id once the vendor accepted a job, else null (a synchronous vendor has none)
 * @param call     which vendor call of the request, from 0 (a request for more images than one call returns runs
 *                 as several)
 * @param calls    how many vendor calls the request runs
 * @param status   the call's status: {@link JobState#RUNNING} when a synchronous call is sent, then each status a
 *                 job reports (queue position, progress, log lines), and a terminal state at the end
 */
public record RequestProgress(String provider, @Nullable String jobId, int call, int calls, JobStatus status) {

    /**
     * Checks the fields.
     *
     * @param provider the provider serving this call
     * @param jobId    the vendor's job id, or null before a job is accepted or for a synchronous vendor
     * @param call     which vendor call of the request, from 0
     * @param calls    how many vendor calls the request runs, at least 1
     * @param status   the call's status
     * @throws NullPointerException if {@code provider} or {@code status} is null
     */
    public RequestProgress {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The vendor's job id, when there is a job.
     *
     * @return the job id, or empty before a job is accepted or for a synchronous vendor
     */
    public Optional<String> job() {
        return Optional.ofNullable(jobId);
    }
}
