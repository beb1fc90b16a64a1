/**
 * imagegen-java on Redis: {@link dev.imagegen.redis.RedisSharedStore}, a {@link dev.imagegen.spi.SharedStore} that
 * makes every client using it, in any number of processes, share one budget, one set of provider limits and one
 * journal of paid jobs not yet delivered.
 */
@SuppressWarnings("requires-transitive-automatic") // lettuce-core is an automatic module
module dev.imagegen.redis {
    requires transitive dev.imagegen.core;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.imagegen.redis;
}
