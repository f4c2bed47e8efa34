package org.hebbkit.run;

import org.hebbkit.engine.MatMul;
import org.hebbkit.nn.HebbianConv2d;
import picocli.CommandLine.Option;

/**
 * How a learning step is computed, shared by {@code train}, {@code sweep} and {@code bench step}: the same weights up
 * to rounding whatever is chosen (docs/performance.md and docs/results.md, What a seed fixes). Each option is {@code null} when not given.
 */
public final class FormulationOptions {

    @Option(names = "--conv-algorithm", description = "How 3 x 3 conv layers learn: ${COMPLETION-CANDIDATES} (default"
            + " patches; winograd: Winograd's F(2x2, 3x3), faster on the CPU, the same weights up to rounding; auto:"
            + " winograd on the CPU; docs/performance.md).")
    public HebbianConv2d.Algorithm convAlgorithm;

    @Option(names = "--matmul", description = "Which kernel runs the learning step's matrix products: ${COMPLETION-CANDIDATES}"
            + " (default auto, or -Dhebbkit.matmul: onednn for float32 on x86-64 CPUs, about twice MKL's speed on AMD;"
            + " engine: the engine's matrix multiply everywhere, the floats of HebbKit's runs before the oneDNN products;"
            + " docs/performance.md).")
    public MatMul.Kernel matmul;

    /** The algorithm given, else {@link HebbianConv2d.Algorithm#PATCHES}, {@code train}'s default. */
    public HebbianConv2d.Algorithm convAlgorithmOrDefault() {
        return convAlgorithm == null ? HebbianConv2d.Algorithm.PATCHES : convAlgorithm;
    }

    /**
     * The command's {@link MatMul} kernel on this thread, until the scope closes: the one given, else the thread's own
     * ({@code -Dhebbkit.matmul}, else auto). Commands also run in-process (tests, notebooks): closing gives the caller
     * its choice back.
     */
    public MatMul.Scope matMulScope() {
        return MatMul.use(matmul != null ? matmul : MatMul.kernel());
    }
}
