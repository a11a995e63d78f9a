/**
 * Transport benchmarks, run by hand ({@code weir-bench/run.sh}): every run measures a plain blocking-socket
 * ceiling next to the TCP stream protocol, so numbers are compared on the same machine in the same run.
 */
package io.weir.bench;
