/**
 * The report tool: reads JMH's JSON results and prints the Markdown tables and targets of the benchmarks' README,
 * optionally with a PNG chart ({@link io.github.natsjcache.benchmarks.report.Report}).
 */
package io.github.natsjcache.benchmarks.report;
