/**
 * NIR (Neuromorphic Intermediate Representation) graphs for loihi-emu: {@link io.github.loihiemu.nir.NirReader} reads
 * {@code .nir} files (HDF5, the layout of the {@code nir} Python package's {@code serialization.py}) into an immutable
 * {@link io.github.loihiemu.nir.NirGraph} of {@link io.github.loihiemu.nir.NirNode}s (a
 * {@link io.github.loihiemu.nir.NodeType} and named {@link io.github.loihiemu.nir.NirArray} parameters, input and
 * output shapes, nested graphs) and {@link io.github.loihiemu.nir.NirEdge}s; {@link io.github.loihiemu.nir.NirWriter}
 * writes such a graph back in the same layout. Malformed input gives a
 * {@link io.github.loihiemu.nir.NirFormatException} with a one-line message naming the file, the node and the problem.
 * {@link io.github.loihiemu.nir.NirMapper} maps graphs of LIF, CubaLIF, IF and LI neurons joined by Affine, Linear and
 * Scale nodes onto a loihi-core {@code Network} ({@link io.github.loihiemu.nir.NirMapping}) and says what that did to
 * the numbers ({@link io.github.loihiemu.nir.QuantisationReport}); what it cannot express is a
 * {@link io.github.loihiemu.nir.NirMappingException}. docs/nir.md describes the layout, the checks, the mapping's
 * formulas and the choices made.
 */
package io.github.loihiemu.nir;
