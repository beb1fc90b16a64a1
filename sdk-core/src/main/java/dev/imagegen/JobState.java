package dev.imagegen;

/** Where a submitted job stands. */
public enum JobState {
    /** Accepted, waiting for a worker. */
    QUEUED,
    /** Being generated. */
    RUNNING,
    /** Finished with images. */
    SUCCEEDED,
    /** Finished without images; the reason is in the failure. */
    FAILED,
    /** Stopped by the caller; the vendor may still finish (and bill) it. */
    CANCELLED;

    /**
     * Whether the job will not change any more.
     *
     * @return true for SUCCEEDED, FAILED and CANCELLED
     */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
