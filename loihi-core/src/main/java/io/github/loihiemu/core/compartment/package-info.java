/**
 * The compartment model (current-based leaky integrate-and-fire, as on Loihi): its parameters and its exact integer
 * arithmetic. {@link CompartmentPrototype} is the validated parameter set a {@code network.CompartmentGroup} shares;
 * {@link Registers} holds the fixed-width wrap, decay and saturation rules; {@link ReferenceCompartment} is the plain,
 * obviously correct update that the branch-free kernel of the {@code chip} package is tested against bit for bit.
 *
 * <p>This package depends on no other: the description ({@code network}) uses the prototype, {@code mapping} checks
 * that the compartments of a core agree on its per-core settings, and {@code chip} runs the update. Specified in
 * docs/loihi-semantics.md, "Compartment (CUBA LIF), per step"; examples A-E in "Worked examples".
 */
package io.github.loihiemu.core.compartment;
