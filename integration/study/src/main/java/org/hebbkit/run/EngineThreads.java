package org.hebbkit.run;

/** Sets the PyTorch engine's thread counts (before the engine starts). */
public final class EngineThreads {

    private EngineThreads() {}

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
