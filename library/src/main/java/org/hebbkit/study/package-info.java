/**
 * Studies: many training runs as one experiment. A {@link org.hebbkit.study.Study} names presets, seeds and swept
 * parameters (dotted paths into the presets' typed configuration); it plans {@link org.hebbkit.study.Trial}s, whose
 * {@link org.hebbkit.study.TrialResult}s become tables ({@link org.hebbkit.study.StudyTables}) and per-configuration
 * summaries over seeds ({@link org.hebbkit.study.ConfigurationSummary}). Engines that run trials live with the
 * command line ({@code hebbkit sweep}).
 */
package org.hebbkit.study;
