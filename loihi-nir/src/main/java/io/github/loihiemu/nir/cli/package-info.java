/** The {@code loihi} command line: {@code info} and {@code run} on a NIR graph, each flag an option of the Java API. */
package io.github.loihiemu.nir.cli;
