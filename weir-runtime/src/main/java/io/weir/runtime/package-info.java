/** The job runtime: the API users write jobs against, and the data plane that runs them in workers. */
package io.weir.runtime;
