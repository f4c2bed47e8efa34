package org.hebbkit.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both products under each kernel against loops over indices in double precision. */
class MatMulTest {

    private NDManager manager;
    /** This test's kernel choice, on its thread; closed after each test. */
    private MatMul.Scope scope;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        scope = MatMul.use(MatMul.kernel());
    }

    @AfterEach
    void close() {
        scope.close();
        manager.close();
    }

    /**
     * M, K, N and the kernel: single rows and columns, sizes below and above {@link MatMul#AUTO_MINIMUM}, both sides
     * of the transposed product's choice ({@code M N + M K < K N} or not), the blocks of the SoftHebb preset.
     */
    static Stream<Arguments> geometries() {
        Stream.Builder<Arguments> all = Stream.builder();
        int[][] sizes = {{1, 1, 1}, {1, 7, 5}, {5, 1, 3}, {3, 4, 1}, {17, 33, 9}, {96, 75, 1000}, {64, 300, 130},
            {384, 864, 2560}, {300, 40, 90}};
        for (MatMul.Kernel kernel : MatMul.Kernel.values()) {
            for (int[] size : sizes) {
                all.add(Arguments.of(size[0], size[1], size[2], kernel));
            }
        }
        return all.build();
    }

    @ParameterizedTest(name = "M={0} K={1} N={2} {3}")
    @MethodSource("geometries")
    void productsEqualTheNaiveLoops(int m, int k, int n, MatMul.Kernel kernel) {
        scope.choose(kernel);
        manager.getEngine().setRandomSeed(11);
        NDArray a = manager.randomNormal(new Shape(m, k));
        NDArray b = manager.randomNormal(new Shape(k, n));
        NDArray c = manager.randomNormal(new Shape(n, k)); // for a c^T with a [M, K]: the inner size is K
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        float[] z = c.toFloatArray();

        NDArray ab = MatMul.product(a, b);
        NDArray act = MatMul.productTransposed(a, c);
        assertEquals(new Shape(m, n), ab.getShape());
        assertEquals(new Shape(m, n), act.getShape());
        float[] product = ab.toFloatArray();
        float[] transposed = act.toFloatArray();
        double tolerance = 1e-5 * Math.sqrt(k) * 4; // float32 sums of k products of unit normals
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                double expectedTransposed = 0;
                for (int p = 0; p < k; p++) {
                    expected += (double) x[i * k + p] * y[p * n + j];
                    expectedTransposed += (double) x[i * k + p] * z[j * k + p];
                }
                assertEquals(expected, product[i * n + j], tolerance, "a b at (" + i + ", " + j + ")");
                assertEquals(expectedTransposed, transposed[i * n + j], tolerance, "a c^T at (" + i + ", " + j + ")");
            }
        }
        // the result is a plain array: reshaping it and changing it in place leaves the operands alone
        act.reshape(-1).muli(0);
        assertArrayEquals(x, a.toFloatArray());
        assertArrayEquals(z, c.toFloatArray());
    }

    @Test
    void theEngineKernelGivesTheEnginesFloatsAndTheConvolutionAgreesToRounding() {
        manager.getEngine().setRandomSeed(3);
        NDArray a = manager.randomNormal(new Shape(384, 2560));
        NDArray b = manager.randomNormal(new Shape(864, 2560));
        float[] engine = a.matMul(b.transpose()).toFloatArray();
        scope.choose(MatMul.Kernel.ENGINE);
        assertArrayEquals(engine, MatMul.productTransposed(a, b).toFloatArray());
        scope.choose(MatMul.Kernel.ONEDNN);
        float[] convolved = MatMul.productTransposed(a, b).toFloatArray();
        double largest = 0;
        double apart = 0;
        for (int i = 0; i < engine.length; i++) {
            largest = Math.max(largest, Math.abs(engine[i]));
            apart = Math.max(apart, Math.abs(engine[i] - convolved[i]));
        }
        assertTrue(apart < 1e-5 * largest, "within float32 rounding: " + apart + " of " + largest);
    }

    @Test
    void badOperandsAndNamesSayWhatIsWrong() {
        NDArray a = manager.zeros(new Shape(3, 4));
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> MatMul.product(a, manager.zeros(new Shape(5, 2))));
        assertEquals("cannot form a b from a (3, 4) and b (5, 2): both must be matrices whose inner sizes agree",
                inner.getMessage());
        IllegalArgumentException vector = assertThrows(IllegalArgumentException.class,
                () -> MatMul.productTransposed(a, manager.zeros(new Shape(4))));
        assertEquals("cannot form a b^T from a (3, 4) and b (4): both must be matrices whose inner sizes agree",
                vector.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> MatMul.parse("mkl", "--matmul"));
        assertEquals("--matmul must be auto, engine or onednn, got 'mkl'", name.getMessage());
        assertEquals(MatMul.Kernel.ONEDNN, MatMul.parse(" oneDNN ", "--matmul"));
        assertThrows(IllegalArgumentException.class, () -> scope.choose(null));
    }

    /** A run's choice stays with its thread and its scope: another thread, and the thread after the scope, see their own. */
    @Test
    void aChoiceBelongsToItsThreadAndScope() throws Exception {
        MatMul.Kernel outer = MatMul.kernel();
        MatMul.Kernel other = outer == MatMul.Kernel.ENGINE ? MatMul.Kernel.ONEDNN : MatMul.Kernel.ENGINE;
        try (MatMul.Scope inner = MatMul.use(other)) {
            assertEquals(other, MatMul.kernel());
            java.util.concurrent.atomic.AtomicReference<MatMul.Kernel> seen = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<Exception> refused = new java.util.concurrent.atomic.AtomicReference<>();
            Thread thread = new Thread(() -> {
                seen.set(MatMul.kernel());
                try {
                    inner.choose(MatMul.Kernel.AUTO);
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
            }, "another-run");
            thread.start();
            thread.join();
            assertEquals(MatMul.parse(System.getProperty("hebbkit.matmul", "auto"), "default"), seen.get());
            assertEquals("a MatMul scope belongs to the thread that opened it (" + Thread.currentThread().getName()
                    + "), not another-run", refused.get().getMessage());
            assertEquals(other, MatMul.kernel());
        }
        assertEquals(outer, MatMul.kernel());
    }

    @Test
    void autoTakesTheConvolutionOnX86Only() {
        assertTrue(MatMul.isX86("amd64"));
        assertTrue(MatMul.isX86("x86_64"));
        assertFalse(MatMul.isX86("aarch64"));
    }

    @Test
    void describeSaysWhichKernelRunsInThisProcess() {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            scope.choose(MatMul.Kernel.ENGINE);
            assertEquals("engine", MatMul.describe());
            scope.choose(MatMul.Kernel.ONEDNN);
            assertEquals("onednn", MatMul.describe());
            scope.choose(MatMul.Kernel.AUTO);
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            assertEquals(1, MatMul.engineThreads());
            boolean x86 = MatMul.isX86(System.getProperty("os.arch"));
            assertEquals(x86 ? "auto: engine (one engine thread)" : "auto: engine (not an x86-64 machine)", MatMul.describe());
            System.setProperty("ai.djl.pytorch.num_threads", "2");
            assertEquals(2, MatMul.engineThreads());
            assertEquals(x86 ? "auto: onednn for float32 CPU products of at least 1048576 multiply-adds and more than"
                    + " 20480 input values, engine otherwise" : "auto: engine (not an x86-64 machine)", MatMul.describe());
            System.setProperty("ai.djl.pytorch.num_threads", "0");
            assertEquals(1, MatMul.engineThreads(), "0 threads is read as 1");
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            }
        }
    }
}
