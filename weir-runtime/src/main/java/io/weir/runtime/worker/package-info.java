/** Worker execution: running one stage of a job inside an agent, from its input to its output. */
package io.weir.runtime.worker;
