package dev.imagegen.spi;

import dev.imagegen.JobStatus;

import java.util.Objects;

/** What a provider makes of the answer to its generate request: the finished images, or a job to poll. */
public sealed interface ProviderResponse permits ProviderResponse.Completed, ProviderResponse.Pending {

    /**
     * The images are here.
     *
     * @param result the images and facts of the call
     */
    record Completed(ProviderResult result) implements ProviderResponse {
        /**
         * Checks the result is present.
         *
         * @param result the images and facts of the call
         * @throws NullPointerException if {@code result} is null
         */
        public Completed {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The vendor accepted a job; poll it with {@link ImageProvider#pollRequest}.
     *
     * @param job    what the core needs to poll the job
     * @param status the job's status in the answer, usually {@link dev.imagegen.JobState#QUEUED}
     */
    record Pending(JobHandle job, JobStatus status) implements ProviderResponse {
        /**
         * Checks the fields.
         *
         * @param job    what the core needs to poll the job
         * @param status the job's status in the answer, usually {@link dev.imagegen.JobState#QUEUED}
         * @throws NullPointerException if an argument is null
         */
        public Pending {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Shorthand for a completed response.
     *
     * @param result the images and facts of the call
     * @return a {@link Completed} response
     */
    static ProviderResponse completed(ProviderResult result) {
        return new Completed(result);
    }

    /**
     * Shorthand for a pending job.
     *
     * @param job    what the core needs to poll the job
     * @param status the job's status in the answer
     * @return a {@link Pending} response
     */
    static ProviderResponse pending(JobHandle job, JobStatus status) {
        return new Pending(job, status);
    }
}
