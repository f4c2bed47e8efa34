package org.hebbkit.study;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One swept parameter of a study: a dotted path into a preset's typed configuration (the paths of
 * {@link org.hebbkit.model.Configs#paths}, e.g. {@code blocks.0.learningRate.rate}, or {@code blocks.*.competition}
 * for every block) and the values it takes, as JSON ({@code 0.02}, {@code true}, {@code "max"},
 * {@code {"type": "hard-wta"}}).
 *
 * <p>Written on the command line as {@code PATH=V1,V2,...} ({@link #parse}): a value that is not JSON is a string,
 * and commas inside braces, brackets or quotes do not split values.
 *
 * @param path the dotted path; checked against each preset when the study plans its trials
 * @param values at least one value, no two equal
 */
public record Parameter(String path, List<JsonElement> values) {

    public Parameter {
        Objects.requireNonNull(path, "path");
        if (path.isBlank() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("parameter path must be dotted field names such as probe.epochs, got '"
                    + path + "'");
        }
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("parameter " + path + " has no values: give at least one, as "
                    + path + "=V1,V2,...");
        }
        if (values.stream().distinct().count() != values.size()) {
            throw new IllegalArgumentException("parameter " + path + " lists a value twice: " + values);
        }
    }

    /** A parameter of plain values (numbers, booleans, strings). */
    public static Parameter of(String path, Object... values) {
        List<JsonElement> json = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof JsonElement element) {
                json.add(element);
            } else if (value instanceof Number number) {
                json.add(new JsonPrimitive(number));
            } else if (value instanceof Boolean bool) {
                json.add(new JsonPrimitive(bool));
            } else {
                json.add(new JsonPrimitive(String.valueOf(value)));
            }
        }
        return new Parameter(path, json);
    }

    /**
     * Reads {@code PATH=V1,V2,...}.
     *
     * @throws IllegalArgumentException without {@code =}, with an empty value, or with no values
     */
    public static Parameter parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("--set takes PATH=V1,V2,... (e.g. blocks.0.learningRate.rate=0.01,0.03),"
                    + " got '" + text + "'");
        }
        String path = text.substring(0, equals).strip();
        String list = text.substring(equals + 1);
        if (list.isBlank()) {
            throw new IllegalArgumentException("parameter " + path + " has no values: give at least one, as "
                    + path + "=V1,V2,...");
        }
        List<JsonElement> values = new ArrayList<>();
        for (String value : split(list)) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("parameter " + path + " has an empty value in '" + list
                        + "': separate values by single commas");
            }
            values.add(value(value.strip()));
        }
        return new Parameter(path, values);
    }

    /** A value as written: JSON where it parses as JSON, else a string ({@code max} is {@code "max"}). */
    static JsonElement value(String text) {
        try {
            JsonElement json = JsonParser.parseString(text);
            if (!json.isJsonNull() || text.equals("null")) {
                return json;
            }
        } catch (JsonParseException e) {
            // a bare word: a string
        }
        return new JsonPrimitive(text);
    }

    /** Splits at commas outside braces, brackets and double quotes. */
    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"' && (i == 0 || list.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '{' || c == '[')) {
                depth++;
            } else if (!quoted && (c == '}' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    /** The value as it appears in tables: a string without quotes, anything else as compact JSON. */
    public static String text(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : value.toString();
    }
}
