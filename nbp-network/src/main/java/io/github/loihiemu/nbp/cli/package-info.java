/**
 * The {@code nbp} command ({@link NbpCli}: train, eval, report): it parses arguments with picocli, checks every input
 * and output before work starts, and calls the public API of {@code io.github.loihiemu.nbp} ({@code NbpTrainer} for
 * training, {@code NbpFiles} for files, {@code NbpInference} and {@code NbpReport} for scores and reports). It holds no
 * training loop and no file format of its own; it prints for humans, or one JSON object per line with {@code --json}.
 */
package io.github.loihiemu.nbp.cli;
