package io.github.loihiemu.core.chip;

/**
 * User code attached to a phase of every timestep, like an NxSDK snip. Hooks run on the thread that called
 * {@link Board#run}, after every core finished the phase and before the next phase starts, so they may read the
 * board's state.
 */
@FunctionalInterface
public interface StepHook {
    /** Called once per timestep {@code t} at the end of the phase the hook was added to. */
    void onStep(Board board, long t);
}
