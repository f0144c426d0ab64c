/**
 * numpy file formats for nBP weights and checkpoints: {@link Npy} reads and writes {@code .npy} files and
 * {@code .npz} archives of integer arrays (little-endian int32/int64, C order; anything else is rejected with a
 * message), and {@link NpyArray} is one such array with its shape. Used by the {@code nbp} command
 * ({@code --init}, {@code --save}, {@code --order}, {@code --weights}); no dependency on loihi-core.
 */
package io.github.loihiemu.nbp.io;
