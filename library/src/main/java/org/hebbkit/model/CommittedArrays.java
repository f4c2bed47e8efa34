package org.hebbkit.model;

import ai.djl.ndarray.NDList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A JSON file and the arrays it names, written so that a process killed at any moment leaves the previous pair or
 * the new one, complete (used by {@link Checkpoint} and by a run's resume state).
 *
 * <ol>
 *   <li>The arrays go to a hidden temporary file (NumPy {@code .npz}), forced to disk, then moved to
 *       {@code PREFIX-HASH.npz}, HASH being the first 16 hex digits of its SHA-256.</li>
 *   <li>The JSON, naming that file and its full SHA-256 under {@code KEY}, replaces the old JSON by an atomic
 *       move: the one commit point.</li>
 *   <li>Only then are the array files the JSON no longer names, and the temporary files of killed writes,
 *       deleted.</li>
 * </ol>
 * {@link #readArrays} checks the hash, so a cut or changed file is an {@link IOException}, never data.
 */
public final class CommittedArrays {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private CommittedArrays() {}

    /**
     * Writes {@code arrays} and then {@code json} (to which the entry {@code key: {file, sha256}} is added).
     *
     * @param directory created if missing
     * @param jsonName e.g. {@code model.json}
     * @param prefix the array file's name before {@code -HASH.npz}, e.g. {@code weights}
     * @param key the JSON member naming the array file
     */
    public static void write(Path directory, String jsonName, String prefix, String key, NDList arrays, JsonObject json)
            throws IOException {
        json.add(key, writeArrays(directory, prefix, arrays));
        commit(directory, jsonName, json, prefix);
    }

    /**
     * Step 1 of 2: writes {@code arrays} to {@code PREFIX-HASH.npz}, forced to disk, and returns the entry
     * {@code {file, sha256}} that the JSON must name; nothing refers to the file until {@link #commit}.
     */
    public static JsonObject writeArrays(Path directory, String prefix, NDList arrays) throws IOException {
        Files.createDirectories(directory);
        MessageDigest sha256 = sha256();
        Path temporary = AtomicFiles.writeTemporary(directory.resolve(prefix + ".npz"), out -> {
            DigestOutputStream hashed = new DigestOutputStream(out, sha256);
            arrays.encode(hashed, NDList.Encoding.NPZ);
            hashed.flush();
        });
        String hash = HexFormat.of().formatHex(sha256.digest());
        String name = prefix + "-" + hash.substring(0, 16) + ".npz";
        AtomicFiles.moveIntoPlace(temporary, directory.resolve(name));
        JsonObject stored = new JsonObject();
        stored.addProperty("file", name);
        stored.addProperty("sha256", hash);
        return stored;
    }

    /**
     * Step 2 of 2: replaces {@code jsonName} by {@code json} atomically (the commit point), then deletes the array
     * files of the given prefixes that {@code json} does not name, and the temporary files of killed writes.
     */
    public static void commit(Path directory, String jsonName, JsonObject json, String... prefixes) throws IOException {
        AtomicFiles.write(directory.resolve(jsonName), out -> out.write(GSON.toJson(json).getBytes(StandardCharsets.UTF_8)));
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String member : json.keySet()) {
            if (json.get(member).isJsonObject() && json.getAsJsonObject(member).has("sha256")
                    && json.getAsJsonObject(member).has("file")) {
                named.add(json.getAsJsonObject(member).get("file").getAsString());
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path old : files.filter(file -> !named.contains(file.getFileName().toString())
                    && java.util.Arrays.stream(prefixes).anyMatch(prefix -> isArrayFile(file, prefix)
                            || isTemporary(file, prefix, jsonName))).toList()) {
                Files.deleteIfExists(old);
            }
        }
    }

    /**
     * Reads a JSON file written by {@link #write}.
     *
     * @throws IOException naming the file when it is missing, empty or not JSON
     */
    public static JsonObject readJson(Path json, String missingHint) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new IOException(missingHint);
        }
        try {
            JsonObject object = GSON.fromJson(Files.readString(json), JsonObject.class);
            if (object == null) {
                throw new IOException("Corrupt checkpoint file " + json + ": it is empty");
            }
            return object;
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("Corrupt checkpoint file " + json + ": " + (e instanceof JsonParseException parse
                    ? Configs.jsonProblem(parse) : e.getMessage()), e);
        }
    }

    /**
     * The bytes of the array file that {@code json}'s {@code key} names, checked against its SHA-256.
     *
     * @param directory where the files are
     * @param jsonFile the JSON file, for messages
     * @param prefix the array file's name prefix
     * @throws IOException naming the file when the entry is missing, the file is missing or its hash differs
     */
    public static byte[] readArrays(Path directory, JsonObject json, Path jsonFile, String prefix, String key)
            throws IOException {
        String name;
        String expected;
        try {
            JsonObject stored = json.getAsJsonObject(key);
            name = stored.get("file").getAsString();
            expected = stored.get("sha256").getAsString();
        } catch (RuntimeException e) {
            throw new IOException("Corrupt checkpoint file " + jsonFile + ": no \"" + key + "\": {\"file\", \"sha256\"} entry", e);
        }
        if (!name.matches(java.util.regex.Pattern.quote(prefix) + "-[0-9a-f]{16}\\.npz")) {
            throw new IOException("Corrupt checkpoint file " + jsonFile + ": array file '" + name + "' is not a name HebbKit writes ("
                    + prefix + "-HASH.npz)");
        }
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("Incomplete: " + file + ", which " + jsonFile + " names, is missing");
        }
        byte[] bytes = Files.readAllBytes(file);
        String found = HexFormat.of().formatHex(sha256().digest(bytes));
        if (!found.equals(expected)) {
            throw new IOException("Corrupt checkpoint file " + file + ": its SHA-256 is " + found + ", " + jsonFile.getFileName()
                    + " records " + expected + "; the file was cut short or changed after it was written");
        }
        return bytes;
    }

    private static boolean isArrayFile(Path file, String prefix) {
        String name = file.getFileName().toString();
        return name.equals(prefix + ".npz") || name.startsWith(prefix + "-") && name.endsWith(".npz");
    }

    private static boolean isTemporary(Path file, String prefix, String jsonName) {
        String name = file.getFileName().toString();
        return (name.startsWith("." + prefix + ".npz.") || name.startsWith("." + jsonName + ".")) && name.endsWith(".tmp");
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
