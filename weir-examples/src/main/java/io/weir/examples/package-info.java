/** Example jobs: a synthetic event source and a word count, used by the tour, the demo and the tests. */
package io.weir.examples;
