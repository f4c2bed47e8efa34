package org.hebbkit.cli;

import org.hebbkit.run.ProcessMemory;
import org.hebbkit.run.Range;
import org.hebbkit.run.Arguments;
import org.hebbkit.run.EngineThreads;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hebbkit.engine.MatMul;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hebbkit bench matmul}: the learning step's matrix products under each {@link MatMul.Kernel}, side by side,
 * so that a user sees on their own processor what {@code --matmul auto} gains (random values: the time does not
 * depend on them).
 */
@Command(name = "matmul", description = "Time the learning step's matrix products on the engine's matrix multiply and on"
        + " oneDNN (the kernels of 'train --matmul').")
final class BenchMatMulCommand implements Callable<Integer> {

    /**
     * The products of one learning step of each block of softhebb-cifar10-3layer, batch 10: the response
     * {@code W [O, C k k] x [C k k, B H W]} and the Hebbian term {@code a [O, B H W] x^T}; blocks 1 (96 filters 5 x 5
     * over 3 channels, 32 x 32 outputs), 2 (384 x 96 x 3 x 3, 16 x 16) and 3 (1536 x 384 x 3 x 3, 8 x 8).
     */
    private static final String[] PRESET_PRODUCTS = {
        "96,75,10240", "96,10240,75t", "384,864,2560", "384,2560,864t", "1536,3456,640", "1536,640,3456t"};

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--product", paramLabel = "M,K,N[t]", description = "A product a [M, K] times b [K, N]; a trailing t"
            + " gives b as [N, K] and forms a b^T (the Hebbian term). Repeatable (default: the six products of"
            + " softhebb-cifar10-3layer's learning steps, batch 10).")
    private List<String> products = new ArrayList<>();

    @Option(names = "--repeats", defaultValue = "20", description = "Timed repeats of each product (default ${DEFAULT-VALUE}).")
    @Range(min = 1)
    private int repeats;

    @Option(names = "--threads", defaultValue = "0", description = "Engine threads (default: one per core).")
    @Range(min = 1, instead = "leave --threads out for one per core")
    private int threads;

    @Override
    public Integer call() throws java.io.IOException {
        return compare();
    }

    private Integer compare() {
        if (repeats < 1) {
            throw new Arguments.BadArgument(spec, "--repeats must be at least 1, got " + repeats);
        }
        List<long[]> shapes = new ArrayList<>();
        for (String product : products.isEmpty() ? List.of(PRESET_PRODUCTS) : products) {
            shapes.add(parse(product));
        }
        for (long[] shape : shapes) {
            requireMemory(shape);
        }
        Arguments.check(spec, () -> EngineThreads.configure(threads));
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager(); MatMul.Scope kernel = MatMul.use(MatMul.kernel())) {
            manager.getEngine().setRandomSeed(0);
            out.printf(Locale.ROOT, "%-32s %16s %16s %8s%n", "product", "engine (ms)", "onednn (ms)", "ratio");
            for (long[] shape : shapes) {
                boolean transposed = shape[3] == 1;
                NDArray a = manager.randomNormal(new Shape(shape[0], shape[1]));
                NDArray b = manager.randomNormal(transposed ? new Shape(shape[2], shape[1]) : new Shape(shape[1], shape[2]));
                double[] millis = new double[2];
                MatMul.Kernel[] kernels = {MatMul.Kernel.ENGINE, MatMul.Kernel.ONEDNN};
                for (int i = 0; i < 2; i++) {
                    kernel.choose(kernels[i]);
                    millis[i] = time(manager, a, b, transposed);
                }
                double gflop = 2.0 * shape[0] * shape[1] * shape[2] / 1e9;
                String name = "[" + shape[0] + ", " + shape[1] + "] x " + (transposed
                        ? "[" + shape[2] + ", " + shape[1] + "]^T" : "[" + shape[1] + ", " + shape[2] + "]");
                out.printf(Locale.ROOT, "%-32s %6.2f (%3.0f GF/s) %6.2f (%3.0f GF/s) %7.2fx%n", name, millis[0],
                        gflop / millis[0] * 1e3, millis[1], gflop / millis[1] * 1e3, millis[0] / millis[1]);
            }
        }
        out.printf(Locale.ROOT, "'train --matmul auto' takes oneDNN here: %s (x86-64 CPU, more than one engine thread;"
                + " docs/performance.md)%n", MatMul.autoTakesOneDnn() ? "yes" : "no");
        return 0;
    }

    /**
     * Median milliseconds of {@code repeats} products after three untimed ones, each in its own scope on fresh copies
     * of the operands, as in a learning step (whose patches and activities are new every batch; a convolution whose
     * input array is reused from call to call ran 2-5 times slower on oneDNN here, see {@link MatMul}).
     */
    private double time(NDManager manager, NDArray a, NDArray b, boolean transposed) {
        double[] millis = new double[repeats];
        for (int r = -3; r < repeats; r++) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray left = a.duplicate();
                left.attach(scope);
                NDArray right = b.duplicate();
                right.attach(scope);
                long start = System.nanoTime();
                NDArray product = transposed ? MatMul.productTransposed(left, right) : MatMul.product(left, right);
                product.attach(scope);
                if (r >= 0) {
                    millis[r] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        java.util.Arrays.sort(millis);
        return millis[repeats / 2];
    }

    /**
     * Refuses a product whose operands, result and the copies each timing makes need more than this machine's memory
     * (the engine would fail to allocate it, minutes into the run).
     */
    private void requireMemory(long[] shape) {
        long bytes;
        try {
            long elements = Math.addExact(Math.addExact(Math.multiplyExact(shape[0], shape[1]), Math.multiplyExact(shape[1],
                    shape[2])), Math.multiplyExact(shape[0], shape[2]));
            bytes = Math.multiplyExact(Math.multiplyExact(elements, 4L), 2L);
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > ProcessMemory.physicalBytes()) {
            throw new Arguments.BadArgument(spec, "--product " + shape[0] + "," + shape[1] + "," + shape[2]
                    + (shape[3] == 1 ? "t" : "") + " needs " + (bytes == Long.MAX_VALUE ? "more than 8 EiB"
                    : ProcessMemory.bytes(bytes)) + " of float32 operands, result and copies; this machine has "
                    + ProcessMemory.bytes(ProcessMemory.physicalBytes()) + ": give smaller sizes");
        }
    }

    private long[] parse(String product) {
        String text = product.trim();
        boolean transposed = text.endsWith("t");
        String[] parts = (transposed ? text.substring(0, text.length() - 1) : text).split(",");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            long[] shape = {Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()), Long.parseLong(parts[2].trim()),
                transposed ? 1 : 0};
            if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
                throw new NumberFormatException();
            }
            return shape;
        } catch (NumberFormatException e) {
            throw new Arguments.BadArgument(spec, "--product takes M,K,N or M,K,Nt with positive"
                    + " sizes (for example 384,864,2560 or 384,2560,864t), got '" + product + "'");
        }
    }
}
