/**
 * Learning rules as NxSDK writes them, and their fixed-point arithmetic. {@link LearningRuleSpec} is a rule as a user
 * gives it (sum-of-products strings for {@code dw}, {@code dd} and {@code dt}, trace impulses and time constants,
 * tEpoch); {@link ProductSeries} is a parsed rule with its evaluator and stochastic rounding; {@link RuleVariable} and
 * {@link RuleTarget} name what a rule reads and writes; {@link TraceProfile} is the arithmetic of one 7-bit trace;
 * {@link LearningRuleSyntaxException} says where a rule string is malformed.
 *
 * <p>A {@code synapse.ConnectionPrototype} names the rule in the description ({@code network}); {@code mapping} lists
 * the rules, lays out their reward axons and checks that the rules on a core share tEpoch; {@code chip} parses them
 * when a board is built, and each neurocore's learning engine applies them in the learning phase. This package holds
 * no chip state.
 *
 * <p>Specified in docs/loihi-semantics.md, "Learning engine" and "Rule evaluation, step by step"; examples L1-L4 in
 * "Worked examples".
 */
package io.github.loihiemu.core.learning;
