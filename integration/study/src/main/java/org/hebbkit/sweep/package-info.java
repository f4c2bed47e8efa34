/**
 * Running studies ({@link org.hebbkit.study.Study}): {@link org.hebbkit.sweep.Sweep} plans, skips what is complete,
 * runs the rest on a {@link org.hebbkit.sweep.StudyEngine} ({@link org.hebbkit.sweep.LocalEngine}: worker
 * processes on this machine) and writes the tables and the report. {@code hebbkit sweep} is its command line.
 */
package org.hebbkit.sweep;
