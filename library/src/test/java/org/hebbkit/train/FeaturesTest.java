package org.hebbkit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void wrapsPrecomputedRowsAndReturnsThemAsFloat32() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray values = manager.arange(12f).reshape(4, 3).toType(DataType.FLOAT16, false);
            try (Features features = Features.of(values, new int[] {0, 1, 2, 1})) {
                assertEquals(4, features.size());
                assertEquals(3, features.featureCount());
                assertEquals(2, features.label(2));
                assertEquals(DataType.FLOAT16, features.dataType());
                assertEquals(24, features.bytes());
                try (NDManager scope = manager.newSubManager()) {
                    NDArray rows = features.rows(scope, new int[] {3, 0});
                    assertEquals(DataType.FLOAT32, rows.getDataType());
                    assertArrayEquals(new float[] {9, 10, 11, 0, 1, 2}, rows.toFloatArray());
                }
            }
        }
    }

    @Test
    void rejectsMismatchedLabelsAndUnsupportedTypesWithTheFix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray values = manager.zeros(new Shape(4, 3));
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> Features.of(values, new int[] {0, 1}));
            assertTrue(rows.getMessage().contains("N = 2") && rows.getMessage().contains("(4, 3)"), rows.getMessage());
            IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                    () -> Features.of(manager.zeros(new Shape(2, 3), DataType.INT32), new int[] {0, 1}));
            assertTrue(type.getMessage().contains("float16 or float32"), type.getMessage());
        }
    }
}
