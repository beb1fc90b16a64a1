/**
 * The provider SPI: what a provider module implements ({@link dev.imagegen.spi.ImageProviderFactory},
 * {@link dev.imagegen.spi.ImageProvider}) and the wire types it translates to and from. Providers translate; the
 * core sends, retries, polls and downloads.
 *
 * <p>Nothing here accepts or returns null unless it is annotated {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.imagegen.spi;

import org.jspecify.annotations.NullMarked;
