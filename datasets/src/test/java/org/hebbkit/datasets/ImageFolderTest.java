package org.hebbkit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hebbkit.datasets.transform.Resize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-folder datasets (ImageNette, ImageNet) on JPEG and PNG files generated here in torchvision's ImageFolder
 * layout: labels from the sorted folders, pixels decoded to RGB and resized as PIL's antialiased bilinear filter
 * does, 1,000 classes, the archive download over loopback HTTP, and refusals that name the file.
 */
class ImageFolderTest {

    @TempDir
    Path temp;

    /** Writes an RGB image whose pixel (row, column) is {@code rgb(row, column)}. */
    private static void write(Path file, int height, int width, java.util.function.IntBinaryOperator rgb, String format)
            throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb.applyAsInt(y, x));
            }
        }
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(image, format, file.toFile()));
    }

    /** ImageNette's layout: two images per class and split, a PNG of 160 x 160 and a JPEG of 213 x 160. */
    private Path imagenetteTree(Path data) throws IOException {
        Path root = data.resolve("imagenette/imagenette2-160");
        for (String split : List.of("train", "val")) {
            for (int c = 0; c < ImageNette.FOLDERS.size(); c++) {
                int label = c;
                Path folder = root.resolve(split).resolve(ImageNette.FOLDERS.get(c));
                write(folder.resolve("a.png"), 160, 160, (y, x) -> (label * 20) << 16 | (y % 256) << 8 | (x % 256), "png");
                write(folder.resolve("b.JPEG"), 213, 160, (y, x) -> 0x808080, "jpeg");
            }
        }
        return root;
    }

    @Test
    void imagenetteLabelsComeFromTheSortedFoldersAndPixelsFromTheFiles() throws Exception {
        Path data = temp.resolve("data");
        imagenetteTree(data);
        ImageSplit train = ImageNette.builder().optDataDirectory(data).build().prepare();
        assertEquals(20, train.size());
        assertEquals(new Shape(3, 160, 160), train.imageShape());
        assertEquals(ImageNette.CLASSES, train.classNames());
        for (int i = 0; i < 20; i++) {
            assertEquals(i / 2, train.label(i));
        }
        // image 6 is class 3's a.png, 160 x 160: no resizing, the pixel is the file's exactly
        assertEquals(60, train.pixel(6, 0, 37, 99));
        assertEquals(37, train.pixel(6, 1, 37, 99));
        assertEquals(99, train.pixel(6, 2, 37, 99));
        // image 7 is the uniform grey JPEG of 213 x 160, squashed to 160 x 160: still grey (JPEG rounding aside)
        assertEquals(128, train.pixel(7, 1, 80, 80), 2);
        ImageSplit val = ImageNette.builder().optSplit(Split.TEST).optImageSize(32).optDataDirectory(data).build().prepare();
        assertEquals(new Shape(3, 32, 32), val.imageShape());
        assertEquals(20, val.size());
    }

    @Test
    void resizingIsPilsAntialiasedBilinear() {
        // a row 0, 0, 255, 255 halved: output 0 weighs inputs 0, 1, 2 by 0.75, 0.75, 0.25 (triangle of half-width 2)
        byte[] row = {0, 0, (byte) 255, (byte) 255};
        byte[] half = Resize.planes(row, 1, 1, 4, 1, 2);
        assertEquals(Math.round(255 * 0.25 / 1.75), Byte.toUnsignedInt(half[0]));
        assertEquals(Math.round(255 * 1.5 / 1.75), Byte.toUnsignedInt(half[1]));
        byte[] same = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(same, Resize.planes(same, 1, 2, 3, 2, 3));
        byte[] doubled = Resize.planes(new byte[] {0, (byte) 200}, 1, 1, 2, 1, 4);
        // upscaling interpolates linearly: centres 0.25, 0.75 of the way
        assertArrayEquals(new int[] {0, 50, 150, 200}, java.util.stream.IntStream.range(0, 4)
                .map(i -> Byte.toUnsignedInt(doubled[i])).toArray());
    }

    @Test
    void imagenetHasAThousandClassesWhoseLabelsDoNotFitInAByte() throws Exception {
        Path data = temp.resolve("data");
        for (int c = 0; c < 1000; c++) {
            int value = c % 256;
            write(data.resolve(String.format("imagenet/val/n%08d/ILSVRC2012_val_%08d.JPEG", c, c)), 8, 10,
                    (y, x) -> value << 16, "png");
        }
        DatasetDescription imagenet = DatasetRegistry.find("ILSVRC2012");
        ImageFolderDataset.Builder loader = (ImageFolderDataset.Builder) imagenet.loader();
        try (ImageSource val = loader.optSplit(Split.TEST).optImageSize(8).optDataDirectory(data).build().prepareSource();
                NDManager manager = NDManager.newBaseManager()) {
            assertEquals(1000, val.size());
            assertEquals(999, val.label(999));
            assertEquals("n00000999", val.classNames().get(999));
            NDArray batch = val.images(manager, new int[] {300, 999});
            assertEquals(new Shape(2, 3, 8, 8), batch.getShape());
            assertEquals(300 % 256 / 255f, batch.getFloat(0, 0, 4, 4), 1e-6);
            ImageSplit chunk = val.chunk(995, 1000);
            assertEquals(998, chunk.label(3));
        }
        ImageFolderImages onDisk = new ImageFolderImages("listed", List.of(data.resolve("imagenet/val/n00000001/ILSVRC2012_val_00000001.JPEG")),
                new int[] {0}, List.of("only"), 8);
        assertTrue(onDisk.heldBytes() < 1000, "a listed image costs its path and label: " + onDisk.heldBytes());

        MissingDatasetException missing = assertThrows(MissingDatasetException.class, () -> imagenet.loader()
                .optDataDirectory(data).build().prepare());
        assertTrue(missing.getMessage().contains("imagenet/train/") && missing.getMessage().contains("image-net.org"),
                missing.getMessage());
        IOException noDownload = assertThrows(IOException.class, () -> imagenet.loader().optDataDirectory(data)
                .optDownload(true).build().prepare());
        assertTrue(noDownload.getMessage().contains("no public download"), noDownload.getMessage());
    }

    @Test
    void theArchiveIsDownloadedOverLoopbackCheckedUnpackedAndRemoved() throws Exception {
        Path tree = temp.resolve("tree");
        Path root = imagenetteTree(tree);
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                members.put("imagenette2-160/" + root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        Path served = temp.resolve("served");
        Path archive = served.resolve("imagenette/imagenette2-160.tgz");
        Files.createDirectories(archive.getParent());
        CifarArchiveTest.writeTarGz(archive, members);
        java.security.MessageDigest md5 = Checksums.md5();
        md5.update(Files.readAllBytes(archive));
        try (LoopbackServer server = new LoopbackServer(served)) {
            ImageNette official = new ImageNette(new DatasetFile("imagenette/imagenette2-160.tgz", DatasetFile.UNKNOWN_SIZE,
                    null, Checksums.hex(md5), List.of(server.baseUrl() + "/imagenette/imagenette2-160.tgz")));
            Path data = temp.resolve("data");
            ImageSplit val = official.loader().optSplit(Split.TEST).optDataDirectory(data).optDownload(true).build().prepare();
            assertEquals(20, val.size());
            assertTrue(Files.isDirectory(data.resolve("imagenette/imagenette2-160/train/n03888605")));
            assertTrue(Files.notExists(data.resolve("imagenette/imagenette2-160.tgz")), "the archive is removed");

            ImageNette foreign = new ImageNette(new DatasetFile("imagenette/imagenette2-160.tgz", DatasetFile.UNKNOWN_SIZE,
                    null, "0".repeat(32), List.of(server.baseUrl() + "/imagenette/imagenette2-160.tgz")));
            IOException refused = assertThrows(IOException.class, () -> foreign.loader().optDataDirectory(temp.resolve("other"))
                    .optDownload(true).build().prepare());
            assertTrue(refused.getMessage().contains("Checksum mismatch for imagenette/imagenette2-160.tgz"), refused.getMessage());
        }
    }

    @Test
    void aTruncatedOrForeignImageIsRefusedByName() throws Exception {
        Path data = temp.resolve("data");
        Path root = imagenetteTree(data);
        Path jpeg = root.resolve("train/n03028079/b.JPEG");
        byte[] whole = Files.readAllBytes(jpeg);
        Files.write(jpeg, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException truncated = assertThrows(IOException.class,
                () -> ImageNette.builder().optDataDirectory(data).build().prepare());
        assertTrue(truncated.getMessage().contains("Cannot decode " + jpeg), truncated.getMessage());
        Files.writeString(jpeg, "not an image");
        UncheckedIOException foreign = assertThrows(UncheckedIOException.class,
                () -> ImageFolderImages.decode(jpeg, 16));
        assertTrue(foreign.getMessage().contains("not a JPEG or PNG image"), foreign.getMessage());
        Files.delete(jpeg);
        Files.delete(root.resolve("train/n03028079/a.png"));
        Files.delete(root.resolve("train/n03028079"));
        IOException classMissing = assertThrows(IOException.class,
                () -> ImageNette.builder().optDataDirectory(data).build().prepare());
        assertTrue(classMissing.getMessage().contains("missing [n03028079]"), classMissing.getMessage());
    }
}
