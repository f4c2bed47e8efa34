package org.hebbkit.run;

/**
 * Sets the PyTorch engine's thread counts (before the engine starts), and keeps a command's choice of
 * {@link org.hebbkit.engine.MatMul} kernel to that command.
 */
public final class EngineThreads {

    /** A command's body. */
    @FunctionalInterface
    public interface Body {
        Integer run() throws java.io.IOException;
    }

    private EngineThreads() {}

    /**
     * Runs a command that may set the process-wide {@link org.hebbkit.engine.MatMul} kernel ({@code --matmul}), then
     * sets back the caller's: commands also run in-process (tests, notebooks).
     */
    public static Integer restoringMatMul(Body body) throws java.io.IOException {
        org.hebbkit.engine.MatMul.Kernel before = org.hebbkit.engine.MatMul.kernel();
        try {
            return body.run();
        } finally {
            org.hebbkit.engine.MatMul.setKernel(before);
        }
    }

    /** @param threads intra-op threads, or 0 to keep the engine's default (one per core) */
    public static void configure(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
