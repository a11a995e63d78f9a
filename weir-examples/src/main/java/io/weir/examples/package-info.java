/** Example jobs: a synthetic event source, a word count and a stateless enrichment, used by the tour, the demo and the tests. */
package io.weir.examples;
