package org.hebbkit.study;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which configurations of a study's parameters run: every combination ({@link Grid}) or a seeded random
 * sample of them ({@link RandomSample}). The seeds of the study repeat every chosen configuration.
 */
public sealed interface Search permits Search.Grid, Search.RandomSample, Search.Chosen {

    /**
     * Picks configurations by their index in the full grid (0 to {@code gridSize - 1}, the last parameter
     * varying fastest).
     *
     * @return indices in increasing order
     */
    List<Integer> choose(int gridSize);

    /** As written on the command line: {@code grid} or {@code random:N}. */
    String text();

    /** Every combination of the parameters' values. */
    record Grid() implements Search {
        @Override
        public List<Integer> choose(int gridSize) {
            List<Integer> all = new ArrayList<>(gridSize);
            for (int i = 0; i < gridSize; i++) {
                all.add(i);
            }
            return all;
        }

        @Override
        public String text() {
            return "grid";
        }
    }

    /**
     * {@code configurations} distinct combinations drawn uniformly from the grid (all of them when the grid is no
     * larger), the same for the same {@code seed}.
     *
     * @param configurations how many, at least 1
     * @param seed the draw's seed (not a trial seed)
     */
    record RandomSample(int configurations, long seed) implements Search {
        public RandomSample {
            if (configurations < 1) {
                throw new IllegalArgumentException("random search needs at least 1 configuration, got " + configurations);
            }
        }

        @Override
        public List<Integer> choose(int gridSize) {
            List<Integer> all = new Grid().choose(gridSize);
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = all.size() - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                all.set(j, all.set(i, all.get(j)));
            }
            List<Integer> chosen = new ArrayList<>(all.subList(0, Math.min(configurations, gridSize)));
            chosen.sort(null);
            return chosen;
        }

        @Override
        public String text() {
            return "random:" + configurations;
        }
    }

    /**
     * The configurations at these indices of the grid: a rung of successive halving keeps the best of the one before.
     *
     * @param indices distinct indices into the grid, at least one
     */
    record Chosen(List<Integer> indices) implements Search {
        public Chosen {
            indices = List.copyOf(new java.util.TreeSet<>(indices));
            if (indices.isEmpty()) {
                throw new IllegalArgumentException("a chosen search needs at least one configuration");
            }
        }

        @Override
        public List<Integer> choose(int gridSize) {
            if (indices.get(indices.size() - 1) >= gridSize) {
                throw new IllegalArgumentException("configuration " + indices.get(indices.size() - 1)
                        + " is not in a grid of " + gridSize);
            }
            return indices;
        }

        @Override
        public String text() {
            return "chosen:" + indices;
        }
    }

    /**
     * Reads {@code grid} or {@code random:N}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Search parse(String text) {
        if (text.equals("grid")) {
            return new Grid();
        }
        if (text.startsWith("random:")) {
            try {
                return new RandomSample(Integer.parseInt(text.substring("random:".length())), 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--search random:N needs a whole number N, got '" + text + "'", e);
            }
        }
        throw new IllegalArgumentException("--search must be grid or random:N, got '" + text + "'");
    }
}
