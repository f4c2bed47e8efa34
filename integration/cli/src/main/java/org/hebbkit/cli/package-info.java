/**
 * The {@code hebbkit} command line: {@code presets}, {@code train}, {@code eval} and {@code bench}.
 * Errors reach the user as one message naming the problem and the fix, never a stack trace.
 */
package org.hebbkit.cli;
