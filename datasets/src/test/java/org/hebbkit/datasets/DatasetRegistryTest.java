package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one dataset registry: built-in descriptions, names and aliases, and a dataset added from outside. */
class DatasetRegistryTest {

    @TempDir
    Path temp;

    @Test
    void everyBuiltInDatasetIsDescribedOnceWithItsShapeAndSizes() {
        assertEquals(List.of("mnist", "fashion-mnist", "cifar-10", "cifar-100", "stl-10", "imagenette", "imagenet"), DatasetRegistry.names());
        DatasetDescription cifar = DatasetRegistry.find("cifar10");
        assertEquals("cifar-10", cifar.name());
        assertSame(cifar.getClass(), DatasetRegistry.find("CIFAR-10").getClass());
        assertEquals("3 x 32 x 32", cifar.shape());
        assertEquals(50_000, cifar.size(Split.TRAIN));
        assertEquals(10_000, cifar.size(Split.TEST));
        assertEquals(10, cifar.classNames().size());
        assertEquals(7, cifar.files().size());
        DatasetDescription cifar100 = DatasetRegistry.find("cifar100");
        assertEquals(50_000, cifar100.size(Split.TRAIN));
        assertEquals(100, cifar100.classNames().size());
        DatasetDescription fashion = DatasetRegistry.find("FashionMNIST");
        assertEquals("fashion-mnist", fashion.name());
        assertEquals("1 x 28 x 28", fashion.shape());
        assertEquals(60_000, fashion.size(Split.TRAIN));
        for (DatasetDescription description : DatasetRegistry.all()) {
            for (DatasetFile file : description.files()) {
                assertTrue(file.relativePath().startsWith(description.name() + "/"), file.relativePath());
            }
            assertEquals(description.name(), description.loader().build().name());
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownNamesAndAliases() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> DatasetRegistry.find("svhn"));
        assertEquals("Unknown dataset 'svhn'. Valid datasets: mnist, fashion-mnist (fashionmnist, fashion_mnist),"
                + " cifar-10 (cifar10, cifar_10), cifar-100 (cifar100, cifar_100), stl-10 (stl10, stl_10),"
                + " imagenette (imagenette2, imagenette-160), imagenet (ilsvrc2012, imagenet-1k); to add one, put its"
                + " DatasetDescription on the class path (docs/extending.md)", error.getMessage());
    }

    @Test
    void coarseLabelsAreRefusedWhereADatasetHasOneLabel() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Cifar10.builder().optLabels(Cifar100.Labels.COARSE));
        assertEquals("cifar-10 has one label per image: coarse labels are CIFAR-100's (use cifar-100)", error.getMessage());
    }

    /** A user's dataset: a description class named in a services file of a jar (here a folder) on a class loader. */
    public static final class TinyDigits extends IdxDescription {
        public TinyDigits() {
            super("tiny-digits", List.of("tiny"), files("tiny-digits", List.of(), new long[] {100, 100, 100, 100},
                    new String[4], new String[4]), List.of("0", "1"), "a test", 20, 10);
        }
    }

    @Test
    void aDatasetOnAnotherClassLoaderIsFoundThroughItsServicesFile() throws Exception {
        Path services = temp.resolve("META-INF/services/" + DatasetDescription.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, TinyDigits.class.getName() + "\n", StandardCharsets.UTF_8);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, previous)) {
            assertTrue(DatasetRegistry.lookup("tiny").isEmpty());
            thread.setContextClassLoader(loader);
            DatasetDescription tiny = DatasetRegistry.find("tiny");
            assertEquals("tiny-digits", tiny.name());
            assertEquals(20, tiny.size(Split.TRAIN));
            assertEquals("tiny-digits", DatasetRegistry.names().get(7));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
