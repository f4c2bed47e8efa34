package org.hebbkit.rule;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test class whose every test gets a fresh {@link NDManager}, closed after it (with all it owns). */
abstract class ManagerPerTest {

    /** Owns the layers and arrays of the running test. */
    protected NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }
}
