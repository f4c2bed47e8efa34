/** The Spark engine of {@code hebbkit sweep}: each trial a Spark task ({@link org.hebbkit.spark.SparkEngine}). */
package org.hebbkit.spark;
