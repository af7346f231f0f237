/**
 * The {@code detsim} command line: one picocli command per verb ({@code run} now; {@code campaign},
 * {@code check}, {@code replay}, {@code minimize} as they land). Exit codes: 0 pass, 1 a failure
 * was found, 2 bad usage or input.
 */
package io.detsim.scenario.cli;
