/** The contract between an agent and the code it runs: entry point, context, running worker. */
package io.weir.core.worker;
