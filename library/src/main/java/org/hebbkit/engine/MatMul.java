package org.hebbkit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Locale;

/**
 * The matrix products of a learning step: {@code a b} and {@code a b^T}, on the engine's matrix multiply or as a
 * 1 x 1 convolution, which PyTorch runs on oneDNN.
 *
 * <p>Why: on x86-64 CPUs libtorch's float32 matrix multiply is MKL's, and MKL runs its AVX2 kernels on AMD processors
 * even where they have AVX-512, while oneDNN picks its kernels by the instruction sets the processor reports.
 * {@code hebbkit bench matmul} on a 2-core AMD EPYC (Zen 5, AVX-512; docs/performance.md): {@code [384, 864] x [864, 2560]}
 * in 10.61 ms (160 GFLOP/s) through the matrix multiply, 5.60 ms (303 GFLOP/s) as a convolution;
 * {@code [1536, 3456] x [3456, 640]} 38.33 ms against 20.04 ms. Both sum the same products in float32, in another
 * order: results agree to rounding (about 1e-6 of the largest value), not bit for bit.
 *
 * <p>Arrays that are new for each call, as a learning step's patches and activities are, run at that speed. A
 * convolution whose input array was the same from call to call ran 2-5 times slower than the matrix multiply in a
 * harness on that machine (cause not found), so HebbKit calls this class in the learning step only, and inference
 * keeps the engine's convolution and matrix multiply.
 *
 * <p>Which one runs ({@link Kernel}): {@link Kernel#AUTO} (the default) takes the convolution for float32 arrays on
 * the CPU of an x86-64 machine with more than one engine thread when the product has at least {@value #AUTO_MINIMUM}
 * multiply-adds and its input more than 20,480 values (below, PyTorch would not hand the convolution to oneDNN), the
 * matrix multiply otherwise (GPUs: cuBLAS). A run chooses its own ({@link #use}, a scope on the thread that runs it;
 * {@code PresetRun.Builder.optMatMul}; {@code hebbkit train --matmul}, recorded in {@code run.json}); the process's
 * default is the system property {@code hebbkit.matmul} ({@code auto}, {@code engine}, {@code onednn}). {@link Kernel#ENGINE} gives the floats of HebbKit before this
 * class, bit for bit.
 */
public final class MatMul {

    /** How a product is computed. */
    public enum Kernel {
        /** {@link #ONEDNN} for float32 CPU arrays on x86-64 when the product is large enough; else {@link #ENGINE}. */
        AUTO,
        /** The engine's matrix multiply ({@code torch.matmul}: MKL on x86-64 CPUs, cuBLAS on GPUs). */
        ENGINE,
        /**
         * A 1 x 1 convolution for every float32 CPU product (on oneDNN where PyTorch hands it over, see {@link #AUTO});
         * GPU arrays keep the matrix multiply.
         */
        ONEDNN
    }

    /** Multiply-adds from which {@link Kernel#AUTO} takes the convolution: below, the call's overhead dominates. */
    public static final long AUTO_MINIMUM = 1L << 20;

    /**
     * Input values ({@code K N}) above which {@link Kernel#AUTO} takes the convolution: at or below, PyTorch does not
     * hand a one-image 1 x 1 convolution to oneDNN.
     */
    public static final long AUTO_MINIMUM_INPUT = 20_480;

    private static final boolean X86_64 = isX86(System.getProperty("os.arch", ""));

    /** The process's default: {@code -Dhebbkit.matmul}, else {@link Kernel#AUTO}; read once, never changed. */
    private static final Kernel DEFAULT = parse(System.getProperty("hebbkit.matmul", "auto"), "-Dhebbkit.matmul");

    /** A run's choice, on the thread that runs it; unset: {@link #DEFAULT}. */
    private static final ThreadLocal<Kernel> CHOICE = new ThreadLocal<>();

    private MatMul() {}

    /** The kernel this thread's products use now: its run's choice ({@link #use}), else the process's default. */
    public static Kernel kernel() {
        Kernel choice = CHOICE.get();
        return choice == null ? DEFAULT : choice;
    }

    /**
     * Products on this thread use {@code choice} until the returned scope closes, which restores the choice before
     * it: a run's kernel is the run's, not the process's, so runs in one process (tests, a notebook, two runs with
     * different {@code --matmul}) do not see each other's. {@code PresetRun.Builder.optMatMul} opens one around a run.
     *
     * <pre>{@code
     * try (MatMul.Scope scope = MatMul.use(MatMul.Kernel.ENGINE)) {
     *     network.learn(batch);        // the engine's matrix multiply, bit for bit as before this class
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException for a null choice
     */
    public static Scope use(Kernel choice) {
        Scope scope = new Scope(CHOICE.get());
        scope.choose(choice);
        return scope;
    }

    /** A run's kernel on one thread ({@link #use}); closing restores the choice the thread had before. */
    public static final class Scope implements AutoCloseable {
        private final Kernel before;
        private final Thread owner = Thread.currentThread();

        private Scope(Kernel before) {
            this.before = before;
        }

        /**
         * Changes the choice within this scope (a resumed run learns its kernel after its scope opened).
         *
         * @throws IllegalArgumentException for a null choice
         * @throws IllegalStateException on another thread than the one that opened the scope
         */
        public Scope choose(Kernel choice) {
            if (choice == null) {
                throw new IllegalArgumentException("the kernel must be auto, engine or onednn, got null");
            }
            requireOwner();
            CHOICE.set(choice);
            return this;
        }

