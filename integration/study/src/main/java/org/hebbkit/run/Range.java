package org.hebbkit.run;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a whole-number option takes, on its field beside picocli's {@code @Option}: given on the command line, a
 * value outside {@code [min, max]} is refused before the command runs ({@code hebbkit: --batches must be at least 1,
 * got -1}, exit status 2), by {@link CommandLines}. The command-line fuzzer reads the same annotation to make its
 * out-of-range values, so the documented range, the check and the test cannot drift apart. An option's default (such
 * as 0 for {@code --limit-train}: every image) is not a given value and is not checked.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Range {

    /** The smallest value allowed. */
    long min();

    /** The largest value allowed. */
    long max() default Long.MAX_VALUE;

    /** What to do instead, when a value below {@link #min} has a meaning a user may look for ("omit it for ..."). */
    String instead() default "";
}
