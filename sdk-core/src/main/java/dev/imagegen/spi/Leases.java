package dev.imagegen.spi;

/** The two stateless {@link SharedStore.Lease}s. */
final class Leases {

    static final SharedStore.Lease UNSHARED = new SharedStore.Lease() {
        @Override
        public boolean granted() {
            return true;
        }

        @Override
        public long retryAfterMillis() {
            return 0;
        }

        @Override
        public void release() {
        }

        @Override
        public String toString() {
            return "Lease[unshared]";
        }
    };

    record Refused(long retryAfterMillis) implements SharedStore.Lease {
        @Override
        public boolean granted() {
            return false;
        }

        @Override
        public void release() {
        }
    }

    private Leases() {
    }
}