        @Override
        public void close() {
            requireOwner();
            if (before == null) {
                CHOICE.remove();
            } else {
                CHOICE.set(before);
            }
        }

        private void requireOwner() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("a MatMul scope belongs to the thread that opened it (" + owner.getName()
                        + "), not " + Thread.currentThread().getName());
            }
        }
    }

    /**
     * Reads a kernel name as the command line and the system property spell it.
     *
     * @param name {@code auto}, {@code engine} or {@code onednn}, any case
     * @param source what gave the name, for the message
     */
    public static Kernel parse(String name, String source) {
        try {
            return Kernel.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be auto, engine or onednn, got '" + name + "'", e);
        }
    }

    /**
     * {@code a b}.
     *
     * @param a {@code [M, K]}
     * @param b {@code [K, N]}
     * @return {@code [M, N]}, a new array on {@code a}'s manager
     */
    public static NDArray product(NDArray a, NDArray b) {
        check(a, b, false);
        long m = a.getShape().get(0);
        long k = a.getShape().get(1);
        long n = b.getShape().get(1);
        return convolve(a, b, m, k, n) ? convolution(a, b, m, k, n) : a.matMul(b);
    }

    /**
     * {@code a b^T}: the Hebbian term {@code y x^T} with {@code x} as patches {@code [I, N]}.
     *
     * @param a {@code [M, N]}
     * @param b {@code [K, N]}
     * @return {@code [M, K]}, a new array on {@code a}'s manager
     */
    public static NDArray productTransposed(NDArray a, NDArray b) {
        check(a, b, true);
        long m = a.getShape().get(0);
        long n = a.getShape().get(1);
        long k = b.getShape().get(0);
        // the convolution copies a transposed operand before it runs: transpose the smaller side. (b a^T)^T copies
        // a [M, N] and the result [M, K]; a b^T copies b [K, N] (block 2 of the SoftHebb preset: 6.9 ms against 8.7)
        if (m * n + m * k < k * n) {
            if (convolve(b, a, k, n, m)) {
                return convolution(b, a.transpose(), k, n, m).transpose().reshape(-1).reshape(m, k);
            }
        } else if (convolve(a, b, m, n, k)) {
            return convolution(a, b.transpose(), m, n, k);
        }
        return a.matMul(b.transpose());
    }

    private static void check(NDArray a, NDArray b, boolean transposed) {
        Shape left = a.getShape();
        Shape right = b.getShape();
        if (left.dimension() != 2 || right.dimension() != 2 || left.get(1) != right.get(transposed ? 1 : 0)) {
            throw new IllegalArgumentException("cannot form " + (transposed ? "a b^T" : "a b") + " from a " + left
                    + " and b " + right + ": both must be matrices whose inner sizes agree");
        }
    }

    /**
     * Whether {@code a [M, K] b [K, N]} runs as a convolution. PyTorch gives a 1 x 1 convolution of one image to
     * oneDNN only with more than one intra-op thread and more than 20,480 input values ({@code use_mkldnn} in its
     * {@code Convolution.cpp}); otherwise its own im2col and the same matrix multiply, so {@link Kernel#AUTO} keeps the
     * matrix multiply there.
     */
    private static boolean convolve(NDArray a, NDArray b, long m, long k, long n) {
        Kernel now = kernel();
        if (now == Kernel.ENGINE || a.getDevice().isGpu() || a.getDataType() != DataType.FLOAT32
                || b.getDataType() != DataType.FLOAT32) {
            return false;
        }
        return now == Kernel.ONEDNN
                || (autoTakesOneDnn() && m * k * n >= AUTO_MINIMUM && k * n > AUTO_MINIMUM_INPUT);
    }

    /**
     * The engine's intra-op threads as this process configures them: {@code ai.djl.pytorch.num_threads} when set (at
     * least 1), else one per processor.
     */
    public static int engineThreads() {
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            return threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(threads.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The kernel as it resolves in this process, for a run's record: {@code engine}, {@code onednn}, or for
     * {@link Kernel#AUTO} either {@code auto: onednn for float32 CPU products of at least 1048576 multiply-adds and
     * more than 20480 input values, engine otherwise} or {@code auto: engine (REASON)}.
     */
    public static String describe() {
        Kernel now = kernel();
        if (now != Kernel.AUTO) {
            return now.name().toLowerCase(Locale.ROOT);
        }
        if (autoTakesOneDnn()) {
            return "auto: onednn for float32 CPU products of at least " + AUTO_MINIMUM
                    + " multiply-adds and more than " + AUTO_MINIMUM_INPUT + " input values, engine otherwise";
        }
        return "auto: engine (" + (X86_64 ? "one engine thread" : "not an x86-64 machine") + ")";
    }

    /** {@code a [M, K] b [K, N]} as one image {@code [1, K, N, 1]} through {@code M} filters {@code [K, 1, 1]}. */
    private static NDArray convolution(NDArray a, NDArray b, long m, long k, long n) {
        Shape one = new Shape(1, 1);
        return Conv2d.conv2d(b.reshape(1, k, n, 1), a.reshape(m, k, 1, 1), null, one, new Shape(0, 0), one, 1)
                .singletonOrThrow().reshape(m, n);
    }

    /**
     * Whether {@link Kernel#AUTO} takes the convolution for large float32 CPU products in this process: an x86-64
     * machine and more than one engine thread.
     */
    public static boolean autoTakesOneDnn() {
        return X86_64 && engineThreads() > 1;
    }

    static boolean isX86(String arch) {
        return arch.equals("amd64") || arch.equals("x86_64");
    }
}
