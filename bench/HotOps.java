import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Micro-benchmarks behind two of HebbKit's speed choices (docs/performance.md), each against the alternative:
 * dropout of a [64, 24576] probe batch with a mask drawn by the engine or in Java, and 4/2/1 pooling of a
 * [10, 96, 32, 32] activation on the usual (NCHW) or channels-last memory layout.
 *
 * <pre>java -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp integration/cli/target/hebbkit-cli-0.1.0-SNAPSHOT.jar bench/HotOps.java</pre>
 */
public class HotOps {

    private static void time(String name, NDManager manager, NDArray x, Function<NDArray, NDArray> op) {
        int warmup = 20;
        int runs = 200;
        long total = 0;
        for (int i = 0; i < warmup + runs; i++) {
            try (NDManager scope = manager.newSubManager()) {
                scope.tempAttachAll(x);
                long start = System.nanoTime();
                op.apply(x).sum().getFloat();
                if (i >= warmup) {
                    total += System.nanoTime() - start;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%-58s %s: %.2f ms%n", name, x.getShape(), total / 1e6 / runs);
    }

    private static byte[] javaMask(SplittableRandom random, int size) {
        byte[] keep = new byte[size];
        for (int i = 0; i < size; i += 4) {
            long bits = random.nextLong();
            for (int s = 0; s < 4 && i + s < size; s++) {
                keep[i + s] = (byte) (((bits >>> (16 * s)) & 0xFFFF) >= 32768 ? 1 : 0);
            }
        }
        return keep;
    }

    private static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0), -1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray batch = manager.randomUniform(0, 1, new Shape(64, 24576));
            SplittableRandom random = new SplittableRandom(1);
            time("dropout 0.5, mask by the engine (uniform, compare)", manager, batch,
                    x -> x.mul(x.getManager().randomUniform(0, 1, x.getShape()).gte(0.5).toType(DataType.FLOAT32, false)).div(0.5));
            time("dropout 0.5, engine's own dropout", manager, batch,
                    x -> x.getNDArrayInternal().dropout(x, 0.5f, true).singletonOrThrow());
            time("dropout 0.5, mask drawn in Java, one byte per value (before)", manager, batch,
                    x -> x.mul(x.getManager().create(javaMask(random, (int) x.size()), x.getShape())
                            .toType(DataType.FLOAT32, false)).muli(2));
            java.nio.ByteBuffer longs = java.nio.ByteBuffer.allocateDirect(2 * 64 * 24576).order(java.nio.ByteOrder.nativeOrder());
            time("dropout 0.5, random longs from Java, compared by the engine (HebbKit)", manager, batch, x -> {
                longs.clear();
                for (int i = 0; i < x.size(); i += 4) {
                    longs.putLong(random.nextLong());
                }
                longs.flip();
                NDArray slices = x.getManager().create(longs, new Shape(x.size(), 2), DataType.UINT8);
                return x.mul(slices.get(":, 1").gte(128).reshape(x.getShape())).muli(2);
            });
            NDArray activation = manager.randomNormal(new Shape(10, 96, 32, 32));
            Shape window = new Shape(4, 4);
            Shape stride = new Shape(2, 2);
            Shape pad = new Shape(1, 1);
            time("max pool 4/2/1, NCHW", manager, activation, x -> Pool.maxPool2d(x, window, stride, pad, false));
            time("max pool 4/2/1, copied to channels-last first (HebbKit)", manager, activation,
                    x -> Pool.maxPool2d(channelsLast(x), window, stride, pad, false));
            time("avg pool 4/2/1, NCHW", manager, activation, x -> Pool.avgPool2d(x, window, stride, pad, false, true));
            time("avg pool 4/2/1, copied to channels-last first (HebbKit)", manager, activation,
                    x -> Pool.avgPool2d(channelsLast(x), window, stride, pad, false, true));
        }
    }
}
