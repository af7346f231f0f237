/**
 * Rendering of runs and campaigns as JSON, HTML and EDN (to come). May depend on checkers and on
 * sim-core's trace types; never decides a verdict.
 */
package io.detsim.report;
