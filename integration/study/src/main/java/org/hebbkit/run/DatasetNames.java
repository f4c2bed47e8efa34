package org.hebbkit.run;

import java.util.Iterator;
import org.hebbkit.datasets.DatasetRegistry;

/**
 * The dataset names {@link DatasetRegistry} knows, as picocli's completion candidates: an option's help says
 * {@code ${COMPLETION-CANDIDATES}} and lists them, so no help text repeats the list (a dataset added from a jar
 * shows up too).
 */
public final class DatasetNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return DatasetRegistry.names().iterator();
    }
}
