package org.hebbkit.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed configuration as JSON, both ways, strictly: records become objects of their components, the
 * interfaces of {@link Components#KINDS} become {@code {"type": NAME, ...parameters}}, enums lower-case
 * names. Reading checks everything and names the place of a problem: an unknown field
 * ({@code blocks[0].competition: unknown field 'tau'; valid fields: temperatureInverse}), a missing
 * number, a wrong type, an unknown type name, and every value a record's own checks refuse
 * ({@code blocks[1].competition.k: k must be at least 1, got 0}). Fields of object type may be omitted
 * (they are {@code null}); numbers and booleans may not.
 *
 * <p>{@link #with} changes one value at a dotted path and checks the result, so presets are derived
 * without hand-written copy methods:
 * <pre>{@code
 * Preset shorter = Configs.with(preset, "probe.epochs", 5);
 * Preset hard = Configs.with(preset, "blocks.*.competition", new HardWinnerTakeAll());
 * }</pre>
 *
 * <p>A record may be made of parts whose fields its JSON holds flat: a component marked {@link Inline} writes
 * its own fields into the parent's object and is read back from them, so {@link BlockSpec}'s parts
 * ({@code BlockSpec.Layer}, ...) leave its JSON, its {@link #paths} and the places named in errors
 * ({@code blocks[0].outChannels}) as they were when its fields were one flat list. {@link FieldOrder} fixes the
 * order in which such flattened fields are written.
 */
public final class Configs {

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    /** Each record's JSON field names, flattened through its {@link Inline} parts, in written order. */
    private static final ClassValue<List<String>> FIELDS = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            return writtenFields(type);
        }
    };

    private Configs() {}

    /**
     * On a record component whose type is a record: the part's fields are written into the parent's JSON object
     * (not as an object of their own) and read back from it. Their places in errors and in {@link #paths} are the
     * parent's ({@code blocks[0].outChannels}, not {@code blocks[0].layer.outChannels}). A part's own checks
     * report at the parent's place. The part may not be {@code null}.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    public @interface Inline {}

    /**
     * On a record: the order in which its JSON fields are written, flattened through its {@link Inline} parts.
     * It must name each of those fields exactly once; writing or reading the record throws
     * {@link IllegalStateException} otherwise, so the written order cannot drift silently from the fields.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface FieldOrder {
        /** The field names, in written order. */
        String[] value();
    }

    /** The configuration as a JSON tree. */
    public static JsonElement toTree(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof String string) {
            return new JsonPrimitive(string);
        }
        if (value instanceof Enum<?> constant) {
            return new JsonPrimitive(enumName(constant));
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toTree(item)));
            return array;
        }
        if (value instanceof Record record) {
            JsonObject object = new JsonObject();
            if (Components.KINDS.stream().anyMatch(kind -> kind.isInstance(record))) {
                object.addProperty("type", Components.typeOf(record));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            collectValues(record, values);
            for (String field : FIELDS.get(record.getClass())) {
                object.add(field, toTree(values.get(field)));
            }
            return object;
        }
        throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as configuration");
    }

    /** The values of a record's components by JSON field name, those of its {@link Inline} parts among them. */
    private static void collectValues(Record record, Map<String, Object> values) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of " + record, e);
            }
            if (component.isAnnotationPresent(Inline.class)) {
                if (value == null) {
                    throw new IllegalArgumentException("cannot write " + record.getClass().getName() + ": its part "
                            + component.getName() + " is missing");
                }
                collectValues((Record) value, values);
            } else {
                values.put(component.getName(), value);
            }
        }
    }

    /** A record's field names flattened through its {@link Inline} parts, in {@link FieldOrder} if it has one. */
    private static List<String> writtenFields(Class<?> type) {
        List<String> fields = new ArrayList<>();
        flatFields(type, fields);
        FieldOrder order = type.getAnnotation(FieldOrder.class);
        if (order == null) {
            return List.copyOf(fields);
        }
        List<String> written = List.of(order.value());
        if (written.size() != fields.size() || !new HashSet<>(written).equals(new HashSet<>(fields))) {
            List<String> missing = fields.stream().filter(field -> !written.contains(field)).toList();
            List<String> extra = written.stream().filter(field -> !fields.contains(field)).toList();
            throw new IllegalStateException(type.getName() + ": @FieldOrder must name each of its fields (" + String.join(
                    ", ", fields) + ") once; missing: " + missing + ", unknown: " + extra + ", " + written.size()
                    + " names for " + fields.size() + " fields");
        }
        return written;
    }

    private static void flatFields(Class<?> type, List<String> fields) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(Inline.class)) {
                if (!component.getType().isRecord()) {
                    throw new IllegalStateException(type.getName() + "." + component.getName()
                            + ": @Inline needs a record type, got " + component.getType().getName());
                }
                flatFields(component.getType(), fields);
            } else if (fields.contains(component.getName())) {
                throw new IllegalStateException(type.getName() + ": field " + component.getName()
                        + " occurs twice among its @Inline parts");
            } else {
                fields.add(component.getName());
            }
        }
    }

    /** The configuration as pretty JSON text. */
    public static String toJson(Object value) {
        return PRETTY.toJson(toTree(value));
    }

    /**
     * Parses JSON text.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static <T> T fromJson(String json, Class<T> type) {
        JsonElement tree;
        if (json.isBlank()) {
            throw new IllegalArgumentException("it is empty; it should hold one JSON object"
                    + (type == Preset.class ? ", as 'hebbkit presets --json NAME' prints" : ""));
        }
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + jsonProblem(e), e);
        }
        if (type.isRecord() && !tree.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object: it holds " + (tree.isJsonArray() ? "a list" : "the plain value "
                    + tree) + "; it should hold one object {...}" + (type == Preset.class
                    ? ", as 'hebbkit presets --json NAME' prints" : ""));
        }
        return fromTree(tree, type);
    }

    /**
     * What is wrong with JSON text, in words: Gson's message without the exception class names it carries
     * ({@code java.io.EOFException: End of input at line 9 column 3 path $.input[2]}).
     */
    public static String jsonProblem(JsonParseException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? e.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.io.EOFException) {
            return "the text ends early (" + message.replaceFirst("^End of input ", "") + "): is the file cut off?";
        }
        return message.replaceFirst("^[a-z][a-zA-Z0-9_.]*\\.[A-Z][A-Za-z]*(Exception|Error): ", "");
    }

    /**
     * Builds a configuration from a JSON tree.
     *
     * @throws IllegalArgumentException naming the field at fault
     */
    public static <T> T fromTree(JsonElement tree, Class<T> type) {
        return type.cast(read(tree, type, ""));
    }

    /**
     * A copy of {@code config} with the value at {@code path} replaced and every check run again.
     *
     * @param path dotted field names and list indices ({@code blocks.0.learningRate.rate}); {@code *} for every
     *     element of a list
     * @param value a number, boolean, string, enum, record or {@link JsonElement}
     * @throws IllegalArgumentException for an unknown path (the message lists the fields there) or a bad value
     */
    @SuppressWarnings("unchecked")
    public static <T extends Record> T with(T config, String path, Object value) {
        JsonElement tree = toTree(config);
        JsonElement replacement = value instanceof JsonElement element ? element : toTree(value);
        set(tree, path.split("\\."), 0, replacement, "");
        return (T) fromTree(tree, config.getClass());
    }

    /**
     * Every path {@link #with} accepts for {@code config}, in the order of its fields: each plain value
     * ({@code probe.epochs}), each list of plain values ({@code input}), each field without a value
     * ({@code blocks.0.pooling}) and each typed part as a whole ({@code blocks.0.competition}, replaced by
     * {@code {"type": ..., ...}}) beside its own parameters ({@code blocks.0.competition.temperatureInverse}).
     */
    public static List<String> paths(Object config) {
        List<String> paths = new ArrayList<>();
        collectPaths(toTree(config), "", paths);
        return paths;
    }

    private static void collectPaths(JsonElement node, String where, List<String> paths) {
        if (node instanceof JsonObject object) {
            if (object.has("type") && !where.isEmpty()) {
                paths.add(where);
            }
            for (String field : object.keySet()) {
                if (!field.equals("type")) {
                    collectPaths(object.get(field), where.isEmpty() ? field : where + "." + field, paths);
                }
            }
        } else if (node instanceof JsonArray array && array.size() > 0
                && (array.get(0).isJsonObject() || array.get(0).isJsonArray())) {
            for (int i = 0; i < array.size(); i++) {
                collectPaths(array.get(i), where + "." + i, paths);
            }
        } else {
            paths.add(where);
        }
    }

    private static void set(JsonElement node, String[] parts, int index, JsonElement value, String where) {
        String part = parts[index];
        boolean last = index == parts.length - 1;
        String here = where.isEmpty() ? part : where + "." + part;
        if (node instanceof JsonArray array) {
            List<Integer> targets = new ArrayList<>();
            if (part.equals("*")) {
                for (int i = 0; i < array.size(); i++) {
                    targets.add(i);
                }
            } else {
                int i;
                try {
                    i = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("path " + here + ": a list needs an index 0.." + (array.size() - 1)
                            + " or *, got '" + part + "'");
                }
                if (i < 0 || i >= array.size()) {
                    throw new IllegalArgumentException("path " + here + ": index out of range 0.." + (array.size() - 1));
                }
                targets.add(i);
            }
            for (int i : targets) {
                if (last) {
                    array.set(i, value);
                } else {
                    set(array.get(i), parts, index + 1, value, where.isEmpty() ? String.valueOf(i) : where + "." + i);
                }
            }
        } else if (node instanceof JsonObject object) {
            if (!object.has(part) || part.equals("type")) {
                List<String> fields = object.keySet().stream().filter(name -> !name.equals("type")).toList();
                throw new IllegalArgumentException("path " + here + ": no such field; valid fields"
                        + (where.isEmpty() ? "" : " of " + where) + ": " + String.join(", ", fields));
            }
            if (last) {
                object.add(part, value);
            } else {
                set(object.get(part), parts, index + 1, value, here);
            }
        } else {
            throw new IllegalArgumentException("path " + here + ": " + where + " is a plain value, it has no fields");
        }
    }

    private static Object read(JsonElement json, Type type, String path) {
        Class<?> raw = type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
        if (json == null || json.isJsonNull()) {
            if (raw.isPrimitive()) {
                throw new IllegalArgumentException(where(path) + "missing value (" + raw.getSimpleName() + ")");
            }
            return null;
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            double number = number(json, path);
            if (number != Math.rint(number)) {
                throw new IllegalArgumentException(where(path) + "must be a whole number, got " + json);
            }
            boolean isInt = raw == int.class || raw == Integer.class;
            if (Math.abs(number) > (isInt ? Integer.MAX_VALUE : Long.MAX_VALUE)) {
                throw new IllegalArgumentException(where(path) + "must be a whole number from " + (isInt ? Integer.MIN_VALUE
                        : Long.MIN_VALUE) + " to " + (isInt ? Integer.MAX_VALUE : Long.MAX_VALUE) + ", got " + json);
            }
            return raw == int.class || raw == Integer.class ? (Object) (int) number : (Object) (long) number;
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            double number = number(json, path);
            return raw == float.class || raw == Float.class ? (Object) (float) number : (Object) number;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isBoolean()) {
                throw new IllegalArgumentException(where(path) + "must be true or false, got " + json);
            }
            return json.getAsBoolean();
        }
        if (raw == String.class) {
            if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where(path) + "must be a string, got " + json);
            }
            return json.getAsString();
        }
        if (raw.isEnum()) {
            String name = json.isJsonPrimitive() ? json.getAsString() : String.valueOf(json);
            List<String> valid = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                String lower = enumName((Enum<?>) constant);
                valid.add(lower);
                if (lower.equals(name.toLowerCase(Locale.ROOT))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(where(path) + "unknown value '" + name + "'; valid: " + String.join(", ", valid));
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!json.isJsonArray()) {
                throw new IllegalArgumentException(where(path) + "must be a list, got " + json);
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            JsonArray array = json.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                list.add(read(array.get(i), element, path + "[" + i + "]"));
            }
            return list;
        }
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(where(path) + "must be an object, got " + json);
        }
        JsonObject object = json.getAsJsonObject().deepCopy();
        Class<?> target = raw;
        if (Components.isKind(raw)) {
            JsonElement name = object.remove("type");
            if (name == null || !name.isJsonPrimitive()) {
                throw new IllegalArgumentException(where(path) + "missing \"type\"; valid " + Components.label(raw)
                        + " types: " + validTypes(raw));
            }
            try {
                target = Components.implementation(raw, name.getAsString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(path) + e.getMessage(), e);
            }
        }
        if (!target.isRecord()) {
            throw new IllegalArgumentException(where(path) + "cannot read " + target.getName() + " (not a record)");
        }
        return record(object, target, path);
    }

    private static Object record(JsonObject object, Class<?> target, String path) {
        List<String> names = FIELDS.get(target);
        for (String key : object.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalArgumentException(where(path) + "unknown field '" + key + "'; valid fields: "
                        + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
        }
        return build(object, target, path);
    }

    /** The record from the fields of {@code object}, its {@link Inline} parts from the same object. */
    private static Object build(JsonObject object, Class<?> target, String path) {
        RecordComponent[] components = target.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (components[i].isAnnotationPresent(Inline.class)) {
                values[i] = build(object, components[i].getType(), path);
                continue;
            }
            String child = path.isEmpty() ? components[i].getName() : path + "." + components[i].getName();
            values[i] = read(object.get(components[i].getName()), components[i].getGenericType(), child);
        }
        try {
            Constructor<?> constructor = target.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(where(path) + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + target.getName() + ": " + e.getMessage(), e);
        }
    }

    /** {@code FROZEN_RANDOM} is written {@code frozen-random}. */
    private static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double number(JsonElement json, String path) {
        if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where(path) + "must be a number, got " + json);
        }
        return json.getAsDouble();
    }

    private static String validTypes(Class<?> kind) {
        return String.join(", ", Components.all().stream().filter(c -> c.kind().equals(kind)).map(Component::type).toList());
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
