package dev.imagegen;

/**
 * Watches one request's own progress, passed to {@link ImageClient#generate(ImageRequest, ProgressListener)},
 * {@link ImageClient#generateAsync(ImageRequest, ProgressListener)} or {@link ImageClient#submit(ImageRequest,
 * ProgressListener)}: it hears every change of status of each of the request's vendor calls, in order per call.
 * Called on the client's threads: it must be fast and must not block; what it throws is logged and ignored.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() { // a class, not a lambda a fresh JVM spins on its first request
        @Override
        public void onProgress(RequestProgress progress) {
        }
    };

    /**
     * One call's status changed.
     *
     * @param progress the call, its index among the request's calls, and its new status
     */
    void onProgress(RequestProgress progress);
}
