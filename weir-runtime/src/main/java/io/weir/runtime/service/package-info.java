/** Jobs that are streaming services: a request in, a stream of positioned responses out, sessions that can resume. */
package io.weir.runtime.service;
