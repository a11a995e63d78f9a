/** The job API: a source, stages over Reactor Flux (scalar or keyed), codecs, parameters, and the job context. */
package io.weir.runtime.api;
